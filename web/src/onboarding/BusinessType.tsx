// The type of business: its preset fills the scoring rules, stage meanings, questions and signals (issue 15).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '../api.ts';
import { useI18n, useT, type MessageKey } from '../i18n.tsx';
import { BUSINESS_TYPES, type AnalysisProfile, type BusinessBrief, type BusinessPreset, type BusinessType, type PresetPart } from '../analysis-types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { Modal } from '../components/Modal.tsx';
import { profileKey } from './profileQueries.ts';

export const businessTypeKey = (type: BusinessType): MessageKey => `businessType.${type}` as MessageKey;

export function BusinessTypeSelect({ value, onChange, hint, disabled }: { value: BusinessType | null; onChange(type: BusinessType): void; hint?: string; disabled?: boolean }) {
  const t = useT();
  return (
    <Field label={t('businessType.label')} hint={hint ?? t('businessType.hint')}>
      <select value={value ?? ''} disabled={disabled} onChange={(event) => event.target.value && onChange(event.target.value as BusinessType)} data-testid="business-type">
        {value === null && <option value="">{t('businessType.none')}</option>}
        {BUSINESS_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(businessTypeKey(type))}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The brief with the preset's stage meanings, questions and signals; stages the pipeline has but the preset lacks keep theirs. */
export function draftWithPreset(draft: BusinessBrief, preset: BusinessPreset): BusinessBrief {
  const meanings = new Map(preset.brief.funnel.stages.map((s) => [s.key, s.meaning]));
  return {
    ...draft,
    funnel: {
      stages: draft.funnel.stages.map((s) => ({ key: s.key, meaning: meanings.get(s.key) ?? s.meaning })),
      qualificationQuestions: preset.brief.funnel.qualificationQuestions,
      qualifiedWhen: preset.brief.funnel.qualifiedWhen,
    },
    signals: { ...draft.signals, ...preset.brief.signals },
  };
}

/** A list of the parts in words: "scoring rules, signals". */
export function usePartList(): (parts: readonly PresetPart[]) => string {
  const t = useT();
  return (parts) => parts.map((part) => t(`businessType.part.${part}` as MessageKey)).join(', ');
}

/**
 * Settings: changing the type asks first — apply the preset (naming what a person changed, which it would
 * replace) or only change the type and keep everything as it is.
 */
export function BusinessTypeSetting({ profile, editable, onApplied }: { profile: AnalysisProfile; editable: boolean; onApplied(profile: AnalysisProfile): void }) {
  const t = useT();
  const { lang } = useI18n();
  const partList = usePartList();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<BusinessType | null>(null);
  const [applied, setApplied] = useState(false);
  const save = useMutation({
    mutationFn: (input: { businessType: BusinessType; applyPreset: boolean }) => request<AnalysisProfile>('PUT', '/api/analysis/profile/business-type', { ...input, language: lang }),
    onSuccess: (updated, input) => {
      queryClient.setQueryData(profileKey, updated);
      void queryClient.invalidateQueries({ queryKey: profileKey });
      setPending(null);
      setApplied(input.applyPreset);
      onApplied(updated);
    },
  });
  const edits = profile.presetEdits;
  return (
    <section className="card form" data-testid="business-type-setting">
      <fieldset disabled={!editable || save.isPending} className="stack">
        <BusinessTypeSelect
          value={profile.businessType}
          onChange={(type) => {
            setApplied(false);
            setPending(type);
          }}
          hint={edits.length ? t('businessType.edited', { parts: partList(edits) }) : applied ? t('businessType.applied') : t('businessType.hint')}
        />
      </fieldset>
      {pending && (
        <Modal
          title={t('businessType.applyTitle', { type: t(businessTypeKey(pending)) })}
          onClose={() => setPending(null)}
          footer={
            <>
              <button type="button" className="button button-ghost" onClick={() => setPending(null)} disabled={save.isPending}>
                {t('common.cancel')}
              </button>
              <button type="button" className="button button-ghost" onClick={() => save.mutate({ businessType: pending, applyPreset: false })} disabled={save.isPending} data-testid="business-type-only">
                {t('businessType.typeOnly')}
              </button>
              <button type="button" className="button button-primary" onClick={() => save.mutate({ businessType: pending, applyPreset: true })} disabled={save.isPending} data-testid="business-type-apply">
                {t('businessType.apply')}
              </button>
            </>
          }
        >
          <div className="stack" data-testid="business-type-dialog">
            <p>{t('businessType.applyIntro')}</p>
            {edits.length > 0 && (
              <p className="field-error" role="alert">
                {t('businessType.editedWarning', { parts: partList(edits) })}
              </p>
            )}
            <ErrorBanner error={save.error} />
          </div>
        </Modal>
      )}
    </section>
  );
}
