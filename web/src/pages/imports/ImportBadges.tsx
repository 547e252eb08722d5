import { useT, type MessageKey } from '../../i18n.tsx';
import type { ImportSource, ImportStatus } from './importQueries.ts';

const sourceLabels: Record<ImportSource, MessageKey> = {
  whatsapp: 'imports.sourceShort.whatsapp',
  telegram: 'imports.sourceShort.telegram',
  evolution: 'imports.sourceShort.evolution',
  csv: 'imports.sourceShort.csv',
};

const statusClass: Record<ImportStatus, string> = {
  queued: 'badge',
  running: 'badge badge-running',
  completed: 'badge badge-success',
  failed: 'badge badge-failed',
};

export function SourceLabel({ source }: { source: ImportSource }) {
  const t = useT();
  return <>{t(sourceLabels[source] ?? 'imports.sourceShort.csv')}</>;
}

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const t = useT();
  return (
    <span className={statusClass[status] ?? 'badge'} data-testid="import-status">
      {t(`imports.status.${status}`)}
    </span>
  );
}
