import { useT, type MessageKey } from '../i18n.tsx';
import type { Channel } from '../types.ts';

const family: Record<Channel, string> = {
  sandbox: 'sandbox',
  evolution: 'whatsapp',
  whatsapp_cloud: 'whatsapp',
  whatsapp_export: 'import',
  telegram_bot: 'telegram',
  telegram_user: 'telegram',
  telegram_export: 'import',
};

export function ChannelBadge({ channel }: { channel: Channel }) {
  const t = useT();
  return (
    <span className={`badge badge-channel badge-${family[channel] ?? 'import'}`} data-channel={channel}>
      {t(`channel.${channel}` as MessageKey)}
    </span>
  );
}
