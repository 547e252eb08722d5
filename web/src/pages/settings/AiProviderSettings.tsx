import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, formErrors, request } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import type { AiSettings, AiTestResult, AiUsageSummary } from '../../analysis-types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';

export const aiSettingsKey = ['ai-settings'] as const;
const aiUsageKey = ['ai-usage'] as const;
const USAGE_DAYS = 30;

const FIELDS = ['baseUrl', 'model', 'transcriptionModel', 'apiKey', 'timeoutMs', 'concurrency', 'promptPricePer1k', 'completionPricePer1k'] as const;
type NumberField = 'timeoutMs' | 'concurrency' | 'promptPricePer1k' | 'completionPricePer1k';
const NUMBER_FIELDS: readonly NumberField[] = ['timeoutMs', 'concurrency', 'promptPricePer1k', 'completionPricePer1k'];

interface Values {
  baseUrl: string;
  model: string;
  transcriptionModel: string;
  apiKey: string;
  timeoutMs: string;
  concurrency: string;
  promptPricePer1k: string;
  completionPricePer1k: string;
}

function valuesFrom(settings: AiSettings): Values {
  const text = (n: number | null) => (n === null || n === undefined ? '' : String(n));
  return {
    baseUrl: settings.baseUrl ?? '',
    model: settings.model ?? '',
    transcriptionModel: settings.transcriptionModel ?? '',
    apiKey: '',
    timeoutMs: text(settings.timeoutMs),
    concurrency: text(settings.concurrency),
    promptPricePer1k: text(settings.promptPricePer1k),
    completionPricePer1k: text(settings.completionPricePer1k),
  };
}

/** Settings → AI provider: where analyses go (an OpenAI-compatible endpoint, or the offline analyser), and what it cost. */
export function AiProviderSettings() {
  const me = useSession();
  const settings = useQuery({
    queryKey: aiSettingsKey,
    queryFn: ({ signal }) => api.get<AiSettings>('/api/settings/ai', undefined, { signal }),
  });
  if (settings.isPending) return <Spinner />;
  if (!settings.data) return <ErrorBanner error={settings.error} />;
  return (
    <div className="stack" data-testid="ai-settings">
      <AiForm settings={settings.data} editable={isAdminRole(me.role)} />
      <AiUsage />
    </div>
  );
}

function ModeBadge({ settings }: { settings: AiSettings }) {
  const t = useT();
  return (
    <div className="ai-mode">
      <span className={settings.mode === 'llm' ? 'badge badge-success' : 'badge badge-warning'} data-testid="ai-mode" data-mode={settings.mode}>
        {t(`ai.mode.${settings.mode}`)}
      </span>
      <span className="muted small" data-testid="ai-source" data-source={settings.source}>
        {t(`ai.source.${settings.source}`)}
      </span>
    </div>
  );
}

