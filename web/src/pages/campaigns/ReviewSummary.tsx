import { useT } from '../../i18n.tsx';
import { AudienceSize } from './AudienceSize.tsx';
import { useAgents, useAudiencePreview, useMessagePreview } from './campaignQueries.ts';
import { cleanAudience, type CampaignForm, type StepForm } from './campaignForm.ts';

interface Props {
  campaignId: string;
  form: CampaignForm;
  steps: StepForm[];
  dirty: boolean;
}

/** What is about to run: the audience and its size, the sender, the steps and their timing. */
export function ReviewSummary({ campaignId, form, steps, dirty }: Props) {
  const t = useT();
  const agents = useAgents();
  const agent = (agents.data ?? []).find((a) => a.id === form.channelAccountId);
  const source = form.audience.source ?? 'crm';
  const picked = form.audience.contactIds;
  // The review shows messages as the first recipient will read them, not template syntax.
  const firstContact = useAudiencePreview(campaignId, true).data?.sample[0]?.id ?? null;
  return (
    <section className="card review-summary" data-testid="review-summary">
      <div className="review-grid">
        <div>
          <h3 className="section-label">{t('campaigns.builder.audience')}</h3>
          <p>
            {t(`campaigns.source.${source}`)}
            {source === 'crm' && picked ? ` · ${t('campaigns.picker.selected', { n: picked.length })}` : ''}
          </p>
          <AudienceSize campaignId={campaignId} dirty={dirty} draft={{ targetAudience: cleanAudience(form.audience), channelAccountId: form.channelAccountId }} />
        </div>
        <div>
          <h3 className="section-label">{t('campaigns.builder.sender')}</h3>
          <p data-testid="review-sender">{agent ? agent.name : t('campaigns.review.firstActive')}</p>
        </div>
        <div>
          <h3 className="section-label">{t('campaigns.builder.sequence')}</h3>
          <ol className="review-steps">
            {steps.map((step) => (
              <li key={step.uid}>
                <span className="muted small">
                  {t(`campaigns.trigger.${step.trigger}`)} · {step.delayAmount} {t(`campaigns.unit.${step.delayUnit}`)}
                  {step.variants.length > 1 ? ` · A/B ×${step.variants.length}` : ''}
                </span>
                <RenderedStep campaignId={campaignId} content={step.variants[0]?.content ?? ''} contactId={firstContact} />
              </li>
            ))}
          </ol>
          {steps.length === 0 && <p className="muted">{t('campaigns.review.noSteps')}</p>}
        </div>
      </div>
    </section>
  );
}

function RenderedStep({ campaignId, content, contactId }: { campaignId: string; content: string; contactId: string | null }) {
  const preview = useMessagePreview(campaignId, content, contactId);
  return (
    <span className="review-step-text" data-testid="review-step-text">
      {preview.data?.text ?? (preview.isError ? content : '…')}
    </span>
  );
}
