import { useState, type ReactNode } from 'react';
import { useT } from '../i18n.tsx';

interface ConfirmButtonProps {
  children: ReactNode;
  question?: string;
  confirmLabel?: string;
  onConfirm(): void;
  disabled?: boolean;
  className?: string;
  testId?: string;
}

/** A destructive button that asks "Are you sure?" inline before acting. */
export function ConfirmButton({ children, question, confirmLabel, onConfirm, disabled, className, testId }: ConfirmButtonProps) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className ?? 'button button-danger-ghost'} disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm-inline">
      <span className="confirm-question">{question ?? t('common.areYouSure')}</span>
      <button
        type="button"
        className="button button-danger button-small"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={testId ? `${testId}-confirm` : undefined}
      >
        {confirmLabel ?? t('common.yes')}
      </button>
      <button type="button" className="button button-ghost button-small" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
