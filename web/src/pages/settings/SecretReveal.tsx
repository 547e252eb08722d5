import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { Icon } from '../../components/Icon.tsx';

/** A secret shown once, right after it was created, with a copy button. */
export function SecretReveal({ label, secret, onDismiss, testId }: { label: string; secret: string; onDismiss(): void; testId?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="secret-reveal" role="status">
      <p>
        <strong>{label}</strong> {t('settings.secretOnce')}
      </p>
      <div className="secret-row">
        <code data-testid={testId}>{secret}</code>
        <button type="button" className="button button-ghost button-small" onClick={copy}>
          <Icon name="copy" size={14} />
          <span>{copied ? t('common.copied') : t('common.copy')}</span>
        </button>
        <button type="button" className="button button-ghost button-small" onClick={onDismiss}>
          {t('common.done')}
        </button>
      </div>
    </div>
  );
}
