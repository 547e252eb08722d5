import { useT } from '../../i18n.tsx';
import type { CampaignStatus } from './campaign-types.ts';

const tone: Record<CampaignStatus, string> = { draft: '', active: 'badge-success', paused: 'badge-warning', completed: 'badge-running' };

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const t = useT();
  return (
    <span className={`badge ${tone[status]}`} data-testid="campaign-status" data-status={status}>
      {t(`campaigns.status.${status}`)}
    </span>
  );
}
