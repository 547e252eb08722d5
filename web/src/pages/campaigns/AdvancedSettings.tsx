import { useT } from '../../i18n.tsx';
import { Field } from '../../components/Field.tsx';
import { LeadCreationEditor } from './LeadCreationEditor.tsx';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import type { CampaignForm } from './campaignForm.ts';

interface Props {
  form: CampaignForm;
  draft: boolean;
  editable: boolean;
  onChange(form: CampaignForm): void;
}

const numberOrNull = (value: string) => (value.trim() === '' ? null : Math.max(0, Math.round(Number(value))));

/** "Advanced" (seed 002 §0): lead creation, onlyNew, limit, pace, reply handling and the schedule. */
export function AdvancedSettings({ form, draft, editable, onChange }: Props) {
  const t = useT();
  const audience = form.audience;
  const setAudience = (patch: Partial<CampaignForm['audience']>) => onChange({ ...form, audience: { ...audience, ...patch } });
  return (
    <details className="card advanced" data-testid="advanced-settings">
      <summary className="card-title">{t('campaigns.advanced.title')}</summary>
      <div className="stack advanced-body">
        <h3 className="section-label">{t('campaigns.advanced.audience')}</h3>
        <fieldset className="form" disabled={!editable || !draft}>
          <div className="form-row form-row-3">
            <Field label={t('campaigns.advanced.limit')} hint={t('campaigns.advanced.limitHint')}>
              <input type="number" min={1} value={audience.limit ?? ''} onChange={(e) => setAudience({ limit: numberOrNull(e.target.value) || null })} data-testid="audience-limit" />
            </Field>
            <Field label={t('campaigns.advanced.sendDelay')} hint={t('campaigns.advanced.sendDelayHint')}>
              <input type="number" min={0} value={audience.sendDelaySeconds ?? ''} onChange={(e) => setAudience({ sendDelaySeconds: numberOrNull(e.target.value) })} data-testid="send-delay" />
            </Field>
            <label className="checkbox advanced-check">
              <input type="checkbox" checked={audience.onlyNew === true} onChange={(e) => setAudience({ onlyNew: e.target.checked || null })} data-testid="only-new" />
              <span>{t('campaigns.advanced.onlyNew')}</span>
            </label>
          </div>
        </fieldset>
        <h3 className="section-label">{t('campaigns.advanced.replies')}</h3>
        <fieldset className="form" disabled={!editable}>
          <div className="form-row">
            <label className="checkbox advanced-check">
              <input type="checkbox" checked={form.stopOnReply} onChange={(e) => onChange({ ...form, stopOnReply: e.target.checked })} />
              <span>{t('campaigns.advanced.stopOnReply')}</span>
            </label>
            <Field label={t('campaigns.advanced.replyWindow')}>
              <input type="number" min={1} value={form.replyWindowHours} onChange={(e) => onChange({ ...form, replyWindowHours: Math.max(1, Number(e.target.value)) })} />
            </Field>
          </div>
        </fieldset>
        <h3 className="section-label">{t('campaigns.advanced.lead')}</h3>
        <LeadCreationEditor
          enabled={form.leadOn}
          lead={form.lead}
          disabled={!editable}
          onToggle={(leadOn) => onChange({ ...form, leadOn })}
          onChange={(lead) => onChange({ ...form, lead })}
        />
        <h3 className="section-label">{t('campaigns.advanced.schedule')}</h3>
        <ScheduleEditor
          enabled={form.scheduleOn}
          schedule={form.schedule}
          disabled={!editable}
          onToggle={(scheduleOn) => onChange({ ...form, scheduleOn })}
          onChange={(schedule) => onChange({ ...form, schedule })}
        />
      </div>
    </details>
  );
}
