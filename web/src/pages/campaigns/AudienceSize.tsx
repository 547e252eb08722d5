import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useAudiencePreview } from './campaignQueries.ts';

/**
 * How many contacts the saved audience selects now and how many would join at the start (after opt-outs, contacts
 * the account cannot reach, onlyNew and the limit), with a few names.
 */
export function AudienceSize({ campaignId, dirty }: { campaignId: string; dirty: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const preview = useAudiencePreview(campaignId, true);
  const data = preview.data;
  return (
    <div className="audience-size" data-testid="audience-size">
      <div className="audience-size-figure">
        <span className="audience-size-number" data-testid="audience-will-join">
          {data ? fmt.number(data.willJoin) : '—'}
        </span>
        <span className="muted small">{t('campaigns.audience.willJoin')}</span>
      </div>
      {data && data.matching !== data.willJoin && <p className="muted small">{t('campaigns.audience.matching', { n: fmt.number(data.matching) })}</p>}
      {dirty && <p className="field-hint">{t('campaigns.audience.unsaved')}</p>}
      {data && data.sample.length > 0 && (
        <ul className="audience-sample">
          {data.sample.slice(0, 5).map((c) => (
            <li key={c.id}>
              {c.displayName} <span className="muted small">{c.phone ?? (c.telegramUsername ? `@${c.telegramUsername}` : '')}</span>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={preview.error} />
    </div>
  );
}
