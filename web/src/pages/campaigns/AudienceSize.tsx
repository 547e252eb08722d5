import { useFormat, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useAudienceDraftPreview, useAudiencePreview } from './campaignQueries.ts';
import type { TargetAudience } from './campaign-types.ts';

interface Props {
  campaignId: string;
  dirty: boolean;
  /** The audience and sender as edited; counted live (debounced) while they differ from the saved ones. */
  draft?: { targetAudience: TargetAudience; channelAccountId: string | null } | null;
}

/**
 * How many contacts the audience selects now and how many would join at the start (after opt-outs, contacts the
 * account cannot reach, onlyNew and the limit), with a few names — recounted as the filters change, before saving.
 */
export function AudienceSize({ campaignId, dirty, draft = null }: Props) {
  const t = useT();
  const fmt = useFormat();
  const live = dirty && draft !== null;
  const saved = useAudiencePreview(campaignId, !live);
  const unsaved = useAudienceDraftPreview(campaignId, live ? draft : null);
  const preview = live && unsaved.data ? unsaved : saved;
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
      {live && <p className="field-hint">{t('campaigns.audience.unsaved')}</p>}
      {data && data.sample.length > 0 && (
        <ul className="audience-sample">
          {data.sample.slice(0, 5).map((c) => (
            <li key={c.id}>
              {c.displayName} <span className="muted small">{c.phone ?? (c.telegramUsername ? `@${c.telegramUsername}` : '')}</span>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={live ? unsaved.error : saved.error} />
    </div>
  );
}
