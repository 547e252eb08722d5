import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { keys, reengagementApi, type QueueItem, type Reason } from './reengagement-api.ts';

/** A translated label, or the fallback when the dictionary has no such key. */
export function useLabel() {
  const t = useT();
  return (key: string, fallback: string, vars?: Record<string, string | number>) => {
    const text = t(key as MessageKey, vars);
    return text === key ? fallback : text;
  };
}

/** A time to reply in the largest unit that keeps it readable: 45 s, 12 min, 5 h, 3 d. */
export function useDuration() {
  const t = useT();
  return (seconds: number): string => {
    if (seconds < 90) return t('reeng.unit.s', { n: seconds });
    if (seconds < 5400) return t('reeng.unit.min', { n: Math.round(seconds / 60) });
    if (seconds < 172_800) return t('reeng.unit.h', { n: Math.round(seconds / 3600) });
    return t('reeng.unit.d', { n: Math.round(seconds / 86_400) });
  };
}

function ReasonChips({ reasons }: { reasons: Reason[] }) {
  const label = useLabel();
  const text = (r: Reason): string => {
    const value = String(r.value ?? '');
    switch (r.code) {
      case 'ai':
        return value;
      case 'signal':
        return label(`signal.${value}`, value);
      case 'stage':
        return label('reeng.reason.stage', value, { value: label(`stage.${value}`, value) });
      case 'interest':
        return label('reeng.reason.interest', value, { value: label(`leads.interest.${value}`, value) });
      default:
        return label(`reeng.reason.${r.code}`, r.code, { value });
    }
  };
  return (
    <div className="reeng-reasons">
      {reasons
        .filter((r) => r.points > 0 || r.code === 'ai')
        .slice(0, 5)
        .map((r, i) => (
          <span key={`${r.code}-${i}`} className={r.code === 'ai' ? 'badge badge-warm' : 'badge'}>
            {text(r)}
          </span>
        ))}
    </div>
  );
}

function ItemRow({ item, date }: { item: QueueItem; date: string }) {
  const t = useT();
  const duration = useDuration();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.message);
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.queue(date) });
  const approve = useMutation({ mutationFn: (edited?: string) => reengagementApi.approve(item.id, edited), onSuccess: () => (setEditing(false), refresh()) });
  const skip = useMutation({ mutationFn: () => reengagementApi.skip(item.id), onSuccess: refresh });
  const reviewable = item.status === 'pending_review' || item.status === 'approved' || item.status === 'skipped';
  return (
    <li className="card card-tight reeng-item" data-testid="reeng-item" data-status={item.status} data-contact={item.contactName}>
      <div>
        <div className="reeng-lead-name">{item.contactName}</div>
        <div className="muted small">
          {item.contactPhone ?? ''} · {t('reeng.item.quiet', { n: item.daysQuiet })}
        </div>
        <div className="small" title={item.why}>
          <span className="muted">{t('reeng.item.why')}: </span>
        </div>
        <ReasonChips reasons={item.reasons} />
      </div>
      <div>
        {editing ? (
          <textarea aria-label={t('reeng.item.message')} value={text} onChange={(e) => setText(e.target.value)} data-testid="reeng-item-text" />
        ) : (
          <p className="reeng-message" data-testid="reeng-item-message">
            {item.message}
          </p>
        )}
        <div className="muted small">
          {item.messageSource === 'ai' && <span className="badge">{t('reeng.item.ai')}</span>} {item.edited && <span className="badge">{t('reeng.item.edited')}</span>}{' '}
          {t('reeng.item.slot')}: {fmt.time(item.scheduledAt)}
          {item.sentAt && ` · ${t('reeng.status.sent')} ${fmt.time(item.sentAt)}`}
          {item.replySeconds !== null && ` · ${t('reeng.item.replyIn', { t: duration(item.replySeconds) })}`}
          {item.optedOut && ` · ${t('reeng.item.optedOut')}`}
        </div>
        {item.error && <div className="small field-error">{item.error}</div>}
        <ErrorBanner error={approve.error ?? skip.error} />
      </div>
      <div className="reeng-actions">
        <span className={`badge reeng-status-${item.status}`} data-testid="reeng-item-status">
          {t(`reeng.status.${item.status}` as MessageKey)}
        </span>
        {reviewable &&
          (editing ? (
            <>
              <button type="button" className="button button-primary" onClick={() => approve.mutate(text)} disabled={approve.isPending} data-testid="reeng-item-save-approve">
                {t('reeng.item.saveApprove')}
              </button>
              <button type="button" className="button button-ghost" onClick={() => (setEditing(false), setText(item.message))}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <>
              {item.status !== 'approved' && (
                <button type="button" className="button button-primary" onClick={() => approve.mutate(undefined)} disabled={approve.isPending} data-testid="reeng-item-approve">
                  {t('reeng.item.approve')}
                </button>
              )}
              <button type="button" className="button" onClick={() => setEditing(true)} data-testid="reeng-item-edit">
                {t('reeng.item.edit')}
              </button>
              {item.status !== 'skipped' && (
                <button type="button" className="button button-ghost" onClick={() => skip.mutate()} disabled={skip.isPending} data-testid="reeng-item-skip">
                  {t('reeng.item.skip')}
                </button>
              )}
            </>
          ))}
        {item.conversationId && (
          <Link className="small" to={`/conversations/${item.conversationId}`}>
            {t('reeng.item.openConversation')}
          </Link>
        )}
      </div>
    </li>
  );
}

