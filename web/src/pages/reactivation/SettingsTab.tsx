import { useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { WeekdayCheckboxes } from '../../components/WeekdayCheckboxes.tsx';
import { ReactivationDependencies } from '../booking/ReactivationDependencies.tsx';
import { BUSINESS_TYPES, keys, reactivationApi, type ReactivationSettings, type SendWindow } from './reactivation-api.ts';

type Kind = 'bool' | 'int' | 'money' | 'optionalMoney' | 'time';

interface FieldSpec {
  key: string;
  kind: Kind;
  min?: number;
  max?: number;
}

// The settings the form knows, in groups; a field is shown only when the server returns it. Special fields
// (business type, sending account, send window) are rendered by hand in their group.
const GROUPS: { title: MessageKey; fields: FieldSpec[]; special?: 'sending' | 'business' }[] = [
  {
    title: 'react.settings.group.run',
    fields: [
      { key: 'isEnabled', kind: 'bool' },
      { key: 'autoApprove', kind: 'bool' },
      { key: 'dailyRunTime', kind: 'time' },
      { key: 'dailyLimit', kind: 'int', min: 1, max: 100_000 },
    ],
  },
  {
    title: 'react.settings.group.sending',
    special: 'sending',
    fields: [
      { key: 'maxAttempts', kind: 'int', min: 1, max: 10 },
      { key: 'attemptSpacingDays', kind: 'int', min: 1, max: 90 },
      { key: 'attributionWindowDays', kind: 'int', min: 0, max: 180 },
      { key: 'messageCost', kind: 'money', min: 0 },
    ],
  },
  {
    title: 'react.settings.group.who',
    special: 'business',
    fields: [
      { key: 'recentContactDays', kind: 'int', min: 0, max: 365 },
      { key: 'maxOverdueDays', kind: 'int', min: 1, max: 3650 },
      { key: 'vipMinVisits', kind: 'int', min: 1, max: 10_000 },
      { key: 'vipMinSpend', kind: 'optionalMoney', min: 0 },
      { key: 'regularMinVisits', kind: 'int', min: 1, max: 10_000 },
    ],
  },
  {
    title: 'react.settings.group.intervals',
    fields: [
      { key: 'serviceMinIntervals', kind: 'int', min: 1, max: 10_000 },
      { key: 'clientMinIntervals', kind: 'int', min: 1, max: 1000 },
      { key: 'slotHorizonDays', kind: 'int', min: 1, max: 60 },
      { key: 'slotsPerClient', kind: 'int', min: 1, max: 5 },
    ],
  },
];

const SPECIAL_KEYS = ['businessType', 'channelAccountId', 'sendWindow'];
const READ_ONLY_KEYS = ['lastRunAt', 'nextRunAt', 'updatedAt', 'createdAt', 'timeZone'];
const KNOWN_KEYS = new Set([...GROUPS.flatMap((g) => g.fields.map((f) => f.key)), ...SPECIAL_KEYS, ...READ_ONLY_KEYS]);

/** Reactivation → Settings: when the daily run happens, how it sends, whom it picks. */
export function ReactivationSettingsTab() {
  const settings = useQuery({ queryKey: keys.settings, queryFn: ({ signal }) => reactivationApi.settings(signal) });
  const me = useSession();
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorBanner error={settings.error} />;
  return (
    <div className="stack">
      <ReactivationDependencies channelAccountId={settings.data.channelAccountId} />
      <SettingsForm initial={settings.data} editable={isAdminRole(me.role)} />
    </div>
  );
}

/** The body of a PUT: the editable fields the server returned, nothing else (the schema is strict). */
function editableBody(value: ReactivationSettings): Partial<ReactivationSettings> {
  const body: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (READ_ONLY_KEYS.includes(key)) continue;
    if (!KNOWN_KEYS.has(key) && typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'string') continue;
    body[key] = v;
  }
  return body;
}

