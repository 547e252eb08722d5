import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ATTEMPT_STATUSES, isMissingRoute, keys, reactivationApi, type Attempt, type AttemptStatus } from './reactivation-api.ts';
import { CandidatesPreview } from './CandidatesPreview.tsx';
import { SlotList } from './SlotList.tsx';
import { CardHeading } from './CardHeading.tsx';

export const STATUS_BADGE: Record<AttemptStatus, string> = {
  pending_review: 'badge badge-warning',
  approved: 'badge badge-running',
  scheduled: 'badge badge-running',
  sent: 'badge badge-import',
  replied: 'badge badge-cold',
  booked: 'badge badge-success',
  declined: 'badge badge-failed',
  opted_out: 'badge badge-failed',
  skipped: 'badge badge-import',
  failed: 'badge badge-failed',
  expired: 'badge badge-import',
};

const REVIEWABLE: AttemptStatus[] = ['pending_review'];
const SKIPPABLE: AttemptStatus[] = ['pending_review', 'approved', 'scheduled'];

/** Reactivation → Queue: the offers of a day, to preview, edit, approve or skip; "Run now" builds today's. */
export function QueueTab() {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const admin = isAdminRole(me.role);
  const queryClient = useQueryClient();
  const today = fmt.dayKey(new Date().toISOString());
  const [date, setDate] = useState(today);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const queue = useQuery({
    queryKey: keys.queue(date),
    queryFn: ({ signal }) => reactivationApi.queue(date, signal),
    retry: (count, error) => !isMissingRoute(error) && count < 2,
    // While approved offers wait for their time, and sent ones for the client's answer, their status changes on the
    // server: follow it.
    refetchInterval: (query) => {
      const items = query.state.data?.items ?? [];
      if (items.some((item) => item.status === 'approved' || item.status === 'scheduled')) return 5_000;
      return items.some((item) => item.status === 'sent') ? 10_000 : false;
    },
  });
  const run = useMutation({
    mutationFn: () => reactivationApi.runNow(),
    onSuccess: (result) => {
      if (result.date) setDate(result.date);
      void queryClient.invalidateQueries({ queryKey: ['reactivation'] });
    },
  });

  const decideAll = useMutation({
    mutationFn: (decision: 'approve' | 'skip') => reactivationApi.decideAll(decision, date),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['reactivation'] }),
  });

  if (queue.isPending) return <Spinner />;
  if (queue.error && isMissingRoute(queue.error)) {
    // A server without the sending half: the preview of who would be picked is what there is.
    return (
      <div className="stack">
        <p className="small muted" data-testid="queue-unavailable">
          {t('react.queue.unavailable')}
        </p>
        <CandidatesPreview />
      </div>
    );
  }

  const items = queue.data?.items ?? [];
  const counts = new Map<AttemptStatus, number>();
  for (const item of items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  const previewed = items.find((item) => item.id === previewId) ?? null;

  return (
    <div className="stack" data-testid="reactivation-queue">
      <div className="card stack">
        <CardHeading title={t('react.queue.title')} intro={t('react.queue.intro')}>
          <div className="page-actions">
            <input type="date" value={date} max={today} onChange={(e) => e.target.value && setDate(e.target.value)} aria-label={t('react.queue.date')} data-testid="queue-date" />
            {admin && (
              <button type="button" className="button button-primary" disabled={run.isPending} onClick={() => run.mutate()} data-testid="queue-run">
                {run.isPending ? t('react.queue.running') : t('react.queue.run')}
              </button>
            )}
          </div>
        </CardHeading>
        <ErrorBanner error={run.error ?? queue.error} />
        {run.isSuccess && (
          <p className="small" data-testid="queue-run-result">
            {t('react.queue.ran', { count: String(run.data.created), date: run.data.date })}
          </p>
        )}
        {admin && (counts.get('pending_review') ?? 0) > 0 && (
          <div className="page-actions" data-testid="queue-bulk">
            <button type="button" className="button button-primary" disabled={decideAll.isPending} onClick={() => decideAll.mutate('approve')} data-testid="queue-approve-all">
              {t('react.queue.approveAll', { n: String(counts.get('pending_review') ?? 0) })}
            </button>
            <button type="button" className="button" disabled={decideAll.isPending} onClick={() => decideAll.mutate('skip')} data-testid="queue-skip-all">
              {t('react.queue.skipAll')}
            </button>
          </div>
        )}
        <ErrorBanner error={decideAll.error} />
        {items.length > 0 && (
          <div className="chip-row" data-testid="queue-counts">
            {[...counts.entries()].map(([status, count]) => (
              <span key={status} className={STATUS_BADGE[status]} data-status={status}>
                {t(`react.status.${status}` as MessageKey)}: {count}
              </span>
            ))}
          </div>
        )}
        {items.length === 0 ? (
          <EmptyState icon="rotate" title={t('react.queue.empty')}>
            {date === today ? t('react.queue.emptyToday') : null}
          </EmptyState>
        ) : (
          <ul className="react-queue">
            {items.map((item) => (
              <QueueItem key={item.id} item={item} editable={admin} date={date} onPreview={() => setPreviewId(item.id)} />
            ))}
          </ul>
        )}
      </div>
      {items.length === 0 && date === today && <CandidatesPreview />}
      <RecentRuns current={date} onPick={setDate} />
      {previewed && <PreviewModal item={previewed} editable={admin} date={date} onClose={() => setPreviewId(null)} />}
    </div>
  );
}

