import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useT, type MessageKey } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { importKey, importsKey, uploadImport, type ImportRun, type UploadSource } from './importQueries.ts';

const SOURCES: { value: UploadSource; label: MessageKey; accept: string; hint: MessageKey }[] = [
  { value: 'whatsapp', label: 'imports.source.whatsapp', accept: '.txt,.zip,text/plain,application/zip', hint: 'imports.fileHint.whatsapp' },
  { value: 'telegram', label: 'imports.source.telegram', accept: '.json,application/json', hint: 'imports.fileHint.telegram' },
  { value: 'csv', label: 'imports.source.csv', accept: '.csv,text/csv', hint: 'imports.fileHint.csv' },
];

const FIELDS = ['source', 'fileName', 'me', 'body'] as const;

/** Upload an export; the import then runs in the background and `onStarted` opens its live view. */
export function ImportForm({ onStarted }: { onStarted(run: ImportRun): void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [source, setSource] = useState<UploadSource>('whatsapp');
  const [file, setFile] = useState<File | null>(null);
  const [me, setMe] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [updateExisting, setUpdateExisting] = useState(false);
  const chats = source !== 'csv';
  const current = SOURCES.find((s) => s.value === source)!;

  const start = useMutation({
    mutationFn: () => uploadImport({ source, file: file!, dryRun, skipDuplicates: !updateExisting, me: chats ? me : undefined }),
    onSuccess: (run) => {
      queryClient.setQueryData(importKey(run.id), run);
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onStarted(run);
    },
  });
  const errors = formErrors(start.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) start.mutate();
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="import-form">
      <h2 className="card-title">{t('imports.newImport')}</h2>
      <ErrorBanner message={errors.general} />
      <div className="form-row">
        <Field label={t('imports.source')} error={errors.fields.source}>
          <select value={source} onChange={(event) => setSource(event.target.value as UploadSource)} data-testid="import-source">
            {SOURCES.map((s) => (
              <option key={s.value} value={s.value}>
                {t(s.label)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('imports.file')} error={errors.fields.fileName ?? errors.fields.body} hint={t(current.hint)}>
          <input
            ref={fileInput}
            type="file"
            accept={current.accept}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
        </Field>
      </div>
      {chats && (
        <div className="form-row">
          <Field label={t('imports.me')} error={errors.fields.me} hint={t('imports.meHint')}>
            <input value={me} onChange={(event) => setMe(event.target.value)} placeholder={t('imports.mePlaceholder')} autoComplete="off" data-testid="import-me" />
          </Field>
        </div>
      )}
      <div className="import-options">
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
        <button type="submit" className="button button-primary" disabled={start.isPending || !file} data-testid="import-submit">
          <Icon name="upload" size={16} />
          <span>{start.isPending ? t('imports.uploading') : dryRun ? t('imports.submitDryRun') : t('imports.submit')}</span>
        </button>
      </div>
    </form>
  );
}