function SettingsForm({ initial, editable }: { initial: ReactivationSettings; editable: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const accounts = useChannelAccounts();
  const [value, setValue] = useState<ReactivationSettings>(initial);
  const [saved, setSaved] = useState(false);
  const has = (key: string) => key in initial;
  const extraKeys = Object.keys(initial).filter((key) => !KNOWN_KEYS.has(key) && ['number', 'boolean', 'string'].includes(typeof initial[key]));
  const allFields = [...KNOWN_KEYS, ...extraKeys, 'sendWindow.start', 'sendWindow.end', 'sendWindow.daysOfWeek'];

  const save = useMutation({
    mutationFn: () => reactivationApi.saveSettings(editableBody(value)),
    onSuccess: (next) => {
      setValue(next);
      setSaved(true);
      queryClient.setQueryData(keys.settings, next);
      void queryClient.invalidateQueries({ queryKey: keys.candidates });
    },
  });
  const errors = formErrors(save.error, allFields);
  const change = (patch: Partial<ReactivationSettings>) => {
    setSaved(false);
    setValue((current) => ({ ...current, ...patch }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const label = (key: string) => t(`react.settings.${key}` as MessageKey);
  const hint = (key: string) => {
    const k = `react.settings.${key}.hint`;
    return k in HINTS ? t(k as MessageKey) : undefined;
  };

  const control = (spec: FieldSpec): ReactNode => {
    if (!has(spec.key)) return null;
    const current = value[spec.key];
    const testId = `react-setting-${spec.key}`;
    if (spec.kind === 'bool') {
      return (
        <label key={spec.key} className="checkbox">
          <input type="checkbox" checked={Boolean(current)} onChange={(e) => change({ [spec.key]: e.target.checked })} data-testid={testId} />
          <span>{label(spec.key)}</span>
          {hint(spec.key) && <span className="field-hint"> — {hint(spec.key)}</span>}
        </label>
      );
    }
    if (spec.kind === 'time') {
      return (
        <Field key={spec.key} label={label(spec.key)} error={errors.fields[spec.key]} hint={hint(spec.key)}>
          <input type="time" value={String(current ?? '')} onChange={(e) => change({ [spec.key]: e.target.value })} data-testid={testId} />
        </Field>
      );
    }
    const optional = spec.kind === 'optionalMoney';
    return (
      <Field key={spec.key} label={label(spec.key)} error={errors.fields[spec.key]} hint={hint(spec.key)}>
        <input
          type="number"
          min={spec.min}
          max={spec.max}
          step={spec.kind === 'int' ? 1 : 0.01}
          value={current === null || current === undefined ? '' : String(current)}
          placeholder={optional ? t('react.settings.off') : undefined}
          onChange={(e) => change({ [spec.key]: e.target.value === '' ? (optional ? null : 0) : Number(e.target.value) })}
          data-testid={testId}
        />
      </Field>
    );
  };

  const sendWindow: SendWindow | null = (value.sendWindow as SendWindow | null | undefined) ?? null;
  const setWindow = (patch: Partial<SendWindow>) => change({ sendWindow: { ...(sendWindow ?? { start: '10:00', end: '20:00', daysOfWeek: [1, 2, 3, 4, 5, 6] }), ...patch } });

  const special = (kind: 'sending' | 'business'): ReactNode => {
    if (kind === 'business') {
      if (!has('businessType')) return null;
      return (
        <Field label={label('businessType')} error={errors.fields.businessType} hint={hint('businessType')}>
          <select value={String(value.businessType)} onChange={(e) => change({ businessType: e.target.value as ReactivationSettings['businessType'] })} data-testid="react-setting-businessType">
            {BUSINESS_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`react.business.${type}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
      );
    }
    return (
      <>
        {has('channelAccountId') && (
          <Field label={label('channelAccountId')} error={errors.fields.channelAccountId} hint={hint('channelAccountId')}>
            <select value={value.channelAccountId ?? ''} onChange={(e) => change({ channelAccountId: e.target.value || null })} data-testid="react-setting-channelAccountId">
              <option value="">{t('react.settings.noAccount')}</option>
              {(accounts.data ?? []).map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name}
                  {account.address ? ` (${account.address})` : ''} · {account.channel}
                </option>
              ))}
            </select>
          </Field>
        )}
        {has('sendWindow') && (
          <fieldset className="field" data-testid="react-setting-sendWindow">
            <legend className="field-label">{label('sendWindow')}</legend>
            <span className="field-hint">{hint('sendWindow')}</span>
            <div className="form-row">
              <Field label={t('react.settings.from')} error={errors.fields['sendWindow.start']}>
                <input type="time" value={sendWindow?.start ?? ''} onChange={(e) => setWindow({ start: e.target.value })} data-testid="react-setting-sendWindow-start" />
              </Field>
              <Field label={t('react.settings.to')} error={errors.fields['sendWindow.end']}>
                <input type="time" value={sendWindow?.end ?? ''} onChange={(e) => setWindow({ end: e.target.value })} data-testid="react-setting-sendWindow-end" />
              </Field>
            </div>
            <WeekdayCheckboxes
              selected={sendWindow?.daysOfWeek ?? []}
              label={(day) => t(`react.weekday.${day}` as MessageKey)}
              testId={(day) => `react-setting-sendWindow-day-${day}`}
              onChange={(daysOfWeek) => setWindow({ daysOfWeek })}
            />
            {(errors.fields['sendWindow.daysOfWeek'] ?? errors.fields.sendWindow) && (
              <span className="field-error" role="alert">
                {errors.fields['sendWindow.daysOfWeek'] ?? errors.fields.sendWindow}
              </span>
            )}
          </fieldset>
        )}
      </>
    );
  };

  return (
    <form className="card form react-settings" onSubmit={submit} noValidate aria-label={t('react.tab.settings')} data-testid="reactivation-settings">
      <h2 className="card-title">{t('react.settings.title')}</h2>
      <p className="muted small">{typeof initial.timeZone === 'string' ? t('react.settings.introZone', { zone: initial.timeZone }) : t('react.settings.intro')}</p>
      {typeof initial.lastRunAt === 'string' && <p className="small" data-testid="react-last-run">{t('react.settings.lastRun', { date: fmt.dateTime(initial.lastRunAt) })}</p>}
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <ErrorBanner message={errors.general} />
      <fieldset disabled={!editable} className="react-settings-fieldset">
        <div className="react-settings-groups">
        {GROUPS.map((group) => {
          const controls = group.fields.map(control).filter(Boolean);
          const extra = group.special ? special(group.special) : null;
          if (controls.length === 0 && !extra) return null;
          return (
            <section key={group.title} className="react-settings-group">
              <h3 className="section-label">{t(group.title)}</h3>
              {group.special === 'business' && extra}
              {controls}
              {group.special === 'sending' && extra}
            </section>
          );
        })}
        {extraKeys.length > 0 && (
          <section className="react-settings-group">
            <h3 className="section-label">{t('react.settings.group.other')}</h3>
            {extraKeys.map((key) => {
              const current = value[key];
              if (typeof initial[key] === 'boolean') {
                return (
                  <label key={key} className="checkbox">
                    <input type="checkbox" checked={Boolean(current)} onChange={(e) => change({ [key]: e.target.checked })} />
                    <span className="mono">{key}</span>
                  </label>
                );
              }
              return (
                <Field key={key} label={<span className="mono">{key}</span>} error={errors.fields[key]}>
                  <input
                    type={typeof initial[key] === 'number' ? 'number' : 'text'}
                    value={String(current ?? '')}
                    onChange={(e) => change({ [key]: typeof initial[key] === 'number' ? Number(e.target.value) : e.target.value })}
                  />
                </Field>
              );
            })}
          </section>
        )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="react-settings-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {saved && (
            <span className="muted small" data-testid="react-settings-saved">
              {t('common.saved')}
            </span>
          )}
        </div>
      </fieldset>
    </form>
  );
}

// Which settings have a hint line (the keys exist in the locale files).
const HINTS: Record<string, true> = {
  'react.settings.isEnabled.hint': true,
  'react.settings.autoApprove.hint': true,
  'react.settings.dailyRunTime.hint': true,
  'react.settings.dailyLimit.hint': true,
  'react.settings.channelAccountId.hint': true,
  'react.settings.sendWindow.hint': true,
  'react.settings.maxAttempts.hint': true,
  'react.settings.attemptSpacingDays.hint': true,
  'react.settings.attributionWindowDays.hint': true,
  'react.settings.messageCost.hint': true,
  'react.settings.businessType.hint': true,
  'react.settings.recentContactDays.hint': true,
  'react.settings.maxOverdueDays.hint': true,
  'react.settings.vipMinSpend.hint': true,
};