function useAttemptActions(item: Attempt, date: string) {
  const queryClient = useQueryClient();
  const refresh = (next: Attempt) => {
    queryClient.setQueryData(keys.queue(date), (current: { date: string; items: Attempt[] } | undefined) =>
      current ? { ...current, items: current.items.map((it) => (it.id === next.id ? { ...it, ...next } : it)) } : current,
    );
    void queryClient.invalidateQueries({ queryKey: keys.queue(date) });
    void queryClient.invalidateQueries({ queryKey: ['reactivation', 'attempts'] });
  };
  const approve = useMutation({ mutationFn: (message?: string) => reactivationApi.approve(item.id, message), onSuccess: refresh });
  const skip = useMutation({ mutationFn: () => reactivationApi.skip(item.id), onSuccess: refresh });
  const edit = useMutation({ mutationFn: (message: string) => reactivationApi.edit(item.id, message), onSuccess: refresh });
  return { approve, skip, edit, busy: approve.isPending || skip.isPending || edit.isPending, error: approve.error ?? skip.error ?? edit.error };
}

function AttemptSummary({ item }: { item: Attempt }) {
  const t = useT();
  return (
    <div className="react-queue-who">
      <div>
        <Link to={`/contacts/${item.contact.id}`} className="react-queue-name" data-testid="queue-item-contact">
          {item.contact.name ?? item.contact.phone ?? '—'}
        </Link>
        {item.contact.phone && item.contact.name && <span className="muted small"> {item.contact.phone}</span>}
      </div>
      <div className="small">
        <span data-testid="queue-item-service">{item.service.name}</span>
        {item.staff && <span> · {item.staff.name}</span>}
      </div>
      <div className="small muted">
        {t('react.queue.attempt', { n: String(item.attemptNumber) })}
        {item.discountPercent > 0 && (
          <>
            {' · '}
            <span className="badge badge-hot" data-testid="queue-item-discount">
              −{item.discountPercent}%
            </span>
          </>
        )}
      </div>
    </div>
  );
}

