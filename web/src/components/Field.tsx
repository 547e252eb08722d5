import type { ReactNode } from 'react';

interface FieldProps {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A labelled form control with its validation message underneath. */
export function Field({ label, error, hint, children, className }: FieldProps) {
  return (
    <label className={['field', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-error" role="alert">{error}</span> : hint ? <span className="field-hint">{hint}</span> : null}
    </label>
  );
}
