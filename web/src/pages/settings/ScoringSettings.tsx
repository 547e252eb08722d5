import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import type { Stage } from '../../types.ts';
import { MODIFIER_FIELDS, type AnalysisProfile, type ModifierField, type ScoringRules } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { profileKey, useAnalysisProfile } from '../../onboarding/profileQueries.ts';
import { usePipelines } from '../leads/leadQueries.ts';
import { useStageLabel } from '../leads/leadBits.tsx';
import { DialogModelSettings } from './DialogModelSettings.tsx';
import { ModifierValuesPicker } from './ModifierValuesPicker.tsx';

interface Row {
  /** React key: stays the same while the row is edited, and rows are reordered by removal. */
  key: string;
  id: string;
  label: string;
  field: ModifierField;
  values: string[];
  points: string;
}

let rowCounter = 0;
const nextKey = () => `row-${++rowCounter}`;

function rowsFrom(rules: ScoringRules): Row[] {
  return rules.modifiers.map((m) => ({ key: nextKey(), id: m.id, label: m.label, field: m.field, values: m.values, points: String(m.points) }));
}

/** A number when the text is one; otherwise the text itself, so the API names the field it cannot accept. */
function numberOrText(text: string): number | string {
  const value = Number(text.trim().replace(',', '.').replace('−', '-'));
  return text.trim() !== '' && Number.isFinite(value) ? value : text;
}

/** Paths this form shows beside their control; a message for any other path goes to the banner. */
const SHOWN_PATH = /^(modifiers(\.\d+(\.(id|label|field|values|points)(\..*)?)?)?|thresholds(\.(hot|warm))?|minIncoming)$/;

/** Validation messages by path without the `body.` prefix (`modifiers.0.points` → "…"), and what is left for the banner. */
function fieldMessages(error: unknown): { byPath: Map<string, string>; general: string | null } {
  const byPath = new Map<string, string>();
  if (!(error instanceof ApiError)) return { byPath, general: error ? ((error as Error).message ?? String(error)) : null };
  let unshown = error.fields.length === 0;
  for (const { field, message } of error.fields) {
    const path = field.replace(/^(body|query|params)\./, '');
    if (!byPath.has(path)) byPath.set(path, message);
    if (!SHOWN_PATH.test(path)) unshown = true;
  }
  return { byPath, general: unshown ? error.message : null };
}

function messageFor(byPath: Map<string, string>, prefix: string): string | undefined {
  for (const [path, message] of byPath) if (path === prefix || path.startsWith(`${prefix}.`)) return message;
  return undefined;
}

/** Settings → Scoring: modifiers, hot / warm thresholds, minimum incoming messages; stage base scores for reference. */
export function ScoringSettings() {
  const me = useSession();
  const profile = useAnalysisProfile();
  const pipelines = usePipelines();
  if (profile.isPending || pipelines.isPending) return <Spinner />;
  if (!profile.data) return <ErrorBanner error={profile.error} />;
  const pipeline = (pipelines.data ?? []).find((p) => p.isDefault) ?? pipelines.data?.[0];
  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);
  return <ScoringForm rules={profile.data.scoring} stages={stages} editable={isAdminRole(me.role)} />;
}

