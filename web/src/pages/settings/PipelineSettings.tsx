import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import type { Pipeline } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { pipelinesKey, usePipelines } from '../leads/leadQueries.ts';
import { useStageLabel } from '../leads/leadBits.tsx';
import { useDefaultName } from '../leads/default-names.ts';

/** The server's limit on a stage description. */
export const DESCRIPTION_MAX = 500;

/** Settings → Pipelines: what each stage means, in the business's words — the import's AI sorts dialogs by it. */
export function PipelineSettings() {
  const t = useT();
  const me = useSession();
  const pipelines = usePipelines();
  const defaultName = useDefaultName();
  const [chosen, setChosen] = useState<string | null>(null);
  if (pipelines.isPending) return <Spinner />;
  if (!pipelines.data) return <ErrorBanner error={pipelines.error} />;
  const pipeline = pipelines.data.find((p) => p.id === chosen) ?? pipelines.data.find((p) => p.isDefault) ?? pipelines.data[0];
  if (!pipeline) return <p className="muted">{t('pipelineSettings.none')}</p>;
  return (
    <div className="stack" data-testid="pipeline-settings">
      <p className="muted">{t('pipelineSettings.intro')}</p>
      {pipelines.data.length > 1 && (
        <Field label={t('pipelineSettings.pipeline')}>
          <select value={pipeline.id} onChange={(e) => setChosen(e.target.value)} data-testid="pipeline-settings-pipeline">
            {pipelines.data.map((p) => (
              <option key={p.id} value={p.id}>
                {defaultName('pipeline', p.key, p.name)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <StageDescriptions key={pipeline.id} pipeline={pipeline} editable={isAdminRole(me.role)} />
    </div>
  );
}

function StageDescriptions({ pipeline, editable }: { pipeline: Pipeline; editable: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const stageLabel = useStageLabel(stages);
  const [drafts, setDrafts] = useState<Record<string, string>>(() => Object.fromEntries(stages.map((s) => [s.id, s.description ?? ''])));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const tooLong = Object.fromEntries(stages.filter((s) => (drafts[s.id] ?? '').trim().length > DESCRIPTION_MAX).map((s) => [s.id, t('pipelineSettings.tooLong', { max: DESCRIPTION_MAX })]));
  const changed = stages.filter((s) => (drafts[s.id] ?? '').trim() !== (s.description ?? '').trim());

  const save = useMutation({
    mutationFn: async () => {
      const errors: Record<string, string> = {};
      let latest: Pipeline | null = null;
      // One request per changed stage; a stage the server refuses keeps its text and says why.
      for (const stage of changed) {
        const text = (drafts[stage.id] ?? '').trim();
        try {
          latest = await request<Pipeline>('PATCH', `/api/pipelines/${pipeline.id}/stages/${stage.id}`, { description: text || null });
        } catch (error) {
          errors[stage.id] = error instanceof ApiError ? (error.fields.find((f) => f.field.endsWith('description'))?.message ?? error.message) : (error as Error).message;
        }
      }
      return { errors, latest };
    },
    onSuccess: ({ errors, latest }) => {
      setServerErrors(errors);
      setSaved(Object.keys(errors).length === 0);
      if (latest) void queryClient.invalidateQueries({ queryKey: pipelinesKey });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (Object.keys(tooLong).length > 0 || changed.length === 0) return;
    save.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="stage-descriptions">
      <h2 className="card-title">{t('pipelineSettings.stages')}</h2>
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <ErrorBanner error={save.error} />
      <fieldset disabled={!editable} className="stack">
        {stages.map((stage) => {
          const text = drafts[stage.id] ?? '';
          return (
            <Field
              key={stage.id}
              label={stageLabel(stage.key)}
              error={tooLong[stage.id] ?? serverErrors[stage.id]}
              hint={t('pipelineSettings.count', { n: text.trim().length, max: DESCRIPTION_MAX })}
            >
              <textarea
                rows={2}
                value={text}
                placeholder={t('pipelineSettings.placeholder')}
                onChange={(e) => {
                  setSaved(false);
                  setDrafts((current) => ({ ...current, [stage.id]: e.target.value }));
                }}
                data-testid={`stage-description-${stage.key}`}
              />
            </Field>
          );
        })}
      </fieldset>
      {editable && (
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending || changed.length === 0} data-testid="stage-descriptions-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {saved && (
            <span className="muted small" role="status" data-testid="stage-descriptions-saved">
              {t('pipelineSettings.saved')}
            </span>
          )}
        </div>
      )}
    </form>
  );
}
