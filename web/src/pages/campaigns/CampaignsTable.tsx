import { useNavigate } from 'react-router-dom';
import { useFormat, useT } from '../../i18n.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import type { Channel, ChannelAccount } from '../../types.ts';
import { CampaignStatusBadge } from './CampaignStatusBadge.tsx';
import type { CampaignListItem } from './campaign-types.ts';
import { percent } from './format.ts';

interface Props {
  campaigns: CampaignListItem[];
  accounts: ChannelAccount[];
  emptyText: string;
}

/** Campaigns with status, sending account, participant counts and reply rate; a row opens the campaign. On a phone each row is a card. */
export function CampaignsTable({ campaigns, accounts, emptyText }: Props) {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const open = (c: CampaignListItem) => navigate(c.status === 'draft' ? `/campaigns/${c.id}/edit` : `/campaigns/${c.id}`);
  return (
    <table className="table campaigns-table" data-testid="campaigns-table">
      <thead>
        <tr>
          <th>{t('campaigns.col.name')}</th>
          <th>{t('campaigns.col.status')}</th>
          <th>{t('campaigns.col.account')}</th>
          <th className="num">{t('campaigns.col.participants')}</th>
          <th className="num">{t('campaigns.col.sent')}</th>
          <th className="num">{t('campaigns.col.replied')}</th>
          <th className="num">{t('campaigns.col.replyRate')}</th>
          <th>{t('campaigns.col.created')}</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.length === 0 && (
          <tr>
            <td colSpan={8} className="table-empty">
              {emptyText}
            </td>
          </tr>
        )}
        {campaigns.map((c) => {
          const account = accounts.find((a) => a.id === c.channelAccountId);
          return (
            <tr
              key={c.id}
              className="table-row-link"
              tabIndex={0}
              onClick={() => open(c)}
              onKeyDown={(event) => event.key === 'Enter' && open(c)}
              data-testid="campaign-row"
              data-campaign-id={c.id}
            >
              <td className="cell-name">{c.name}</td>
              <td data-label={t('campaigns.col.status')}>
                <CampaignStatusBadge status={c.status} />
              </td>
              <td data-label={t('campaigns.col.account')}>
                {account ? (
                  <span className="campaign-account">
                    <ChannelBadge channel={account.channel as Channel} /> {account.name}
                  </span>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="num" data-label={t('campaigns.col.participants')}>{fmt.number(c.counts.total)}</td>
              <td className="num" data-label={t('campaigns.col.sent')}>{fmt.number(c.counts.sent)}</td>
              <td className="num" data-label={t('campaigns.col.replied')}>{fmt.number(c.counts.replied)}</td>
              <td className="num" data-label={t('campaigns.col.replyRate')}>{percent(c.counts.replyRate, fmt)}</td>
              <td className="muted" data-label={t('campaigns.col.created')}>{fmt.date(c.createdAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