/** The day's queue: who was picked and why, the message, the slot, and review (approve / edit / skip / approve all). */
export function QueueView() {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(() => fmt.dayKey(new Date().toISOString()));
  const queue = useQuery({ queryKey: keys.queue(date), queryFn: ({ signal }) => reengagementApi.queue(date, signal), refetchInterval: 15_000 });
  // The formation runs as a job: while it is forming the status is polled, and the queue is read again once it is done.
  const formation = useQuery({
    queryKey: keys.status(date),
    queryFn: ({ signal }) => reengagementApi.status(date, signal),
    refetchInterval: (query) => (query.state.data?.status === 'forming' ? 1000 : 15_000),
  });
  const run = useMutation({
    mutationFn: reengagementApi.run,
    onSuccess: (data) => {
      setDate(data.date);
      queryClient.setQueryData(keys.status(data.date), data.formation);
      void queryClient.invalidateQueries({ queryKey: keys.queue(data.date) });
    },
  });
  const state = formation.data?.status;
  const previous = useRef(state);
  useEffect(() => {
    if (previous.current === 'forming' && state !== 'forming') void queryClient.invalidateQueries({ queryKey: keys.queue(date) });
    previous.current = state;
  }, [state, date, queryClient]);
  const forming = state === 'forming';
  const approveAll = useMutation({ mutationFn: () => reengagementApi.approveAll(date), onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.queue(date) }) });
  const data = queue.data;
  const pending = data?.counts.pending_review ?? 0;
  return (
    <div className="stack" data-testid="reeng-queue">
      <div className="card reeng-toolbar">
        <Field label={t('reeng.queue.date')}>
          <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} data-testid="reeng-date" />
        </Field>
        <span className="spacer" />
        {pending > 0 && (
          <button type="button" className="button" onClick={() => approveAll.mutate()} disabled={approveAll.isPending} data-testid="reeng-approve-all">
            {t('reeng.queue.approveAll', { n: pending })}
          </button>
        )}
        <button type="button" className="button button-primary" onClick={() => run.mutate()} disabled={run.isPending || forming} data-testid="reeng-run">
          {run.isPending || forming ? t('reeng.queue.forming') : t('reeng.queue.formNow')}
        </button>
      </div>
      <ErrorBanner error={queue.error ?? run.error ?? approveAll.error} />
      {forming && (
        <div className="card reeng-forming" data-testid="reeng-forming">
          <Spinner label={t('reeng.queue.formingProgress')} />
          {formation.data?.requestedAt && <p className="muted small">{t('reeng.queue.formingSince', { time: fmt.time(formation.data.requestedAt) })}</p>}
        </div>
      )}
      {formation.data?.status === 'failed' && !data?.queue && <p className="field-error" data-testid="reeng-failed">{t('reeng.queue.failed', { error: formation.data.error ?? '' })}</p>}
      {queue.isPending ? (
        <Spinner />
      ) : !data?.queue || data.queue.status === 'forming' ? (
        forming ? null : (
          <p className="muted" data-testid="reeng-empty">
            {t('reeng.queue.empty')}
          </p>
        )
      ) : data.queue.status === 'failed' ? (
        forming ? null : <p className="field-error" data-testid="reeng-failed">{t('reeng.queue.failed', { error: data.queue.error ?? '' })}</p>
      ) : (
        <>
          <p className="muted small" data-testid="reeng-summary">
            {t('reeng.queue.summary', { picked: data.queue.picked, eligible: data.queue.eligible, candidates: data.queue.candidates, scorer: data.queue.scorer ? t(`reeng.scorer.${data.queue.scorer === 'ai' ? 'ai' : 'rules'}`) : '—' })}
            {data.queue.allowance !== null && ` · ${t('reeng.queue.allowance', { n: data.queue.allowance })}`}
            {data.queue.minGapSeconds > 0 && ` · ${t('reeng.queue.gap', { n: data.queue.minGapSeconds })}`}
            {pending > 0 && ` · ${t('reeng.queue.pending', { n: pending })}`}
          </p>
          {data.items.length === 0 ? (
            <p className="muted" data-testid="reeng-no-items" data-reason={data.queue.emptyReason?.kind ?? ''}>
              {data.queue.emptyReason
                ? t(`reeng.queue.empty.${data.queue.emptyReason.kind}`, {
                    candidates: data.queue.emptyReason.candidates,
                    eligible: data.queue.emptyReason.eligible,
                    end: data.queue.emptyReason.windowEnd ? fmt.time(data.queue.emptyReason.windowEnd) : '—',
                    formed: data.queue.formedAt ? fmt.time(data.queue.formedAt) : '—',
                  })
                : t('reeng.queue.noItems')}{' '}
              {data.queue.emptyReason && t('reeng.queue.formAgain')}
            </p>
          ) : (
            <ul className="reeng-items">
              {data.items.map((item) => (
                <ItemRow key={`${item.id}-${item.status}-${item.message}`} item={item} date={date} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
