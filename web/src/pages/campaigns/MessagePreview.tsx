import { useT } from '../../i18n.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { ApiError } from '../../api.ts';
import { useMessagePreview } from './campaignQueries.ts';

/** The message as it would go to the chosen contact, re-rendered as the text changes; a broken template shows why. */
export function MessagePreview({ campaignId, content, contactId }: { campaignId: string; content: string; contactId: string | null }) {
  const t = useT();
  const text = useDebounced(content, 400);
  const preview = useMessagePreview(campaignId, text, contactId);
  if (!text.trim()) return null;
  const error = preview.error instanceof ApiError ? (preview.error.fields[0]?.message ?? preview.error.message) : preview.error ? String(preview.error) : null;
  return (
    <div className={error ? 'message-preview message-preview-error' : 'message-preview'} data-testid="message-preview">
      <span className="section-label">{t('campaigns.preview.title')}</span>
      {error ? (
        <p className="field-error" role="alert" data-testid="message-preview-error">
          {error}
        </p>
      ) : (
        <p className="message-preview-text" data-testid="message-preview-text">
          {preview.data?.text ?? t('common.loading')}
        </p>
      )}
      {preview.data?.usesAi && !error && <span className="muted small">{t(`campaigns.preview.ai.${preview.data.aiSource ?? 'sample'}`)}</span>}
    </div>
  );
}
