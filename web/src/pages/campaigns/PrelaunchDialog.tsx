import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { usePlural } from '../../plural.ts';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { usePrelaunch, useTestSend } from './campaignQueries.ts';
import type { PrelaunchCheck } from './prelaunch-types.ts';

interface Props {
  campaignId: string;
  starting: boolean;
  startError: unknown;
  onClose(): void;
  onConfirm(confirmToken: string): void;
}

/**
 * "Before you start" (seed 002 §6): who gets the campaign after exclusions, three messages as real people will read
 * them, when it sends and for how many days, hints, a test send to yourself — then an explicit start. A variable
 * that would print empty blocks the start and says how to fix it.
 */
export function PrelaunchDialog({ campaignId, starting, startError, onClose, onConfirm }: Props) {
  const t = useT();
  const plural = usePlural();
  const check = usePrelaunch(campaignId, true);
  const data = check.data;
  const blocked = !data || data.problems.length > 0 || !data.confirmToken;
  return (
    <Modal
      title={t('campaigns.launch.title')}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={blocked || starting}
            onClick={() => data?.confirmToken && onConfirm(data.confirmToken)}
            data-testid="prelaunch-confirm"
          >
            {data && data.audience.willJoin > 0 ? plural('campaigns.launch.confirm', data.audience.willJoin) : t('campaigns.action.start')}
          </button>
        </>
      }
    >
      <div className="prelaunch stack" data-testid="prelaunch-dialog" data-blocked={blocked ? 'true' : 'false'}>
        <ErrorBanner error={check.error ?? startError} />
        {check.isPending ? <Spinner /> : data ? <PrelaunchBody campaignId={campaignId} data={data} /> : null}
      </div>
    </Modal>
  );
}

function PrelaunchBody({ campaignId, data }: { campaignId: string; data: PrelaunchCheck }) {
  const t = useT();
  const fmt = useFormat();
  const plural = usePlural();
  const { audience, window, allowance } = data;
  const excluded = [
    ['optedOut', audience.excluded.optedOut],
    ['noAddress', audience.excluded.noAddress],
    ['alreadyContacted', audience.excluded.alreadyContacted],
  ] as const;
  return (
    <>
      {data.problems.length > 0 && (
        <div className="banner banner-error prelaunch-problems" role="alert" data-testid="prelaunch-problems">
          <strong>{t('campaigns.launch.blocked')}</strong>
          <ul>
            {data.problems.map((p) =>
              p.code === 'empty_variable' ? (
                <li key={p.variable} data-testid="prelaunch-problem" data-variable={p.variable}>
                  {t('campaigns.launch.problem.empty', {
                    variable: `{{ ${p.variable} }}`,
                    steps: p.steps.map((s) => s + 1).join(', '),
                    who: plural('campaigns.launch.recipientsGen', p.recipients),
                    example: p.exampleContactName ?? '—',
                  })}{' '}
                  {t('campaigns.launch.problem.fixDefault', { fix: `{{ ${p.variable} | default: "…" }}` })}
                  {p.variable.startsWith('company.') && ` ${t('campaigns.launch.problem.fixBusiness')}`}
                </li>
              ) : (
                <li key={p.code} data-testid="prelaunch-problem">
                  {t('campaigns.launch.problem.noRecipients')}
                </li>
              ),
            )}
          </ul>
        </div>
      )}

      <section className="prelaunch-grid">
        <div className="prelaunch-section" data-testid="prelaunch-audience">
          <h3 className="section-label">{t('campaigns.launch.audience')}</h3>
          <p className="prelaunch-figure">
            <span className="audience-size-number" data-testid="prelaunch-will-join">
              {fmt.number(audience.willJoin)}
            </span>
            <span className="muted small">{t('campaigns.launch.willGet')}</span>
          </p>
          <dl className="prelaunch-counts small">
            <div className="prelaunch-count">
              <dt>{t('campaigns.launch.selected')}</dt>
              <dd data-testid="prelaunch-selected">{fmt.number(audience.selected)}</dd>
            </div>
            {excluded.map(([reason, n]) =>
              n > 0 ? (
                <div key={reason} className="prelaunch-count" data-reason={reason}>
                  <dt>{t(`campaigns.launch.excluded.${reason}` as MessageKey)}</dt>
                  <dd data-testid={`prelaunch-excluded-${reason}`}>−{fmt.number(n)}</dd>
                </div>
              ) : null,
            )}
            {audience.limitedBy !== null && (
              <div className="prelaunch-count">
                <dt>{t('campaigns.launch.limit')}</dt>
                <dd>{fmt.number(audience.limitedBy)}</dd>
              </div>
            )}
          </dl>
          {audience.alreadyContactedKept > 0 && <p className="field-hint">{t('campaigns.launch.alreadyKept', { n: fmt.number(audience.alreadyContactedKept) })}</p>}
        </div>

        <div className="prelaunch-section" data-testid="prelaunch-window">
          <h3 className="section-label">{t('campaigns.launch.when')}</h3>
          <p className="small">
            {window.recipientZone
              ? t('campaigns.launch.windowRecipient', { start: window.start, end: window.end, zone: window.timezone })
              : t('campaigns.launch.window', { start: window.start, end: window.end, zone: window.timezone })}
            {window.source === 'default' && <span className="muted"> {t('campaigns.launch.windowDefault')}</span>}
          </p>
          <p className="small">{t('campaigns.launch.firstAt', { at: fmt.dateTime(window.firstSendAt) })}</p>
          <p className="small" data-testid="prelaunch-days">
            {allowance.today === null ? t('campaigns.launch.noCap', { account: data.account.name }) : plural('campaigns.launch.perDay', allowance.today, { account: data.account.name })}{' '}
            {audience.willJoin > 0 && plural('campaigns.launch.days', allowance.daysNeeded)}
          </p>
        </div>
      </section>

      <section className="prelaunch-section" data-testid="prelaunch-samples">
        <h3 className="section-label">{t('campaigns.launch.samples')}</h3>
        {data.samples.length === 0 && <p className="muted small">{t('campaigns.launch.noSamples')}</p>}
        <ul className="prelaunch-samples">
          {data.samples.map((sample) => (
            <li key={sample.contactId} className="prelaunch-sample" data-testid="prelaunch-sample">
              <span className="small muted">{sample.contactName}</span>
              {sample.messages.map((m) => (
                <p key={m.step} className={m.emptyVariables.length > 0 ? 'prelaunch-bubble prelaunch-bubble-broken' : 'prelaunch-bubble'} data-testid="prelaunch-sample-text">
                  {sample.messages.length > 1 && <span className="prelaunch-step muted small">{t('campaigns.launch.step', { n: String(m.step + 1) })}</span>}
                  {m.text}
                </p>
              ))}
            </li>
          ))}
        </ul>
      </section>

      {data.hints.length > 0 && (
        <section className="prelaunch-section" data-testid="prelaunch-hints">
          <h3 className="section-label">{t('campaigns.launch.hints')}</h3>
          <ul className="prelaunch-hints small">
            {data.hints.map((h) => (
              <li key={`${h.code}-${h.step}`} data-hint={h.code}>
                {t(`campaigns.launch.hint.${h.code}` as MessageKey, { step: String(h.step + 1), value: String(h.value), limit: String(h.limit) })}
              </li>
            ))}
          </ul>
        </section>
      )}

      <TestSend campaignId={campaignId} />
    </>
  );
}

