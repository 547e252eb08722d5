import { useT, type MessageKey } from '../i18n.tsx';
import type { MessageStatus } from '../types.ts';
import { Icon, type IconName } from '../components/Icon.tsx';

const icons: Partial<Record<MessageStatus, IconName>> = {
  queued: 'clock',
  sending: 'clock',
  sent: 'check',
  delivered: 'checks',
  read: 'checks',
  failed: 'alert',
  unknown: 'help',
};

/** The delivery state of an outbound message: clock, ✓, ✓✓, blue ✓✓, red ! or ?. */
export function StatusTick({ status, error }: { status: MessageStatus; error?: string | null }) {
  const t = useT();
  const icon = icons[status];
  if (!icon) return null;
  const label = t(`status.${status}` as MessageKey);
  return (
    <span className={`status-tick status-${status}`} title={error ? `${label}: ${error}` : label} aria-label={label} data-status={status}>
      <Icon name={icon} size={14} />
    </span>
  );
}
