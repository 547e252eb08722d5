import { useT } from '../../i18n.tsx';
import type { ParticipantStatus } from './campaign-types.ts';

const tone: Record<ParticipantStatus, string> = {
  pending: '',
  sent: 'badge-running',
  delivered: 'badge-running',
  replied: 'badge-success',
  bounced: 'badge-failed',
  stopped: 'badge-warning',
  opted_out: 'badge-failed',
};

export function ParticipantStatusBadge({ status }: { status: ParticipantStatus }) {
  const t = useT();
  return (
    <span className={`badge ${tone[status]}`} data-testid="participant-status" data-status={status}>
      {t(`campaigns.participant.${status}`)}
    </span>
  );
}