function ScoringForm({ rules, stages, editable }: { rules: ScoringRules; stages: Stage[]; editable: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const stageLabel = useStageLabel(stages);
  const [rows, setRows] = useState<Row[]>(() => rowsFrom(rules));
  const [hot, setHot] = useState(String(rules.thresholds.hot));
  const [warm, setWarm] = useState(String(rules.thresholds.warm));
  const [minIncoming, setMinIncoming] = useState(String(rules.minIncoming));
  const [saved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: () =>
      request<ScoringRules>('PUT', '/api/analysis/scoring', {
        modifiers: rows.map((row) => ({
          id: row.id,
          label: row.label.trim(),
          field: row.field,
          values: row.values,
          points: numberOrText(row.points),
        })),
        thresholds: { hot: numberOrText(hot), warm: numberOrText(warm) },
        minIncoming: numberOrText(minIncoming),
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData<AnalysisProfile>(profileKey, (old) => (old ? { ...old, scoring: updated } : old));
      void queryClient.invalidateQueries({ queryKey: profileKey });
      setRows(rowsFrom(updated));
      setSaved(true);
    },
  });
  const { byPath, general } = fieldMessages(save.error);
  const touched = (setter: (value: string) => void) => (value: string) => {
    setSaved(false);
    setter(value);
  };
  const edit = (key: string, change: Partial<Row>) => {
    setSaved(false);
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
  };
  const addRow = () => {
    setSaved(false);
    setRows((current) => [...current, { key: nextKey(), id: `custom_${Date.now().toString(36)}_${rowCounter}`, label: '', field: 'signal', values: [], points: '10' }]);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-label={t('settings.scoring')} data-testid="scoring-settings">
      {!editable && <p className="muted small">{t('settings.readOnlyForAgents')}</p>}
      <p className="muted">{t('scoring.intro')}</p>
      <ErrorBanner message={general} />
      <fieldset disabled={!editable} className="stack">
        <section className="card card-flush">
          <div className="card-head">
            <h2 className="card-title">{t('scoring.modifiers')}</h2>
          </div>
          {rows.length === 0 ? (
            <p className="table-empty">{t('scoring.noModifiers')}</p>
          ) : (
            <table className="table table-form" data-testid="scoring-modifiers">
              <thead>
                <tr>
                  <th>{t('scoring.label')}</th>
                  <th>{t('scoring.field')}</th>
                  <th>{t('scoring.values')}</th>
                  <th>{t('scoring.points')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => {
                  const err = (name: string) => messageFor(byPath, `modifiers.${index}.${name}`);
                  const rowError = byPath.get(`modifiers.${index}`);
                  const n = index + 1;
                  return (
                    <tr key={row.key} data-testid="scoring-modifier">
                      <td>
                        <input
                          value={row.label}
                          onChange={(event) => edit(row.key, { label: event.target.value })}
                          aria-label={t('scoring.labelN', { n })}
                          aria-invalid={Boolean(err('label')) || undefined}
                          maxLength={200}
                        />
                        <CellError message={err('label') ?? err('id') ?? rowError} />
                      </td>
                      <td>
                        <select value={row.field} onChange={(event) => edit(row.key, { field: event.target.value as ModifierField, values: [] })} aria-label={t('scoring.fieldN', { n })}>
                          {MODIFIER_FIELDS.map((field) => (
                            <option key={field} value={field}>
                              {t(`scoring.field.${field}`)}
                            </option>
                          ))}
                        </select>
                        <CellError message={err('field')} />
                      </td>
                      <td>
                        <ModifierValuesPicker
                          field={row.field}
                          values={row.values}
                          onChange={(values) => edit(row.key, { values })}
                          label={t('scoring.valuesN', { n })}
                          invalid={Boolean(err('values'))}
                        />
                        <CellError message={err('values')} />
                      </td>
                      <td className="cell-points">
                        <input
                          value={row.points}
                          onChange={(event) => edit(row.key, { points: event.target.value })}
                          aria-label={t('scoring.pointsN', { n })}
                          aria-invalid={Boolean(err('points')) || undefined}
                          inputMode="numeric"
                        />
                        <CellError message={err('points')} />
                      </td>
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="icon-button"
                          onClick={() => {
                            setSaved(false);
                            setRows((current) => current.filter((r) => r.key !== row.key));
                          }}
                          aria-label={t('scoring.removeN', { n })}
                        >
                          <Icon name="trash" size={16} />
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {byPath.get('modifiers') && <p className="field-error card-foot">{byPath.get('modifiers')}</p>}
          {editable && (
            <div className="card-foot">
              <button type="button" className="button button-ghost button-small" onClick={addRow} disabled={rows.length >= 50} data-testid="scoring-add">
                <Icon name="plus" size={14} />
                <span>{t('scoring.add')}</span>
              </button>
            </div>
          )}
        </section>

        <section className="card form">
          <h2 className="card-title">{t('scoring.thresholds')}</h2>
          <div className="form-row form-row-3">
            <Field label={t('scoring.hot')} error={messageFor(byPath, 'thresholds.hot') ?? byPath.get('thresholds')} hint={t('scoring.hotHint')}>
              <input value={hot} onChange={(event) => touched(setHot)(event.target.value)} inputMode="numeric" data-testid="scoring-hot" />
            </Field>
            <Field label={t('scoring.warm')} error={messageFor(byPath, 'thresholds.warm')} hint={t('scoring.warmHint')}>
              <input value={warm} onChange={(event) => touched(setWarm)(event.target.value)} inputMode="numeric" data-testid="scoring-warm" />
            </Field>
            <Field label={t('scoring.minIncoming')} error={messageFor(byPath, 'minIncoming')} hint={t('scoring.minIncomingHint')}>
              <input value={minIncoming} onChange={(event) => touched(setMinIncoming)(event.target.value)} inputMode="numeric" data-testid="scoring-min-incoming" />
            </Field>
          </div>
        </section>
      </fieldset>

      {editable && (
        <div className="form-actions">
          {saved && <span className="saved-note">{t('common.saved')}</span>}
          <button type="submit" className="button button-primary" disabled={save.isPending} data-testid="scoring-save">
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      )}

      <section className="card card-flush" aria-label={t('scoring.baseScores')}>
        <div className="card-head">
          <h2 className="card-title">{t('scoring.baseScores')}</h2>
          <p className="muted small">{t('scoring.baseScoresNote')}</p>
        </div>
        <table className="table table-compact" data-testid="scoring-base-scores">
          <thead>
            <tr>
              <th>{t('leads.stage')}</th>
              <th>{t('scoring.baseScore')}</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.id}>
                <td>{stageLabel(stage.key)}</td>
                <td>{stage.baseScore === null ? <span className="muted">—</span> : fmt.number(stage.baseScore)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <DialogModelSettings />
    </form>
  );
}

function CellError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert">
      {message}
    </span>
  );
}
