import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from '../components/Icon.tsx';

interface MessageBoxProps {
  /** Sends the trimmed text; when it rejects, the text comes back into the box. */
  onSend(body: string): Promise<unknown>;
  disabled: boolean;
  placeholder: string;
  sendLabel: string;
  /** `composer` or `sandbox`: prefix of the input and button test ids. */
  testIdPrefix: string;
  buttonClassName: string;
  className?: string;
  /** Shown above the box (errors, notes) and below it (hints). */
  header?: ReactNode;
  footer?: ReactNode;
}

/** The text box shared by the inbox and the sandbox: Enter sends, Shift+Enter starts a new line. */
export function MessageBox({ onSend, disabled, placeholder, sendLabel, testIdPrefix, buttonClassName, className, header, footer }: MessageBoxProps) {
  const [text, setText] = useState('');

  const submit = () => {
    const body = text.trim();
    if (!body || disabled) return;
    setText('');
    onSend(body).catch(() => setText((current) => current || body));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <div className={['composer', className].filter(Boolean).join(' ')}>
      {header}
      <div className="composer-row">
        <textarea
          value={text}
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={placeholder}
          aria-label={placeholder}
          disabled={disabled}
          data-testid={`${testIdPrefix}-input`}
        />
        <button
          type="button"
          className={`button ${buttonClassName} composer-send`}
          onClick={submit}
          disabled={disabled || !text.trim()}
          title={sendLabel}
          data-testid={`${testIdPrefix}-send`}
        >
          <Icon name="send" size={16} />
          <span>{sendLabel}</span>
        </button>
      </div>
      {footer}
    </div>
  );
}