function QueueItem({ item, editable, date, onPreview }: { item: Attempt; editable: boolean; date: string; onPreview(): void }) {
  const t = useT();
  const fmt = useFormat();
  const { approve, skip, busy, error } = useAttemptActions(item, date);
  return (
    <li className="react-queue-item" data-testid="queue-item" data-attempt-id={item.id} data-status={item.status}>
      <AttemptSummary item={item} />
      <div className="react-queue-slots">
        <SlotList slots={item.slots} />
      </div>
      <div className="react-queue-message">
        <div className="small muted">
          {item.messageSource && (
            <span className={item.messageSource === 'ai' ? 'badge badge-running' : 'badge badge-import'} data-testid="queue-item-source">
              {t(`react.messageSource.${item.messageSource}` as MessageKey)}
            </span>
          )}
        </div>
        <p className="react-message-text" data-testid="queue-item-message">
          {item.message ?? '—'}
        </p>
      </div>
      <div className="react-queue-side">
        <span className={STATUS_BADGE[item.status]} data-testid="queue-item-status">
          {t(`react.status.${item.status}` as MessageKey)}
        </span>
        <div className="small muted">
          {item.sentAt
            ? t('react.queue.sentAt', { time: fmt.dateTime(item.sentAt) })
            : item.scheduledAt
              ? t('react.queue.scheduledAt', { time: fmt.dateTime(item.scheduledAt) })
              : null}
        </div>
        {item.replyClass && <div className="small">{t(`react.reply.${item.replyClass}` as MessageKey)}</div>}
        {item.reason && <div className="small muted">{item.reason}</div>}
        <div className="react-queue-actions">
          <button type="button" className="button button-small" onClick={onPreview} data-testid="queue-item-preview">
            {editable && REVIEWABLE.includes(item.status) ? t('react.queue.previewEdit') : t('react.queue.preview')}
          </button>
          {editable && REVIEWABLE.includes(item.status) && (
            <button type="button" className="button button-small button-primary" disabled={busy} onClick={() => approve.mutate(undefined)} data-testid="queue-item-approve">
              {t('react.queue.approve')}
            </button>
          )}
          {editable && SKIPPABLE.includes(item.status) && (
            <button type="button" className="button button-small button-ghost" disabled={busy} onClick={() => skip.mutate()} data-testid="queue-item-skip">
              {t('react.queue.skip')}
            </button>
          )}
        </div>
        <ErrorBanner error={error} />
      </div>
    </li>
  );
}

export function PreviewModal({ item, editable, date, onClose }: { item: Attempt; editable: boolean; date: string; onClose(): void }) {
  const t = useT();
  const canEdit = editable && REVIEWABLE.includes(item.status);
  const [message, setMessage] = useState(item.message ?? '');
  const { approve, skip, edit, busy, error } = useAttemptActions(item, date);
  const changed = message !== (item.message ?? '');
  const footer = (
    <>
      {canEdit && (
        <button type="button" className="button" disabled={!changed || busy || !message.trim()} onClick={() => edit.mutate(message)} data-testid="preview-save">
          {t('react.queue.saveMessage')}
        </button>
      )}
      {canEdit && (
        <button
          type="button"
          className="button button-primary"
          disabled={busy || !message.trim()}
          onClick={() => approve.mutate(changed ? message : undefined, { onSuccess: onClose })}
          data-testid="preview-approve"
        >
          {changed ? t('react.queue.saveApprove') : t('react.queue.approve')}
        </button>
      )}
      {editable && SKIPPABLE.includes(item.status) && (
        <button type="button" className="button button-ghost" disabled={busy} onClick={() => skip.mutate(undefined, { onSuccess: onClose })} data-testid="preview-skip">
          {t('react.queue.skip')}
        </button>
      )}
      <button type="button" className="button button-ghost" onClick={onClose}>
        {t('common.close')}
      </button>
    </>
  );
  return (
    <Modal title={t('react.queue.previewTitle', { name: item.contact.name ?? item.contact.phone ?? '' })} onClose={onClose} footer={footer} wide>
      <div className="stack" data-testid="queue-preview">
        <AttemptSummary item={item} />
        <div>
          <div className="section-label">{t('react.col.slots')}</div>
          <SlotList slots={item.slots} />
        </div>
        <div>
          <div className="section-label">
            {t('react.col.message')}{' '}
            {item.messageSource && <span className="badge badge-import">{t(`react.messageSource.${item.messageSource}` as MessageKey)}</span>}
          </div>
          {canEdit ? (
            <textarea rows={8} value={message} onChange={(e) => setMessage(e.target.value)} aria-label={t('react.col.message')} data-testid="preview-message" className="react-preview-text" />
          ) : (
            <div className="bubble bubble-right react-preview-bubble" data-testid="preview-message-text">
              {item.message}
            </div>
          )}
          {canEdit && <p className="small muted">{t('react.queue.editHint', { n: String(message.length) })}</p>}
        </div>
        {!REVIEWABLE.includes(item.status) && <Replies item={item} />}
        <ErrorBanner error={error} />
      </div>
    </Modal>
  );
}

