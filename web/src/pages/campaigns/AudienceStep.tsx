import { useT } from '../../i18n.tsx';
import { AudienceSize } from './AudienceSize.tsx';
import { cleanAudience } from './campaignForm.ts';
import { CrmAudience } from './CrmAudience.tsx';
import { CsvAudience } from './CsvAudience.tsx';
import { TelegramGroupAudience } from './TelegramGroupAudience.tsx';
import type { AudienceSource, TargetAudience } from './campaign-types.ts';

const SOURCES: AudienceSource[] = ['crm', 'csv', 'telegram_group'];

interface Props {
  campaignId: string;
  audience: TargetAudience;
  accountId: string | null;
  accountChannel: string | null;
  editable: boolean;
  dirty: boolean;
  onChange(audience: TargetAudience): void;
}

/** Step 1: where the contacts come from — the CRM, a CSV file or a Telegram group — and how many that is. */
export function AudienceStep({ campaignId, audience, accountId, accountChannel, editable, dirty, onChange }: Props) {
  const t = useT();
  const source = audience.source ?? 'crm';
  return (
    <div className="builder-columns">
      <section className="card stack">
        <h2 className="card-title">{t('campaigns.audience.title')}</h2>
        {!editable && <p className="banner banner-warning">{t('campaigns.audience.fixed')}</p>}
        <div className="source-options" role="radiogroup" aria-label={t('campaigns.audience.source')}>
          {SOURCES.map((option) => (
            <label key={option} className={source === option ? 'option-card selected' : 'option-card'}>
              <input type="radio" name="audience-source" checked={source === option} disabled={!editable} onChange={() => onChange({ ...audience, source: option })} data-testid={`source-${option}`} />
              <span className="option-card-title">{t(`campaigns.source.${option}`)}</span>
              <span className="muted small">{t(`campaigns.source.${option}.hint`)}</span>
            </label>
          ))}
        </div>
        {source === 'crm' && <CrmAudience audience={audience} accountId={accountId} disabled={!editable} onChange={onChange} />}
        {source === 'csv' && <CsvAudience campaignId={campaignId} disabled={!editable} />}
        {source === 'telegram_group' && <TelegramGroupAudience audience={audience} accountChannel={accountChannel} disabled={!editable} onChange={onChange} />}
      </section>
      <aside className="card builder-aside">
        <h2 className="card-title">{t('campaigns.audience.size')}</h2>
        <AudienceSize campaignId={campaignId} dirty={dirty} draft={{ targetAudience: cleanAudience(audience), channelAccountId: accountId }} />
      </aside>
    </div>
  );
}
