import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrors, request } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import type { Stage } from '../../types.ts';
import type { AnalysisProfile, BusinessBrief } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { BusinessStep, FunnelStep, SignalsStep } from '../../onboarding/BriefSteps.tsx';
import { BRIEF_FIELDS, briefForSave, draftFromBrief } from '../../onboarding/briefForm.ts';
import { profileKey, useAnalysisProfile } from '../../onboarding/profileQueries.ts';
import { usePipelines } from '../leads/leadQueries.ts';
import { PromptSettings } from './PromptSettings.tsx';
import { BusinessTypeSetting } from '../../onboarding/BusinessType.tsx';

/** Settings → Business profile: the onboarding brief, and the analysis prompt made from it. */
export function BusinessProfileSettings() {
  const t = useT();
  const me = useSession();
  const profile = useAnalysisProfile();
  const pipelines = usePipelines();
  if (profile.isPending || pipelines.isPending) return <Spinner />;
  if (!profile.data) return <ErrorBanner error={profile.error} />;
  const editable = isAdminRole(me.role);
  const pipeline = (pipelines.data ?? []).find((p) => p.isDefault) ?? pipelines.data?.[0];
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);
  return (
    <div className="stack" data-testid="business-profile">
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <BriefForm profile={profile.data} stages={stages} editable={editable} />
      <PromptSettings profile={profile.data} editable={editable} />
    </div>
  );
}

function BriefForm({ profile, stages, editable }: { profile: AnalysisProfile; stages: readonly Stage[]; editable: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<BusinessBrief>(() => draftFromBrief(profile.brief, stages.map((s) => s.key)));
  const [saved, setSaved] = useState(false);
  const change = (next: BusinessBrief) => {
    setSaved(false);
    setDraft(next);
  };

  // Saving here counts as having done the onboarding: the brief is what the modal would have asked for.
  const save = useMutation({
    mutationFn: () => request<AnalysisProfile>('PUT', '/api/analysis/profile', { brief: briefForSave(draft), complete: true }),
    onSuccess: (updated) => {
      queryClient.setQueryData(profileKey, updated);
      setSaved(true);
    },
  });
  const errors = formErrors(save.error, BRIEF_FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={t('settings.businessProfile')}>
      <p className="muted small">
        {profile.completedAt ? t('brief.completedAt', { date: fmt.dateTime(profile.completedAt) }) : t('brief.notCompleted')}
      </p>
      <BusinessTypeSetting profile={profile} editable={editable} onApplied={(updated) => setDraft(draftFromBrief(updated.brief, stages.map((s) => s.key)))} />
      <ErrorBanner message={errors.general} />
      <fieldset disabled={!editable} className="stack">
        <section className="card">
          <h2 className="card-title brief-card-title">{t('onboarding.step.business')}</h2>
          <BusinessStep value={draft} onChange={change} errors={errors.fields} />
        </section>
        <section className="card">
          <h2 className="card-title brief-card-title">{t('onboarding.step.funnel')}</h2>
          <FunnelStep value={draft} onChange={change} errors={errors.fields} stages={stages} />
        </section>
        <section className="card">
          <h2 className="card-title brief-card-title">{t('onboarding.step.signals')}</h2>
          <SignalsStep value={draft} onChange={change} errors={errors.fields} />
        </section>
      </fieldset>
      {editable && (
        <div className="form-actions">
          {saved && <span className="saved-note">{t('common.saved')}</span>}
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="brief-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}
    </form>
  );
}
