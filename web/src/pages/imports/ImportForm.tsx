import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { usePipelines } from '../leads/leadQueries.ts';
import { importKey, importsKey, previewAuthors, uploadBodyOf, uploadImport, type ImportRun, type UploadBody, type UploadSource } from './importQueries.ts';

const SOURCES: { value: UploadSource; label: MessageKey; accept: string; hint: MessageKey }[] = [
  { value: 'whatsapp', label: 'imports.source.whatsapp', accept: '.txt,.zip,text/plain,application/zip', hint: 'imports.fileHint.whatsapp' },
  { value: 'telegram', label: 'imports.source.telegram', accept: '.json,application/json', hint: 'imports.fileHint.telegram' },
  { value: 'csv', label: 'imports.source.csv', accept: '.csv,text/csv', hint: 'imports.fileHint.csv' },
];

const FIELDS = ['source', 'fileName', 'me', 'body', 'pipelineId', 'limit'] as const;

/** Upload one or several exports; the import then runs in the background and `onStarted` opens its live view. */
export function ImportForm({ onStarted }: { onStarted(run: ImportRun): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState<UploadSource>('whatsapp');
  const [files, setFiles] = useState<File[]>([]);
  const [me, setMe] = useState('');
  const [pipelineId, setPipelineId] = useState('');
  const [limit, setLimit] = useState('');
  const [useLlm, setUseLlm] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [updateExisting, setUpdateExisting] = useState(false);
  const current = SOURCES.find((s) => s.value === source)!;
  const pipelines = usePipelines();
  const chosenPipeline = pipelineId || pipelines.data?.find((p) => p.isDefault)?.id || '';

  // The upload body is built once per choice of files (several are packed into one archive).
  const body = useQuery({
    queryKey: ['imports', 'body', files.map((f) => `${f.name}:${f.size}:${f.lastModified}`)],
    queryFn: () => uploadBodyOf(files),
    enabled: files.length > 0,
    staleTime: Infinity,
    gcTime: 0,
  });
  // WhatsApp exports do not say which author is the owner: read the authors first and ask.
  const authors = useQuery({
    queryKey: ['imports', 'authors', files.map((f) => `${f.name}:${f.size}:${f.lastModified}`)],
    queryFn: ({ signal }) => previewAuthors(body.data as UploadBody, signal),
    enabled: source === 'whatsapp' && Boolean(body.data),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const preview = source === 'whatsapp' ? authors.data : undefined;
  useEffect(() => {
    setMe(preview?.suggestedMe ?? '');
  }, [preview]);
  const choiceMissing = Boolean(preview?.needsChoice) && !me;

  const start = useMutation({
    mutationFn: () =>
      uploadImport({
        source,
        body: body.data!,
        dryRun,
        skipDuplicates: !updateExisting,
        me: source === 'whatsapp' ? me : undefined,
        pipelineId: chosenPipeline || undefined,
        limit: limit ? Number(limit) : undefined,
        useLlm: source !== 'csv' && useLlm,
      }),
    onSuccess: (run) => {
      queryClient.setQueryData(importKey(run.id), run);
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      onStarted(run);
    },
  });
  const errors = formErrors(start.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.data && !choiceMissing) start.mutate();
  };

  const fileSummary = files.length > 1 ? t('imports.filesChosen', { n: files.length, names: files.map((f) => f.name).join(', ') }) : null;

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="import-form">
      <h2 className="card-title">{t('imports.newImport')}</h2>
      <ErrorBanner message={errors.general} />
      <div className="form-row">
        <Field label={t('imports.source')} error={errors.fields.source}>
          <select
            value={source}
            onChange={(event) => {
              setSource(event.target.value as UploadSource);
              setFiles([]);
              if (fileInput.current) fileInput.current.value = '';
            }}
            data-testid="import-source"
          >
            {SOURCES.map((s) => (
              <option key={s.value} value={s.value}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('imports.files')} error={errors.fields.fileName ?? errors.fields.body} hint={fileSummary ?? `${t(current.hint)} ${t('imports.fileHint.several')}`}>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={current.accept}
            onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
            data-testid="import-file"
          />
        </Field>
      </div>

      {source === 'whatsapp' && files.length > 0 && (
        <div className="form-row" data-testid="import-authors">
          {authors.isFetching || body.isFetching ? (
            <p className="muted small" data-testid="import-authors-reading">{t('imports.readingAuthors')}</p>
          ) : authors.error ? (
            <p className="banner banner-error" role="alert" data-testid="import-authors-error">
              {t('imports.authorsFailed', { reason: authors.error.message })}
            </p>
          ) : preview && preview.authors.length > 0 ? (
            <Field
              label={t('imports.whoAreYou')}
              error={errors.fields.me ?? (choiceMissing ? t('imports.whoAreYouNeeded') : null)}
              hint={t('imports.whoAreYouHint')}
            >
              <select value={me} onChange={(event) => setMe(event.target.value)} data-testid="import-me">
                {preview.needsChoice ? <option value="">—</option> : <option value="">{t('imports.whoAreYouAuto')}</option>}
                {preview.authors.map((author) => (
                  <option key={author.name} value={author.name}>
                    {preview.chats.length > 1 ? t('imports.authorChats', { name: author.name, n: author.chats }) : t('imports.authorOneChat', { name: author.name })}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
        </div>
      )}

      <div className="form-row">
        <Field label={t('imports.pipeline')} error={errors.fields.pipelineId} hint={t('imports.pipelineHint')}>
          <select value={chosenPipeline} onChange={(event) => setPipelineId(event.target.value)} data-testid="import-pipeline">
            {(pipelines.data ?? []).map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('imports.limit')} error={errors.fields.limit} hint={t('imports.limitHint')}>
          <input type="number" min={1} inputMode="numeric" value={limit} onChange={(event) => setLimit(event.target.value)} data-testid="import-limit" />
        </Field>
      </div>

      <div className="import-options">
        {source !== 'csv' && (
          <label className="checkbox" title={t('imports.useLlmHint')}>
            <input type="checkbox" checked={useLlm} onChange={(event) => setUseLlm(event.target.checked)} data-testid="import-use-llm" />
            <span>{t('imports.useLlm')}</span>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={dryRun} onChange={(event) => setDryRun(event.target.checked)} data-testid="import-dry-run" />
          <span>{t('imports.dryRun')}</span>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={updateExisting} onChange={(event) => setUpdateExisting(event.target.checked)} data-testid="import-update-existing" />
          <span>{t('imports.updateExisting')}</span>
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={start.isPending || !body.data || choiceMissing || authors.isFetching} data-testid="import-submit">
          <Icon name="upload" size={16} />
          <span>{start.isPending ? t('imports.uploading') : dryRun ? t('imports.submitDryRun') : t('imports.submit')}</span>
        </button>
      </div>
    </form>
  );
}
