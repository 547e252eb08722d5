import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors, request } from '../api.ts';
import { useFormat, useI18n, useT } from '../i18n.tsx';
import type { AnalysisProfile, BusinessBrief, PromptVersion } from '../analysis-types.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Modal } from '../components/Modal.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { usePipelines } from '../pages/leads/leadQueries.ts';
import { BusinessStep, FunnelStep, SignalsStep } from './BriefSteps.tsx';
import { FaqSection } from './FaqSection.tsx';
import { BRIEF_FIELDS, briefForSave, draftFromBrief, type BriefErrors } from './briefForm.ts';
import { profileKey, promptsKey, useBusinessPresets } from './profileQueries.ts';
import { BusinessTypeSelect, draftWithPreset } from './BusinessType.tsx';
import type { BusinessType } from '../analysis-types.ts';

const STEPS = ['business', 'funnel', 'signals'] as const;
type Step = (typeof STEPS)[number];

/** Which step holds a field the API rejected, so Finish can take the user back to it. */
function stepOf(errors: BriefErrors): Step | null {
  const keys = Object.keys(errors);
  for (const step of STEPS) if (keys.some((key) => key.startsWith(`brief.${step}.`))) return step;
  return null;
}

/** Seed 000: the business brief in three steps, then the analysis prompt generated from it. */
export function OnboardingModal({ profile, onLater, onDone }: { profile: AnalysisProfile; onLater(): void; onDone(): void }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const pipeline = (pipelines.data ?? []).find((p) => p.isDefault) ?? pipelines.data?.[0];
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);
  const [draft, setDraft] = useState<BusinessBrief | null>(null);
  const [step, setStep] = useState<Step>('business');
  const [prompt, setPrompt] = useState<PromptVersion | null>(null);
  const { lang } = useI18n();
  const presets = useBusinessPresets(lang);
  const [businessType, setBusinessType] = useState<BusinessType | null>(profile.businessType);

  // The draft starts once the pipeline is known, so every stage gets its meaning row.
  const value = draft ?? (pipelines.isPending ? null : draftFromBrief(profile.brief, stages.map((s) => s.key)));

  const finish = useMutation({
    mutationFn: async (brief: BusinessBrief) => {
      // The chosen type's preset brings its scoring rules; the brief as edited here then replaces the preset's text.
      if (businessType && businessType !== profile.businessType) {
        await request<AnalysisProfile>('PUT', '/api/analysis/profile/business-type', { businessType, applyPreset: true, language: lang });
      }
      const saved = await request<AnalysisProfile>('PUT', '/api/analysis/profile', { brief, complete: true });
      queryClient.setQueryData(profileKey, saved);
      return api.post<{ prompt: PromptVersion }>('/api/analysis/profile/generate-prompt', {});
    },
    onSuccess: (answer) => setPrompt(answer.prompt),
    onError: (error) => {
      const target = stepOf(formErrors(error, BRIEF_FIELDS).fields);
      if (target) setStep(target);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: profileKey });
      void queryClient.invalidateQueries({ queryKey: promptsKey });
    },
  });
  const errors = formErrors(finish.error, BRIEF_FIELDS);
  const index = STEPS.indexOf(step);

  if (prompt) {
    return (
      <Modal title={t('onboarding.promptTitle')} onClose={onDone} wide>
        <div className="form" data-testid="onboarding-prompt">
          <p className="muted">{t('onboarding.promptIntro')}</p>
          <label className="field">
            <span className="field-label">
              {t('prompt.current')}{' '}
              <span className="muted">· {t('prompt.versionLine', { version: prompt.version, source: t(`prompt.source.${prompt.source}`), date: fmt.dateTime(prompt.createdAt) })}</span>
            </span>
            <textarea className="prompt-text" value={prompt.text} readOnly rows={14} />
          </label>
          <div className="form-actions">
            <button type="button" className="button button-primary" onClick={onDone} data-testid="onboarding-done">
              {t('common.done')}
            </button>
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={t('onboarding.title')} onClose={onLater} wide>
      <div className="onboarding" data-testid="onboarding">
        <ol className="steps" aria-label={t('onboarding.steps')}>
          {STEPS.map((s, i) => (
            <li key={s} className={s === step ? 'step active' : i < index ? 'step done' : 'step'} aria-current={s === step ? 'step' : undefined}>
              <span className="step-number">{i + 1}</span>
              <span>{t(`onboarding.step.${s}`)}</span>
            </li>
          ))}
        </ol>
        <p className="muted small">{t(`onboarding.intro.${step}`)}</p>
        <ErrorBanner message={errors.general} />
        {!value ? (
          <Spinner />
        ) : step === 'business' ? (
          <>
            <BusinessTypeSelect
              value={businessType}
              onChange={(type) => {
                setBusinessType(type);
                const preset = presets.data?.find((p) => p.businessType === type);
                if (preset) setDraft(draftWithPreset(value, preset));
              }}
              hint={businessType && businessType !== profile.businessType ? t('businessType.prefilled') : undefined}
              disabled={!presets.data}
            />
            <BusinessStep value={value} onChange={setDraft} errors={errors.fields} />
          </>
        ) : step === 'funnel' ? (
          <FunnelStep value={value} onChange={setDraft} errors={errors.fields} stages={stages} />
        ) : (
          <>
            <SignalsStep value={value} onChange={setDraft} errors={errors.fields} />
            <FaqSection />
          </>
        )}
        <div className="onboarding-actions">
          <button type="button" className="button button-ghost" onClick={onLater} data-testid="onboarding-later">
            {t('onboarding.later')}
          </button>
          <span className="onboarding-spacer" />
          {index > 0 && (
            <button type="button" className="button button-ghost" onClick={() => setStep(STEPS[index - 1]!)} disabled={finish.isPending}>
              {t('common.back')}
            </button>
          )}
          {index < STEPS.length - 1 ? (
            <button type="button" className="button button-primary" onClick={() => setStep(STEPS[index + 1]!)} data-testid="onboarding-next">
              {t('onboarding.next')}
            </button>
          ) : (
            <button
              type="button"
              className="button button-primary"
              onClick={() => value && finish.mutate(briefForSave(value))}
              disabled={!value || finish.isPending}
              data-testid="onboarding-finish"
            >
              {finish.isPending ? t('onboarding.generating') : t('onboarding.finish')}
            </button>
          )}
        </div>
      </div>
    </Modal>
  );
}
