import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { AnalysisProfile, PromptVersion } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { profileKey, promptsKey, usePromptVersions } from '../../onboarding/profileQueries.ts';

/** The organization's analysis prompt: the current version (editable as a new version), regeneration, and all versions. */
export function PromptSettings({ profile, editable }: { profile: AnalysisProfile; editable: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const versions = usePromptVersions();
  const current = profile.currentPrompt;
  // null: the editor follows the current version; a string: the user's own text (typed or loaded from a version).
  const [edited, setEdited] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const text = edited ?? current?.text ?? '';

  const refresh = (prompt: PromptVersion) => {
    queryClient.setQueryData<AnalysisProfile>(profileKey, (old) => (old ? { ...old, currentPrompt: prompt } : old));
    void queryClient.invalidateQueries({ queryKey: promptsKey });
    void queryClient.invalidateQueries({ queryKey: profileKey });
    setEdited(null);
    setNotice(t('prompt.savedVersion', { version: prompt.version }));
  };

  const saveVersion = useMutation({
    mutationFn: () => api.post<PromptVersion>('/api/analysis/prompts', { text: text.trim() }),
    onSuccess: refresh,
  });
  const regenerate = useMutation({
    mutationFn: () => api.post<{ prompt: PromptVersion }>('/api/analysis/profile/generate-prompt', {}),
    onSuccess: (answer) => refresh(answer.prompt),
  });
  const errors = formErrors(saveVersion.error, ['text']);
  const busy = saveVersion.isPending || regenerate.isPending;

  return (
    <section className="card form" aria-label={t('prompt.title')} data-testid="prompt-settings">
      <div className="prompt-head">
        <h2 className="card-title">{t('prompt.title')}</h2>
        {current && (
          <span className="muted small" data-testid="prompt-meta">
            {t('prompt.versionLine', { version: current.version, source: t(`prompt.source.${current.source}`), date: fmt.dateTime(current.createdAt) })}
            {current.model && <span className="mono"> · {[current.provider, current.model].filter(Boolean).join(' / ')}</span>}
          </span>
        )}
      </div>
      <p className="muted small">{t('prompt.intro')}</p>
      <ErrorBanner error={regenerate.error} />
      <ErrorBanner message={errors.general} />
      <label className={errors.fields.text ? 'field field-invalid' : 'field'}>
        <span className="field-label">{t('prompt.current')}</span>
        <textarea
          className="prompt-text"
          value={text}
          onChange={(event) => {
            setNotice(null);
            setEdited(event.target.value);
          }}
          readOnly={!editable}
          rows={14}
          placeholder={current ? undefined : t('prompt.none')}
          data-testid="prompt-text"
        />
        {errors.fields.text && <span className="field-error">{errors.fields.text}</span>}
      </label>
      {editable && (
        <div className="form-actions">
          {notice && <span className="saved-note">{notice}</span>}
          {edited !== null && (
            <button type="button" className="button button-ghost" onClick={() => setEdited(null)} disabled={busy}>
              {t('prompt.discard')}
            </button>
          )}
          <button type="button" className="button button-ghost" onClick={() => regenerate.mutate()} disabled={busy} data-testid="prompt-regenerate">
            {regenerate.isPending ? t('onboarding.generating') : t('prompt.regenerate')}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => saveVersion.mutate()}
            disabled={busy || edited === null || !text.trim() || text === current?.text}
            data-testid="prompt-save-version"
          >
            {saveVersion.isPending ? t('common.saving') : t('prompt.saveVersion')}
          </button>
        </div>
      )}

      <h3 className="section-label prompt-versions-title">{t('prompt.versions')}</h3>
      <ErrorBanner error={versions.error} />
      {versions.isPending ? (
        <Spinner />
      ) : (versions.data ?? []).length === 0 ? (
        <p className="muted small">{t('prompt.noVersions')}</p>
      ) : (
        <table className="table table-compact" data-testid="prompt-versions">
          <thead>
            <tr>
              <th>{t('prompt.version')}</th>
              <th>{t('prompt.sourceLabel')}</th>
              <th>{t('prompt.model')}</th>
              <th>{t('settings.created')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(versions.data ?? []).map((version) => (
              <tr key={version.id}>
                <td>
                  {version.version}
                  {version.id === current?.id && <span className="badge badge-success prompt-current-badge">{t('prompt.currentBadge')}</span>}
                </td>
                <td>{t(`prompt.source.${version.source}`)}</td>
                <td className="mono small">{[version.provider, version.model].filter(Boolean).join(' / ') || '—'}</td>
                <td className="nowrap">{fmt.dateTime(version.createdAt)}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="link-button small"
                    onClick={() => {
                      setNotice(null);
                      setEdited(version.text);
                    }}
                  >
                    {t('prompt.load')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
