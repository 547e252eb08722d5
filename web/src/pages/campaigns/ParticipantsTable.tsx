import { useState } from 'react';
import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { ParticipantStatusBadge } from './ParticipantStatusBadge.tsx';
import { useParticipants, useStopParticipant } from './campaignQueries.ts';
import { PARTICIPANT_STATUSES, type CampaignStatus, type ParticipantStatus } from './campaign-types.ts';

/** Who is in the campaign, at which step, their status, and when they were written to and answered. */
export function ParticipantsTable({ campaignId, campaignStatus }: { campaignId: string; campaignStatus: CampaignStatus }) {
  const t = useT();
  const fmt = useFormat();
  const [status, setStatus] = useState<ParticipantStatus | null>(null);
  const participants = useParticipants(campaignId, status, campaignStatus);
  const stop = useStopParticipant(campaignId);
  const running = campaignStatus === 'active' || campaignStatus === 'paused';
  return (
    <section className="card card-flush" data-testid="participants">
      <div className="card-flush-head">
        <h2 className="card-title">{t('campaigns.participants.title')}</h2>
        <select value={status ?? ''} onChange={(e) => setStatus((e.target.value || null) as ParticipantStatus | null)} aria-label={t('campaigns.col.status')}>
          <option value="">{t('campaigns.filter.all')}</option>
          {PARTICIPANT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`campaigns.participant.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner error={participants.error ?? stop.error} />
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('campaigns.participants.contact')}</th>
            <th>{t('campaigns.col.status')}</th>
            <th className="num">{t('campaigns.participants.step')}</th>
            <th>{t('campaigns.participants.lastSent')}</th>
            <th>{t('campaigns.participants.replied')}</th>
            <th>{t('campaigns.participants.next')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {participants.items.length === 0 && (
            <tr>
              <td colSpan={7} className="table-empty">
                {participants.isPending ? t('common.loading') : t('campaigns.participants.none')}
              </td>
            </tr>
          )}
          {participants.items.map((p) => (
            <tr key={p.id} data-testid="participant-row" data-status={p.status} data-contact-id={p.contactId}>
              <td>
                <div className="cell-name">{p.contactName}</div>
                {p.contactPhone && <div className="muted small">{p.contactPhone}</div>}
                {p.lastError && <div className="field-error">{p.lastError}</div>}
              </td>
              <td>
                <ParticipantStatusBadge status={p.status} />
              </td>
              <td className="num">{p.currentStep}</td>
              <td className="muted">{fmt.dateTime(p.lastSentAt)}</td>
              <td className="muted">{fmt.dateTime(p.repliedAt)}</td>
              <td className="muted">{p.nextSendAt ? fmt.dateTime(p.nextSendAt) : '—'}</td>
              <td className="cell-actions">
                {running && !p.finishedAt && (
                  <button type="button" className="button button-ghost button-small" disabled={stop.isPending} onClick={() => stop.mutate(p.id)} data-testid="participant-stop">
                    {t('campaigns.participants.stop')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore query={participants} />
    </section>
  );
}