function AiForm({ settings, editable }: { settings: AiSettings; editable: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesFrom(settings));
  const [saved, setSaved] = useState(false);

  const applied = (next: AiSettings) => {
    queryClient.setQueryData(aiSettingsKey, next);
    void queryClient.invalidateQueries({ queryKey: aiSettingsKey });
    setValues(valuesFrom(next));
    setSaved(true);
  };

  // An empty key field keeps the stored key: `apiKey` is sent only when something was typed.
  const save = useMutation({
    mutationFn: () => {
      // An empty speech-to-text model turns voice transcription off.
      const body: Record<string, unknown> = { baseUrl: values.baseUrl.trim(), model: values.model.trim(), transcriptionModel: values.transcriptionModel.trim() || null };
      if (values.apiKey.trim()) body.apiKey = values.apiKey.trim();
      for (const field of NUMBER_FIELDS) {
        const text = values[field].trim().replace(',', '.');
        if (text) body[field] = Number.isFinite(Number(text)) ? Number(text) : text;
      }
      return request<AiSettings>('PUT', '/api/settings/ai', body);
    },
    onSuccess: applied,
  });
  const removeKey = useMutation({
    mutationFn: () => request<AiSettings>('PUT', '/api/settings/ai', { baseUrl: settings.baseUrl ?? '', model: settings.model ?? '', apiKey: null }),
    onSuccess: applied,
  });
  const reset = useMutation({
    mutationFn: () => api.delete<AiSettings>('/api/settings/ai'),
    onSuccess: (next) => {
      applied(next);
      setSaved(false);
    },
  });
  const test = useMutation({
    mutationFn: () => api.post<AiTestResult>('/api/settings/ai/test', {}),
    onSettled: () => queryClient.invalidateQueries({ queryKey: aiUsageKey }),
  });
  const errors = formErrors(save.error, FIELDS);

  const set = (field: keyof Values) => (event: { target: { value: string } }) => {
    setSaved(false);
    setValues((current) => ({ ...current, [field]: event.target.value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="card form form-narrow" onSubmit={submit} noValidate aria-label={t('settings.ai')}>
      <div className="prompt-head">
        <h2 className="card-title">{t('ai.title')}</h2>
        <ModeBadge settings={settings} />
      </div>
      <p className="muted small">{t('ai.intro')}</p>
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <ErrorBanner message={errors.general} />
      <ErrorBanner error={removeKey.error ?? reset.error} />
      <fieldset disabled={!editable}>
        <Field label={t('ai.baseUrl')} error={errors.fields.baseUrl} hint={t('ai.baseUrlHint')}>
          <input type="url" value={values.baseUrl} onChange={set('baseUrl')} placeholder="https://api.openai.com/v1" data-testid="ai-base-url" />
        </Field>
        <div className="form-row">
          <Field label={t('ai.model')} error={errors.fields.model}>
            <input value={values.model} onChange={set('model')} placeholder="gpt-4o-mini" data-testid="ai-model" />
          </Field>
          <Field label={t('ai.apiKey')} error={errors.fields.apiKey} hint={settings.hasKey ? t('ai.apiKeyKeepHint') : undefined}>
            <input
              type="password"
              value={values.apiKey}
              onChange={set('apiKey')}
              placeholder={settings.hasKey ? t('ai.apiKeyStored') : ''}
              autoComplete="new-password"
              data-testid="ai-api-key"
            />
          </Field>
        </div>
        <Field label={t('ai.transcriptionModel')} error={errors.fields.transcriptionModel} hint={t('ai.transcriptionModelHint')}>
          <input value={values.transcriptionModel} onChange={set('transcriptionModel')} placeholder="whisper-1" data-testid="ai-transcription-model" />
        </Field>
        <div className="form-row form-row-4">
          <Field label={t('ai.timeout')} error={errors.fields.timeoutMs}>
            <input value={values.timeoutMs} onChange={set('timeoutMs')} inputMode="numeric" data-testid="ai-timeout" />
          </Field>
          <Field label={t('ai.concurrency')} error={errors.fields.concurrency}>
            <input value={values.concurrency} onChange={set('concurrency')} inputMode="numeric" data-testid="ai-concurrency" />
          </Field>
          <Field label={t('ai.promptPrice')} error={errors.fields.promptPricePer1k}>
            <input value={values.promptPricePer1k} onChange={set('promptPricePer1k')} inputMode="decimal" />
          </Field>
          <Field label={t('ai.completionPrice')} error={errors.fields.completionPricePer1k}>
            <input value={values.completionPricePer1k} onChange={set('completionPricePer1k')} inputMode="decimal" />
          </Field>
        </div>
      </fieldset>
      {editable && (
        <div className="form-actions ai-actions">
          {settings.source === 'organization' && (
            <ConfirmButton onConfirm={() => reset.mutate()} disabled={reset.isPending} question={t('ai.resetQuestion')} confirmLabel={t('ai.reset')} className="button button-ghost" testId="ai-reset">
              {t('ai.reset')}
            </ConfirmButton>
          )}
          {settings.hasKey && settings.source === 'organization' && (
            <ConfirmButton onConfirm={() => removeKey.mutate()} disabled={removeKey.isPending} question={t('ai.removeKeyQuestion')} confirmLabel={t('ai.removeKey')} testId="ai-remove-key">
              {t('ai.removeKey')}
            </ConfirmButton>
          )}
          <span className="onboarding-spacer" />
          {saved && <span className="saved-note">{t('common.saved')}</span>}
          <button type="button" className="button button-ghost" onClick={() => test.mutate()} disabled={test.isPending} data-testid="ai-test">
            {test.isPending ? t('ai.testing') : t('ai.test')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="ai-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}
      <ErrorBanner error={test.error} />
      {test.data && (
        <div className={test.data.ok ? 'ai-test-result ok' : 'ai-test-result failed'} role="status" data-testid="ai-test-result" data-ok={String(test.data.ok)}>
          <strong>{!test.data.ok ? t('ai.testFailed') : test.data.mode === 'offline' ? t('ai.testOffline') : t('ai.testOk')}</strong>
          <span className="mono small">{[test.data.provider, test.data.model].filter(Boolean).join(' / ')}</span>
          <span className="small">{t('ai.latency', { ms: fmt.number(test.data.latencyMs) })}</span>
          {test.data.fallbackReason && <span className="small">{t('ai.fallbackReason', { reason: test.data.fallbackReason })}</span>}
        </div>
      )}
    </form>
  );
}

function AiUsage() {
  const t = useT();
  const fmt = useFormat();
  const usage = useQuery({
    queryKey: aiUsageKey,
    queryFn: ({ signal }) => api.get<AiUsageSummary>('/api/settings/ai/usage', { days: USAGE_DAYS }, { signal }),
  });
  const data = usage.data;
  // Model calls cost fractions of a cent; two decimals would show most of them as zero.
  const cost = (usd: number) => (usd > 0 && usd < 0.01 ? `< ${fmt.money(0.01, 'USD')}` : fmt.money(usd, 'USD'));
  return (
    <section className="card form" aria-label={t('ai.usage', { days: USAGE_DAYS })} data-testid="ai-usage">
      <h2 className="card-title">{t('ai.usage', { days: USAGE_DAYS })}</h2>
      <ErrorBanner error={usage.error} />
      {usage.isPending ? (
        <Spinner />
      ) : data ? (
        <>
          <dl className="import-figures">
            <UsageFigure label={t('ai.usage.calls')} value={fmt.number(data.calls)} />
            <UsageFigure label={t('ai.usage.promptTokens')} value={fmt.number(data.promptTokens)} />
            <UsageFigure label={t('ai.usage.completionTokens')} value={fmt.number(data.completionTokens)} />
            <UsageFigure label={t('ai.usage.cost')} value={cost(data.costUsd)} />
            <UsageFigure label={t('ai.usage.fallbacks')} value={fmt.number(data.fallbacks)} />
          </dl>
          {data.byTask.length > 0 && (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>{t('ai.usage.task')}</th>
                  <th>{t('ai.usage.calls')}</th>
                  <th>{t('ai.usage.cost')}</th>
                </tr>
              </thead>
              <tbody>
                {data.byTask.map((row) => (
                  <tr key={row.task}>
                    <td className="mono">{row.task}</td>
                    <td>{fmt.number(row.calls)}</td>
                    <td>{cost(row.costUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </section>
  );
}

function UsageFigure({ label, value }: { label: string; value: string }) {
  return (
    <div className="import-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
