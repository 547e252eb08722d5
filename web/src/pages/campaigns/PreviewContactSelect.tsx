import { useT } from '../../i18n.tsx';
import type { AudiencePreview } from './campaign-types.ts';

interface Props {
  sample: AudiencePreview['sample'];
  value: string | null;
  onChange(contactId: string | null): void;
}

/** Which real contact of the audience the previews are rendered on (or the built-in sample contact). */
export function PreviewContactSelect({ sample, value, onChange }: Props) {
  const t = useT();
  return (
    <label className="field preview-contact">
      <span className="field-label">{t('campaigns.preview.on')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value || null)} data-testid="preview-contact">
        <option value="">{t('campaigns.preview.sample')}</option>
        {sample.map((c) => (
          <option key={c.id} value={c.id}>
            {c.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}
