import { useFormat, useT } from '../../i18n.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useGroupSources } from './campaignQueries.ts';
import type { TargetAudience } from './campaign-types.ts';
import { TelegramGroupSearch } from './TelegramGroupSearch.tsx';

interface Props {
  audience: TargetAudience;
  accountChannel: string | null;
  disabled: boolean;
  onChange(audience: TargetAudience): void;
}

/** The Telegram group source: members of a group or channel one of the organization's Telegram accounts is in. */
export function TelegramGroupAudience({ audience, accountChannel, disabled, onChange }: Props) {
  const t = useT();
  const fmt = useFormat();
  const groups = useGroupSources(true);
  const chosen = audience.telegramGroup;
  return (
    <div className="stack" data-testid="telegram-group-audience">
      {accountChannel !== null && accountChannel !== 'telegram_user' && <p className="banner banner-warning">{t('campaigns.group.needsTelegram')}</p>}
      <ErrorBanner error={groups.error} />
      {groups.data && groups.data.length === 0 && <EmptyState icon="users" title={t('campaigns.group.none')}>{t('campaigns.group.noneHint')}</EmptyState>}
      <ul className="option-list">
        {(groups.data ?? []).map((g) => {
          const selected = chosen?.telegramChatId === g.telegramChatId && (chosen.bdAccountId ?? g.bdAccountId) === g.bdAccountId;
          return (
            <li key={`${g.bdAccountId}:${g.telegramChatId}`}>
              <label className={selected ? 'option-card selected' : 'option-card'}>
                <input
                  type="radio"
                  name="telegram-group"
                  checked={selected}
                  disabled={disabled}
                  onChange={() => onChange({ ...audience, telegramGroup: { bdAccountId: g.bdAccountId, telegramChatId: g.telegramChatId } })}
                />
                <span className="option-card-title">{g.title ?? g.telegramChatId}</span>
                <span className="muted small">
                  {t(`campaigns.group.${g.peerType}`)} · {t('campaigns.group.members', { n: fmt.number(g.memberCount) })}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <TelegramGroupSearch disabled={disabled} onRead={(group) => onChange({ ...audience, telegramGroup: group })} />
    </div>
  );
}
