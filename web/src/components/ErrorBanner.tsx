import { ApiError } from '../api.ts';
import { Icon } from './Icon.tsx';

/** Shows the message of an API (or any) error; renders nothing without one. */
export function ErrorBanner({ error, message }: { error?: unknown; message?: string | null }) {
  const text = message ?? (error instanceof ApiError ? error.message : error ? ((error as Error).message ?? String(error)) : null);
  if (!text) return null;
  return (
    <div className="banner banner-error" role="alert">
      <Icon name="alert" size={16} />
      <span>{text}</span>
    </div>
  );
}
