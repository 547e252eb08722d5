import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, formErrors, request } from '../api.ts';
import { useT } from '../i18n.tsx';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import type { AutopilotSettingsData } from '../pages/autopilot/AutopilotSettings.tsx';

const settingsKey = ['autopilot-settings'] as const;

/** The last onboarding step's FAQ for the autopilot (offline it answers only from here); saved on its own. */
export function FaqSection() {
  const t = useT();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: settingsKey, queryFn: ({ signal }) => api.get<AutopilotSettingsData>('/api/autopilot/settings', undefined, { signal }) });
  const [faq, setFaq] = useState<Array<{ question: string; answer: string }> | null>(null);
  const [saved, setSaved] = useState(false);
  const entries = faq ?? settings.data?.faq ?? [];
  const save = useMutation({
    mutationFn: () =>
      request<AutopilotSettingsData>('PUT', '/api/autopilot/settings', { ...settings.data!, faq: entries.filter((e) => e.question.trim() || e.answer.trim()) }),
    onSuccess: (next) => {
      queryClient.setQueryData(settingsKey, next);
      setFaq(next.faq);
      setSaved(true);
    },
  });
  if (!settings.data) return null;
  const errors = formErrors(save.error, ['faq']);
  const set = (index: number, patch: Partial<{ question: string; answer: string }>) => {
    setSaved(false);
    setFaq(entries.map((e, i) => (i === index ? { ...e, ...patch } : e)));
  };
  return (
    <fieldset className="field" data-testid="onboarding-faq">
      <legend className="field-label">{t('onboarding.faq.title')}</legend>
      <span className="field-hint">{t('onboarding.faq.hint')}</span>
      <ErrorBanner message={errors.fields.faq ?? errors.general} />
      {entries.map((entry, index) => (
        <div key={index} className="faq-entry">
          <input aria-label={`${t('autopilot.question')} ${index + 1}`} value={entry.question} onChange={(e) => set(index, { question: e.target.value })} />
          <textarea aria-label={`${t('autopilot.answer')} ${index + 1}`} rows={2} value={entry.answer} onChange={(e) => set(index, { answer: e.target.value })} />
        </div>
      ))}
      <div className="form-actions">
        <button type="button" className="button button-ghost" onClick={() => (setSaved(false), setFaq([...entries, { question: '', answer: '' }]))} data-testid="onboarding-faq-add">
          {t('onboarding.faq.add')}
        </button>
        <button type="button" className="button" onClick={() => save.mutate()} disabled={save.isPending} data-testid="onboarding-faq-save">
          {t('onboarding.faq.save')}
        </button>
        {saved && <span className="muted small">{t('common.saved')}</span>}
      </div>
    </fieldset>
  );
}
