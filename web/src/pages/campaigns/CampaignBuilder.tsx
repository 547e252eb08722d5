import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AdvancedSettings } from './AdvancedSettings.tsx';
import { AudienceStep } from './AudienceStep.tsx';
import { BUILDER_STEPS, BuilderNav, type BuilderStep } from './BuilderNav.tsx';
import { CampaignControls } from './CampaignControls.tsx';
import { CampaignStatusBadge } from './CampaignStatusBadge.tsx';
import { DeleteCampaignButton } from './DeleteCampaignButton.tsx';
import { ReviewSummary } from './ReviewSummary.tsx';
import { SenderStep } from './SenderStep.tsx';
import { SequenceStep } from './SequenceStep.tsx';
import { useAgents, useCampaign, useSaveCampaign, useSaveSteps } from './campaignQueries.ts';
import { formFromCampaign, newStep, patchFromForm, stepErrors, stepsFromCampaign, stepsToInput, type CampaignForm, type StepForm } from './campaignForm.ts';
import type { CampaignDetail } from './campaign-types.ts';
import './campaigns.css';

/** The 4-step builder (seed 002 §0) at /campaigns/:campaignId/edit, the step in `?step=`. */
export function CampaignBuilder() {
  const { campaignId = '' } = useParams();
  const campaign = useCampaign(campaignId);
  if (campaign.isPending) return <Spinner />;
  if (!campaign.data) return <ErrorBanner error={campaign.error} />;
  return <BuilderForm key={campaign.data.id} campaign={campaign.data} />;
}

function BuilderForm({ campaign }: { campaign: CampaignDetail }) {
  const t = useT();
  const navigate = useNavigate();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const current = (BUILDER_STEPS as readonly string[]).includes(params.get('step') ?? '') ? (params.get('step') as BuilderStep) : 'audience';
  const [form, setForm] = useState<CampaignForm>(() => formFromCampaign(campaign, session.organization.timezone));
  const [steps, setSteps] = useState<StepForm[]>(() => (campaign.steps.length > 0 ? stepsFromCampaign(campaign) : [newStep(true)]));
  const [formDirty, setFormDirty] = useState(false);
  const [stepsDirty, setStepsDirty] = useState(false);
  const [errors, setErrors] = useState<Map<number, string>>(new Map());
  const save = useSaveCampaign(campaign.id);
  const saveSteps = useSaveSteps(campaign.id);
  const agents = useAgents();

  const draft = campaign.status === 'draft';
  const completed = campaign.status === 'completed';
  const accountChannel = (agents.data ?? []).find((a) => a.id === form.channelAccountId)?.channel ?? null;

  // Nothing picked as the sender yet: the first active account, as the server would choose.
  useEffect(() => {
    if (form.channelAccountId || !agents.data) return;
    const first = agents.data.find((a) => a.status === 'active');
    if (first) setForm((f) => ({ ...f, channelAccountId: first.id }));
  }, [agents.data, form.channelAccountId]);

  const editForm = (next: CampaignForm) => {
    setForm(next);
    setFormDirty(true);
  };
  const editSteps = (next: StepForm[]) => {
    setSteps(next);
    setStepsDirty(true);
  };

  /** Saves what changed; false (with the errors shown) when the server refuses. */
  const saveAll = async (): Promise<boolean> => {
    if (completed) return true;
    try {
      if (formDirty) {
        await save.mutateAsync(patchFromForm(form, draft));
        setFormDirty(false);
      }
      if (stepsDirty) {
        const saved = await saveSteps.mutateAsync(stepsToInput(steps));
        setSteps((old) => old.map((s, i) => ({ ...s, id: saved.items[i]?.id ?? s.id })));
        setStepsDirty(false);
      }
      setErrors(new Map());
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        const byStep = stepErrors(error.fields);
        setErrors(byStep);
        if (byStep.size > 0) setParams({ step: 'sequence' }, { replace: true });
      }
      return false;
    }
  };

  const open = async (step: BuilderStep) => {
    if (await saveAll()) setParams({ step });
  };
  const index = BUILDER_STEPS.indexOf(current);
  const saving = save.isPending || saveSteps.isPending;
  const dirty = formDirty || stepsDirty;

  return (
    <div className="page page-wide campaign-builder">
      <header className="page-header">
        <div className="builder-title">
          <Link to="/campaigns" className="icon-button" aria-label={t('common.back')}>
            <Icon name="arrowLeft" />
          </Link>
          <input className="builder-name" value={form.name} onChange={(e) => editForm({ ...form, name: e.target.value })} disabled={completed} aria-label={t('campaigns.name')} maxLength={200} />
          <CampaignStatusBadge status={campaign.status} />
        </div>
        <div className="page-actions">
          {!draft && (
            <Link to={`/campaigns/${campaign.id}`} className="button button-ghost">
              {t('campaigns.dashboard')}
            </Link>
          )}
          {(draft || completed) && <DeleteCampaignButton campaignId={campaign.id} />}
          {dirty && <span className="muted small">{t('campaigns.builder.unsaved')}</span>}
          <button type="button" className="button button-ghost" disabled={!dirty || saving || completed} onClick={() => void saveAll()} data-testid="builder-save">
            {saving ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </header>
      <BuilderNav current={current} onOpen={(step) => void open(step)} />
      <ErrorBanner error={errors.size === 0 ? (save.error ?? saveSteps.error) : null} />
      {current === 'audience' && (
        <AudienceStep
          campaignId={campaign.id}
          audience={form.audience}
          accountId={form.channelAccountId}
          accountChannel={accountChannel}
          editable={draft}
          dirty={formDirty}
          onChange={(audience) => editForm({ ...form, audience })}
        />
      )}
      {current === 'sender' && <SenderStep accountId={form.channelAccountId} editable={draft || campaign.status === 'paused'} onChange={(id) => editForm({ ...form, channelAccountId: id })} />}
      {current === 'sequence' && <SequenceStep campaignId={campaign.id} steps={steps} errors={errors} editable={!completed} onChange={editSteps} />}
      {current === 'review' && (
        <div className="stack">
          <ReviewSummary campaignId={campaign.id} form={form} steps={steps} dirty={dirty} />
          <AdvancedSettings form={form} draft={draft} editable={!completed} onChange={editForm} />
          <section className="card review-controls">
            <h2 className="card-title">{t('campaigns.review.controls')}</h2>
            <p className="muted small">{t(`campaigns.review.hint.${campaign.status}`)}</p>
            <CampaignControls campaignId={campaign.id} status={campaign.status} before={saveAll} onDone={(action) => action === 'start' && navigate(`/campaigns/${campaign.id}`)} />
          </section>
        </div>
      )}
      <footer className="builder-footer">
        {index > 0 && (
          <button type="button" className="button button-ghost" onClick={() => void open(BUILDER_STEPS[index - 1]!)} data-testid="builder-back">
            {t('common.back')}
          </button>
        )}
        {index < BUILDER_STEPS.length - 1 && (
          <button type="button" className="button button-primary" disabled={saving} onClick={() => void open(BUILDER_STEPS[index + 1]!)} data-testid="builder-next">
            {saving ? t('common.saving') : t('campaigns.builder.next')}
          </button>
        )}
      </footer>
    </div>
  );
}
