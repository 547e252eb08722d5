import { useT } from '../../i18n.tsx';
import { ContactPickList } from './ContactPickList.tsx';
import { CrmFilters } from './CrmFilters.tsx';
import type { TargetAudience } from './campaign-types.ts';

interface Props {
  audience: TargetAudience;
  accountId: string | null;
  disabled: boolean;
  onChange(audience: TargetAudience): void;
}

/** The CRM source: either filters over the contact base or contacts picked by hand (`contactIds`). */
export function CrmAudience({ audience, accountId, disabled, onChange }: Props) {
  const t = useT();
  const picking = Array.isArray(audience.contactIds);
  return (
    <div className="stack">
      <div className="segmented" role="group" aria-label={t('campaigns.audience.crmMode')}>
        <button type="button" className={!picking ? 'segmented-item active' : 'segmented-item'} disabled={disabled} onClick={() => onChange({ ...audience, contactIds: null })} data-testid="crm-mode-filters">
          {t('campaigns.audience.byFilters')}
        </button>
        <button type="button" className={picking ? 'segmented-item active' : 'segmented-item'} disabled={disabled} onClick={() => onChange({ ...audience, contactIds: audience.contactIds ?? [] })} data-testid="crm-mode-pick">
          {t('campaigns.audience.byPicking')}
        </button>
      </div>
      {picking ? (
        <ContactPickList selected={audience.contactIds ?? []} accountId={accountId} disabled={disabled} onChange={(ids) => onChange({ ...audience, contactIds: ids })} />
      ) : (
        <CrmFilters filters={audience.filters ?? {}} disabled={disabled} onChange={(filters) => onChange({ ...audience, filters })} />
      )}
    </div>
  );
}
