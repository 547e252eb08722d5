import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { Icon } from '../../components/Icon.tsx';
import { PreviewContactSelect } from './PreviewContactSelect.tsx';
import { StepEditor } from './StepEditor.tsx';
import { TemplateVariables } from './TemplateVariables.tsx';
import { useAudiencePreview } from './campaignQueries.ts';
import { newStep, type StepForm } from './campaignForm.ts';

interface Props {
  campaignId: string;
  steps: StepForm[];
  errors: Map<number, string>;
  editable: boolean;
  onChange(steps: StepForm[]): void;
}

/** Step 3: the sequence — steps with timing, message (Liquid, spintax, A/B) and conditions — previewed on a real contact. */
export function SequenceStep({ campaignId, steps, errors, editable, onChange }: Props) {
  const t = useT();
  const audience = useAudiencePreview(campaignId, true);
  const sample = audience.data?.sample ?? [];
  // undefined: not chosen — the first contact of the (current) audience; null: the built-in sample contact.
  const [choice, setChoice] = useState<string | null | undefined>(undefined);
  const contactId = choice === undefined || (choice !== null && !sample.some((c) => c.id === choice)) ? (sample[0]?.id ?? null) : choice;

  const update = (index: number, step: StepForm) => onChange(steps.map((s, i) => (i === index ? step : s)));
  const move = (index: number, offset: -1 | 1) => {
    const next = [...steps];
    const [item] = next.splice(index, 1);
    next.splice(index + offset, 0, item!);
    if (next[0]) next[0] = { ...next[0], trigger: 'delay' };
    onChange(next);
  };

  return (
    <div className="stack">
      <div className="card sequence-head">
        <div>
          <h2 className="card-title">{t('campaigns.sequence.title')}</h2>
          <p className="muted small">{t('campaigns.sequence.hint')}</p>
          <TemplateVariables />
        </div>
        <PreviewContactSelect sample={sample} value={contactId} onChange={setChoice} />
      </div>
      {!editable && <p className="banner banner-warning">{t('campaigns.sequence.locked')}</p>}
      {steps.map((step, index) => (
        <StepEditor
          key={step.uid}
          campaignId={campaignId}
          step={step}
          index={index}
          count={steps.length}
          previewContactId={contactId}
          error={errors.get(index)}
          disabled={!editable}
          onChange={(s) => update(index, s)}
          onRemove={() => onChange(steps.filter((_, i) => i !== index).map((s, i) => (i === 0 ? { ...s, trigger: 'delay' } : s)))}
          onMove={(offset) => move(index, offset)}
        />
      ))}
      <div>
        <button type="button" className="button button-ghost" disabled={!editable || steps.length >= 20} onClick={() => onChange([...steps, newStep(steps.length === 0)])} data-testid="step-add">
          <Icon name="plus" size={16} />
          <span>{t('campaigns.step.add')}</span>
        </button>
      </div>
    </div>
  );
}
