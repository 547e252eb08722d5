import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { keys, reengagementApi, type Settings } from './reengagement-api.ts';
import { TemplatesEditor } from './TemplatesEditor.tsx';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const FIELDS = [
  'enabled',
  'formAt',
  'daysOfWeek',
  'dailyLimit',
  'channelAccountId',
  'window.start',
  'window.end',
  'slotMinutes',
  'minDaysQuiet',
  'maxDaysQuiet',
  'recontactAfterDays',
  'excludedStages',
  'minPriority',
  'replyWindowDays',
  'conversionWindowDays',
] as const;
const NUMBERS = ['dailyLimit', 'slotMinutes', 'minDaysQuiet', 'maxDaysQuiet', 'recontactAfterDays', 'minPriority', 'replyWindowDays', 'conversionWindowDays'] as const;

/** The queue's settings: when it is formed, how big, through which account, when it sends, and who is picked. */
export function SettingsView() {
  const settings = useQuery({ queryKey: keys.settings, queryFn: ({ signal }) => reengagementApi.settings(signal) });
  const me = useSession();
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorBanner error={settings.error} />;
  return <SettingsForm initial={settings.data} editable={isAdminRole(me.role)} />;
}

function SettingsForm({ initial, editable }: { initial: Settings; editable: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const accounts = useChannelAccounts();
  const [value, setValue] = useState(initial);
  const [stages, setStages] = useState(initial.excludedStages.join(', '));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => reengagementApi.saveSettings({ ...value, excludedStages: stages.split(',').map((s) => s.trim()).filter(Boolean) }),
    onSuccess: (next) => {
      queryClient.setQueryData(keys.settings, next);
      setValue(next);
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: keys.templates });
    },
  });
  const errors = formErrors(save.error, [...FIELDS, ...Object.keys(value.templates).map((key) => `templates.${key}`)]);
  const change = (patch: Partial<Settings>) => {
    setSaved(false);
    // A field error belongs to what was saved; editing clears it (the template previews show their own).
    if (save.error) save.reset();
    setValue((current) => ({ ...current, ...patch }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="card form form-narrow" onSubmit={submit} noValidate data-testid="reeng-settings">
      <ErrorBanner message={errors.general} />
      <fieldset disabled={!editable}>
        <label className="checkbox">
          <input type="checkbox" checked={value.enabled} onChange={(e) => change({ enabled: e.target.checked })} data-testid="reeng-enabled" />
          <span>{t('reeng.settings.enabled')}</span>
        </label>
        <div className="form-row">
          <Field label={t('reeng.settings.formAt')} error={errors.fields.formAt}>
            <input type="time" value={value.formAt} onChange={(e) => change({ formAt: e.target.value })} />
          </Field>
          <Field label={t('reeng.settings.windowStart')} error={errors.fields['window.start']}>
            <input type="time" value={value.window.start} onChange={(e) => change({ window: { ...value.window, start: e.target.value } })} data-testid="reeng-window-start" />
          </Field>
          <Field label={t('reeng.settings.windowEnd')} error={errors.fields['window.end']}>
            <input type="time" value={value.window.end === '24:00' ? '23:59' : value.window.end} onChange={(e) => change({ window: { ...value.window, end: e.target.value } })} data-testid="reeng-window-end" />
          </Field>
        </div>
        <fieldset className="field">
          <legend className="field-label">{t('reeng.settings.days')}</legend>
          <div className="chip-row">
            {WEEKDAYS.map((day) => (
              <label key={day} className="checkbox">
                <input
                  type="checkbox"
                  checked={value.daysOfWeek.includes(day)}
                  onChange={(e) => change({ daysOfWeek: e.target.checked ? [...value.daysOfWeek, day].sort() : value.daysOfWeek.filter((d) => d !== day) })}
                />
                <span>{t(`autopilot.weekday.${day}` as MessageKey)}</span>
              </label>
            ))}
          </div>
          {errors.fields.daysOfWeek && <span className="field-error">{errors.fields.daysOfWeek}</span>}
        </fieldset>
        <Field label={t('reeng.settings.account')} error={errors.fields.channelAccountId}>
          <select value={value.channelAccountId ?? ''} onChange={(e) => change({ channelAccountId: e.target.value || null })}>
            <option value="">{t('reeng.settings.accountAuto')}</option>
            {(accounts.data ?? []).map((account) => (
              <option key={account.id} value={account.id}>
                {account.name} ({account.channel})
              </option>
            ))}
          </select>
        </Field>
        <div className="form-row">
          {NUMBERS.map((name) => (
            <Field
              key={name}
              label={t(`reeng.settings.${name}` as MessageKey)}
              error={errors.fields[name]}
              hint={name === 'dailyLimit' ? t('reeng.settings.dailyLimitHint') : name === 'minPriority' ? t('reeng.settings.minPriorityHint') : undefined}
            >
              <input type="number" value={value[name]} onChange={(e) => change({ [name]: Number(e.target.value) } as Partial<Settings>)} data-testid={`reeng-${name}`} />
            </Field>
          ))}
        </div>
        <Field label={t('reeng.settings.excludedStages')} error={errors.fields.excludedStages}>
          <input value={stages} onChange={(e) => (setSaved(false), setStages(e.target.value))} />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={value.autoApprove} onChange={(e) => change({ autoApprove: e.target.checked })} data-testid="reeng-auto-approve" />
          <span>{t('reeng.settings.autoApprove')}</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={value.useAi} onChange={(e) => change({ useAi: e.target.checked })} />
          <span>{t('reeng.settings.useAi')}</span>
        </label>
        <TemplatesEditor templates={value.templates} errors={errors.fields} editable={editable} onChange={(templates) => change({ templates })} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="reeng-settings-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {saved && <span className="muted small">{t('common.saved')}</span>}
        </div>
      </fieldset>
    </form>
  );
}
