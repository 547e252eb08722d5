import { useT } from '../../i18n.tsx';
import { Icon } from '../../components/Icon.tsx';
import { MessagePreview } from './MessagePreview.tsx';
import { PresetTools } from './PresetTools.tsx';
import { useGenerateVariant } from './campaignQueries.ts';
import type { VariantForm } from './campaignForm.ts';

interface Props {
  campaignId: string;
  stepIndex: number;
  variants: VariantForm[];
  previewContactId: string | null;
  disabled: boolean;
  onChange(variants: VariantForm[]): void;
}

const nextKey = (variants: VariantForm[]) => {
  for (let i = 0; i < 26; i++) {
    const key = String.fromCharCode(65 + i);
    if (!variants.some((v) => v.key === key)) return key;
  }
  return 'Z';
};

/** The step's message — Liquid with spintax — or two or more weighted A/B variants, each with its live preview. */
export function VariantsEditor({ campaignId, stepIndex, variants, previewContactId, disabled, onChange }: Props) {
  const t = useT();
  const ab = variants.length > 1;
  const generate = useGenerateVariant(campaignId);
  const suggest = () =>
    generate.mutate(variants[0]?.content ?? '', { onSuccess: (result) => onChange([...variants, { key: nextKey(variants), content: result.content, weight: 1 }]) });
  const update = (index: number, patch: Partial<VariantForm>) => onChange(variants.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  const remove = (index: number) => {
    const rest = variants.filter((_, i) => i !== index);
    onChange(rest.length === 1 ? [{ ...rest[0]!, key: 'A', weight: 1 }] : rest);
  };

  return (
    <div className="variants">
      {variants.map((variant, index) => (
        <div key={variant.key} className="variant" data-testid="step-variant">
          {ab && (
            <div className="variant-head">
              <span className="badge">{t('campaigns.step.variant', { key: variant.key })}</span>
              <label className="variant-weight">
                <span className="muted small">{t('campaigns.step.weight')}</span>
                <input type="number" min={0} max={100} value={variant.weight} disabled={disabled} onChange={(e) => update(index, { weight: Number(e.target.value) })} />
              </label>
              <button type="button" className="icon-button" onClick={() => remove(index)} disabled={disabled} aria-label={t('common.remove')}>
                <Icon name="trash" size={16} />
              </button>
            </div>
          )}
          <textarea
            rows={4}
            value={variant.content}
            disabled={disabled}
            onChange={(e) => update(index, { content: e.target.value })}
            placeholder={t('campaigns.step.example')}
            aria-label={t('campaigns.step.message')}
            data-testid={`step-content-${stepIndex}${ab ? `-${variant.key}` : ''}`}
          />
          <PresetTools content={variant.content} disabled={disabled} onInsert={(content) => update(index, { content })} />
          <MessagePreview campaignId={campaignId} content={variant.content} contactId={previewContactId} />
        </div>
      ))}
      <div className="variant-actions">
        <button type="button" className="link-button" disabled={disabled || variants.length >= 10} onClick={() => onChange([...variants, { key: nextKey(variants), content: variants[0]?.content ?? '', weight: 1 }])}>
          {t('campaigns.step.addVariant')}
        </button>
        <button type="button" className="link-button" disabled={disabled || variants.length >= 10 || !variants[0]?.content.trim() || generate.isPending} onClick={suggest} data-testid={`step-suggest-${stepIndex}`}>
          {generate.isPending ? t('common.loading') : t('campaigns.step.suggestVariant')}
        </button>
        {generate.error ? <span className="field-error">{(generate.error as Error).message}</span> : null}
      </div>
    </div>
  );
}
