import { useT } from '../i18n.tsx';

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <div className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="spinner-label">{label ?? t('common.loading')}</span>
    </div>
  );
}
