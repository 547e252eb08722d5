import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CsvReportView } from './CsvReportView.tsx';
import { useClearCsvList, useUploadCsv } from './campaignQueries.ts';

/**
 * The CSV source: a file (or pasted text) whose rows are matched to contacts by phone, Telegram id / username or
 * e-mail, created when missing, and added to the campaign's list.
 */
export function CsvAudience({ campaignId, disabled }: { campaignId: string; disabled: boolean }) {
  const t = useT();
  const [content, setContent] = useState('');
  const [hasHeader, setHasHeader] = useState(true);
  const upload = useUploadCsv(campaignId);
  const clear = useClearCsvList(campaignId);

  const readFile = async (file: File | undefined) => {
    if (file) setContent(await file.text());
  };

  return (
    <div className="stack" data-testid="csv-audience">
      <p className="muted small">{t('campaigns.csv.hint')}</p>
      <input type="file" accept=".csv,text/csv,text/plain" disabled={disabled} onChange={(e) => void readFile(e.target.files?.[0])} data-testid="csv-file" />
      <textarea rows={6} value={content} onChange={(e) => setContent(e.target.value)} placeholder={'phone,first_name,email\n+996700123456,Aigul,aigul@example.com'} disabled={disabled} data-testid="csv-text" />
      <div className="form-actions form-actions-start">
        <label className="checkbox">
          <input type="checkbox" checked={hasHeader} onChange={(e) => setHasHeader(e.target.checked)} />
          <span>{t('campaigns.csv.hasHeader')}</span>
        </label>
        <button type="button" className="button button-primary" disabled={disabled || !content.trim() || upload.isPending} onClick={() => upload.mutate({ content, hasHeader })} data-testid="csv-upload">
          {upload.isPending ? t('common.saving') : t('campaigns.csv.upload')}
        </button>
        <ConfirmButton onConfirm={() => clear.mutate(undefined, { onSuccess: () => upload.reset() })} disabled={disabled}>
          {t('campaigns.csv.clear')}
        </ConfirmButton>
      </div>
      <ErrorBanner error={upload.error ?? clear.error} />
      {upload.data && <CsvReportView report={upload.data} />}
    </div>
  );
}