/** The last daily runs: when, how started, how many offers and where they stand; a click opens that day's queue. */
function RecentRuns({ current, onPick }: { current: string; onPick(date: string): void }) {
  const t = useT();
  const fmt = useFormat();
  const runs = useQuery({ queryKey: keys.runs, queryFn: ({ signal }) => reactivationApi.runs(signal), retry: (count, error) => !isMissingRoute(error) && count < 2 });
  if (!runs.data || runs.data.items.length === 0) return null;
  return (
    <section className="card stack" data-testid="queue-runs">
      <h3 className="card-title">{t('react.runs.title')}</h3>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('react.queue.date')}</th>
            <th>{t('react.runs.trigger')}</th>
            <th>{t('react.runs.created')}</th>
            <th>{t('react.col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.data.items.map((run) => (
            <tr key={run.id} className={run.date === current ? 'table-row-link row-selected' : 'table-row-link'} onClick={() => onPick(run.date)} data-testid="queue-run-row" data-date={run.date}>
              <td className="nowrap">
                {run.date}
                <div className="small muted">{fmt.time(run.startedAt)}</div>
              </td>
              <td>
                {t(`react.runs.trigger.${run.trigger}` as MessageKey)}
                {run.status !== 'done' && ' '}
                {run.status !== 'done' && <span className={run.status === 'failed' ? 'badge badge-failed' : 'badge badge-running'}>{t(`react.runs.status.${run.status}` as MessageKey)}</span>}
                {run.error && <div className="small field-error">{run.error}</div>}
              </td>
              <td>
                {run.created}
                {run.followups > 0 && <span className="muted small"> {t('react.runs.followups', { n: String(run.followups) })}</span>}
              </td>
              <td>
                <div className="chip-row">
                  {ATTEMPT_STATUSES.filter((s) => run.counts[s]).map((s) => (
                    <span key={s} className={STATUS_BADGE[s]}>
                      {t(`react.status.${s}` as MessageKey)}: {run.counts[s]}
                    </span>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const REPLY_BADGE = { positive: 'badge badge-success', negative: 'badge badge-failed', neutral: 'badge badge-import' } as const;

/** What the client answered to an offer that went out, how each reply was read and what was done about it. */
function Replies({ item }: { item: Attempt }) {
  const t = useT();
  const fmt = useFormat();
  const detail = useQuery({ queryKey: keys.attempt(item.id), queryFn: ({ signal }) => reactivationApi.attempt(item.id, signal) });
  const replies = detail.data?.replies ?? [];
  return (
    <div data-testid="preview-replies">
      <div className="section-label">
        {t('react.replies.title')}
        {item.conversationId && (
          <>
            {' · '}
            <Link to={`/conversations/${item.conversationId}`}>{t('react.replies.open')}</Link>
          </>
        )}
      </div>
      {detail.isPending ? (
        <Spinner />
      ) : replies.length === 0 ? (
        <p className="small muted">{item.sentAt ? t('react.replies.none') : t('react.replies.notSent')}</p>
      ) : (
        <ul className="react-replies">
          {replies.map((reply) => (
            <li key={reply.id} data-testid="preview-reply" data-class={reply.replyClass}>
              <div className="small muted">
                {fmt.dateTime(reply.receivedAt)} <span className={REPLY_BADGE[reply.replyClass]}>{t(`react.reply.${reply.replyClass}` as MessageKey)}</span>{' '}
                {t('react.replies.readBy', { intent: reply.intent, source: t(`react.replies.source.${reply.source}` as MessageKey), action: reply.action })}
              </div>
              <div className="bubble bubble-left react-preview-bubble">{reply.body}</div>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={detail.error} />
    </div>
  );
}
