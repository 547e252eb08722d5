import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { useLabel } from './QueueView.tsx';
import { keys, reengagementApi, type StageTemplate } from './reengagement-api.ts';

/** The text after the user stopped typing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function TemplateRow({ row, value, error, editable, onChange }: { row: StageTemplate; value: string; error: string | undefined; editable: boolean; onChange: (text: string) => void }) {
  const t = useT();
  const label = useLabel();
  const content = useDebounced(value.trim() || row.defaultTemplate, 400);
  const preview = useQuery({
    queryKey: ['reengagement', 'preview', row.key, content],
    queryFn: ({ signal }) => reengagementApi.preview({ content, ...(row.stageId ? { stageId: row.stageId } : { stageKey: row.key }) }, signal),
    retry: false,
    staleTime: 60_000,
  });
  const previewError = preview.error instanceof ApiError ? (preview.error.fields.find((f) => f.field === 'body.content')?.message ?? preview.error.message) : preview.error ? String(preview.error) : null;
  const title = row.key === 'default' ? t('reeng.tpl.defaultStage') : row.name || label(`stage.${row.key}`, row.key);
  const shownError = error ?? previewError;
  return (
    <li className="card card-tight reeng-template" data-testid={`reeng-tpl-${row.key}`}>
      <div className="reeng-template-head">
        <strong>{title}</strong> <span className="muted small">{row.key}</span>
        {row.pipelines.length > 1 && <span className="muted small"> · {row.pipelines.join(', ')}</span>}
        {row.excluded && <span className="badge">{t('reeng.tpl.excluded')}</span>}
      </div>
      <div className="reeng-template-body">
        <div>
          <div className="field-label">{t('reeng.tpl.default')}</div>
          <pre className="reeng-template-default" data-testid="reeng-tpl-default">
            {row.defaultTemplate}
          </pre>
        </div>
        <label className={['field', shownError ? 'field-invalid' : ''].filter(Boolean).join(' ')}>
          <span className="field-label">{t('reeng.tpl.own')}</span>
          <textarea value={value} placeholder={row.defaultTemplate} onChange={(e) => onChange(e.target.value)} disabled={!editable} data-testid="reeng-tpl-input" />
          {shownError && (
            <span className="field-error" role="alert" data-testid="reeng-tpl-error">
              {shownError}
            </span>
          )}
        </label>
      </div>
      {editable && (
        <div className="chip-row">
          <button type="button" className="button button-ghost" onClick={() => onChange(row.defaultTemplate)} data-testid="reeng-tpl-use-default">
            {t('reeng.tpl.useDefault')}
          </button>
          {value && (
            <button type="button" className="button button-ghost" onClick={() => onChange('')} data-testid="reeng-tpl-clear">
              {t('reeng.tpl.clear')}
            </button>
          )}
        </div>
      )}
      <div className="reeng-template-preview">
        <span className="field-label">
          {t('reeng.tpl.preview')}{' '}
          {preview.data &&
            (preview.data.lead
              ? t('reeng.tpl.previewOn', { name: preview.data.lead.name, stage: label(`stage.${preview.data.lead.stageKey}`, preview.data.lead.stageKey), n: preview.data.lead.daysQuiet })
              : t('reeng.tpl.previewSample'))}
        </span>
        <p className="reeng-message" data-testid="reeng-tpl-preview" data-state={preview.isFetching || content !== (value.trim() || row.defaultTemplate) ? 'loading' : preview.isError ? 'error' : 'ready'}>
          {preview.isPending ? t('reeng.tpl.previewing') : preview.isError ? '—' : preview.data.text}
        </p>
      </div>
    </li>
  );
}

/** The organization's own message template per pipeline stage, with the built-in default and a live preview on a real lead. */
export function TemplatesEditor({
  templates,
  errors,
  editable,
  onChange,
}: {
  templates: Record<string, string>;
  errors: Record<string, string>;
  editable: boolean;
  onChange: (templates: Record<string, string>) => void;
}) {
  const t = useT();
  const list = useQuery({ queryKey: keys.templates, queryFn: ({ signal }) => reengagementApi.templates(signal) });
  if (list.isPending) return <Spinner />;
  if (!list.data) return <ErrorBanner error={list.error} />;
  const rows = [...list.data.templates];
  // A template saved for a key no pipeline has any more still shows, so it can be removed.
  for (const key of Object.keys(templates)) {
    if (!rows.some((row) => row.key === key)) rows.push({ key, stageId: null, name: key, kind: 'open', pipelines: [], excluded: false, template: templates[key]!, defaultTemplate: rows.find((r) => r.key === 'default')?.defaultTemplate ?? '' });
  }
  const set = (key: string, text: string) => {
    const next = { ...templates };
    if (text.trim()) next[key] = text;
    else delete next[key];
    onChange(next);
  };
  return (
    <fieldset className="field reeng-templates" data-testid="reeng-templates">
      <legend className="field-label">{t('reeng.tpl.title')}</legend>
      <p className="muted small">{t('reeng.tpl.intro')}</p>
      <ul className="reeng-items">
        {rows.map((row) => (
          <TemplateRow key={row.key} row={row} value={templates[row.key] ?? ''} error={errors[`templates.${row.key}`]} editable={editable} onChange={(text) => set(row.key, text)} />
        ))}
      </ul>
    </fieldset>
  );
}