function TestSend({ campaignId }: { campaignId: string }) {
  const t = useT();
  const send = useTestSend(campaignId);
  const [to, setTo] = useState<'sandbox' | 'phone'>('sandbox');
  const [phone, setPhone] = useState('');
  return (
    <section className="prelaunch-section prelaunch-test" data-testid="prelaunch-test">
      <h3 className="section-label">{t('campaigns.launch.test')}</h3>
      <div className="prelaunch-test-row">
        <label className="prelaunch-radio">
          <input type="radio" name="test-to" checked={to === 'sandbox'} onChange={() => setTo('sandbox')} data-testid="prelaunch-test-sandbox" />
          <span>{t('campaigns.launch.testSandbox')}</span>
        </label>
        <label className="prelaunch-radio">
          <input type="radio" name="test-to" checked={to === 'phone'} onChange={() => setTo('phone')} data-testid="prelaunch-test-phone-choice" />
          <span>{t('campaigns.launch.testPhone')}</span>
        </label>
        {to === 'phone' && (
          <input
            type="tel"
            value={phone}
            placeholder="+996 555 123 456"
            onChange={(e) => setPhone(e.target.value)}
            aria-label={t('campaigns.launch.testPhone')}
            data-testid="prelaunch-test-phone"
          />
        )}
        <button
          type="button"
          className="button button-ghost button-small"
          disabled={send.isPending || (to === 'phone' && !phone.trim())}
          onClick={() => send.mutate({ to, phone: to === 'phone' ? phone : null })}
          data-testid="prelaunch-test-send"
        >
          {t('campaigns.launch.testSend')}
        </button>
      </div>
      {send.data && (
        <p className="small" data-testid="prelaunch-test-sent">
          {t('campaigns.launch.testSent', { account: send.data.accountName })}{' '}
          <Link to={send.variables?.to === 'sandbox' ? `/sandbox/${send.data.conversationId}` : `/conversations/${send.data.conversationId}`} target="_blank" rel="noreferrer">
            {t('campaigns.launch.testOpen')}
          </Link>
        </p>
      )}
      <ErrorBanner error={send.error} />
    </section>
  );
}
