import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { accountsKey, channelsApi, pendingStep, type ChannelAccountDetail, type ChannelHealth } from './channel-api.ts';
import { CreateChannelForm } from './CreateChannelForm.tsx';
import { EvolutionQr } from './EvolutionQr.tsx';
import { TelegramLogin } from './TelegramLogin.tsx';
import { WebhookInfo } from './WebhookInfo.tsx';
import { AccountHealthCard } from './AccountHealthCard.tsx';
import { EvolutionDbSyncSettings } from '../imports/EvolutionDbSync.tsx';
import { HealthSettingsForm } from './HealthSettingsForm.tsx';

type Panel = { kind: 'qr' | 'telegram' | 'webhook'; accountId: string } | null;

const STATUS_BADGE: Record<ChannelAccountDetail['status'], string> = { active: 'badge badge-success', paused: 'badge badge-warning', disconnected: 'badge badge-failed' };
const HEALTH_BADGE: Record<ChannelHealth['status'], string> = { ok: 'badge badge-success', degraded: 'badge badge-warning', down: 'badge badge-failed' };
const KNOWN_STATES = new Set(['open', 'connecting', 'close', 'webhook', 'polling', 'awaiting_code', 'awaiting_password']);

/** Settings → Channels: every channel account with its status, connecting new ones, QR and Telegram login steps. */
export function ChannelsSettings() {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const admin = isAdminRole(me.role);
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<Panel>(null);
  const [health, setHealth] = useState<Record<string, ChannelHealth | 'checking'>>({});
  const accounts = useQuery({ queryKey: accountsKey, queryFn: channelsApi.list, select: (data) => data.items });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: accountsKey });
  const setStatus = useMutation({ mutationFn: (input: { id: string; status: 'active' | 'paused' }) => channelsApi.setStatus(input.id, input.status), onSettled: invalidate });
  const remove = useMutation({
    mutationFn: (id: string) => channelsApi.remove(id),
    onSuccess: (_answer, id) => {
      if (panel?.accountId === id) setPanel(null);
    },
    onSettled: invalidate,
  });
  const test = async (id: string) => {
    setHealth((current) => ({ ...current, [id]: 'checking' }));
    try {
      const answer = await channelsApi.health(id);
      setHealth((current) => ({ ...current, [id]: answer }));
    } catch (error) {
      setHealth((current) => ({ ...current, [id]: { status: 'down', detail: (error as Error).message } }));
    }
  };
  const items = accounts.data ?? [];
  const panelAccount = panel ? items.find((a) => a.id === panel.accountId) : undefined;
  const openStep = (account: ChannelAccountDetail) => {
    const step = pendingStep(account);
    if (step === 'qr') setPanel({ kind: 'qr', accountId: account.id });
    else if (step) setPanel({ kind: 'telegram', accountId: account.id });
  };

  return (
    <div className="stack">
      <p className="muted">{t('channels.intro')}</p>
      <ErrorBanner error={accounts.error ?? setStatus.error ?? remove.error} />
      <div className="card card-flush">
        {accounts.isPending ? (
          <Spinner />
        ) : items.length === 0 ? (
          <p className="table-empty">{t('channels.none')}</p>
        ) : (
          <table className="table" data-testid="channel-accounts">
            <thead>
              <tr>
                <th>{t('channels.col.name')}</th>
                <th>{t('channels.col.channel')}</th>
                <th>{t('channels.col.address')}</th>
                <th>{t('channels.col.status')}</th>
                <th>{t('channels.col.health')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((account) => {
                const state = account.connection?.state;
                const checked = health[account.id];
                const step = pendingStep(account);
                return (
                  <tr key={account.id} data-testid="channel-account-row" data-account-id={account.id} data-status={account.status} className={account.status === 'paused' ? 'row-muted' : undefined}>
                    <td>
                      <strong>{account.name}</strong>
                      <div className="muted small">{t('channels.since', { date: fmt.date(account.createdAt) })}</div>
                    </td>
                    <td>
                      <ChannelBadge channel={account.channel} />
                    </td>
                    <td className="mono break">{account.address ?? '—'}</td>
                    <td>
                      <span className={STATUS_BADGE[account.status]} data-testid="channel-account-status">
                        {t(`channels.status.${account.status}` as MessageKey)}
                      </span>
                      {state && (
                        <div className="muted small" data-testid="channel-account-state">
                          {KNOWN_STATES.has(state) ? t(`channels.state.${state}` as MessageKey) : state}
                        </div>
                      )}
                    </td>
                    <td>
                      {checked === 'checking' ? (
                        <span className="muted small">{t('channels.checking')}</span>
                      ) : checked ? (
                        <span title={checked.detail}>
                          <span className={HEALTH_BADGE[checked.status]} data-testid="channel-account-health">
                            {t(`channels.health.${checked.status}` as MessageKey)}
                          </span>
                          {checked.detail && <div className="muted small">{checked.detail}</div>}
                        </span>
                      ) : (
                        <button type="button" className="link-button" onClick={() => void test(account.id)} data-testid="channel-account-test">
                          {t('channels.test')}
                        </button>
                      )}
                    </td>
                    <td className="cell-actions">
                      {admin && step && (
                        <button type="button" className="button button-primary button-small" onClick={() => openStep(account)} data-testid="channel-account-continue">
                          {step === 'qr' ? t('channels.showQr') : t('channels.finishLogin')}
                        </button>
                      )}
                      {admin && account.channel !== 'sandbox' && (
                        <button type="button" className="button button-ghost button-small" onClick={() => setPanel({ kind: 'webhook', accountId: account.id })}>
                          {t('channels.webhookButton')}
                        </button>
                      )}
                      {admin && account.status !== 'disconnected' && (
                        <button
                          type="button"
                          className="button button-ghost button-small"
                          disabled={setStatus.isPending}
                          onClick={() => setStatus.mutate({ id: account.id, status: account.status === 'paused' ? 'active' : 'paused' })}
                          data-testid="channel-account-pause"
                        >
                          {account.status === 'paused' ? t('channels.resume') : t('channels.pause')}
                        </button>
                      )}
                      {admin && (
                        <ConfirmButton onConfirm={() => remove.mutate(account.id)} question={t('channels.deleteQuestion')} confirmLabel={t('common.delete')} testId="channel-account-delete">
                          {t('common.delete')}
                        </ConfirmButton>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {items.length > 0 && (
        <div data-testid="account-health-cards" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: 12 }}>
          {items.map((account) => (
            <AccountHealthCard key={account.id} account={account} canResume={admin} />
          ))}
        </div>
      )}
      {admin && items.filter((account) => account.channel === 'evolution').map((account) => <EvolutionDbSyncSettings key={account.id} account={account} />)}
      {admin && items.length > 0 && <HealthSettingsForm />}
      {panel && panelAccount && panel.kind === 'qr' && <EvolutionQr key={panelAccount.id} account={panelAccount} onClose={() => setPanel(null)} />}
      {panel && panelAccount && panel.kind === 'telegram' && <TelegramLogin key={panelAccount.id} account={panelAccount} onClose={() => setPanel(null)} />}
      {panel && panelAccount && panel.kind === 'webhook' && <WebhookInfo key={panelAccount.id} account={panelAccount} onClose={() => setPanel(null)} />}
      {admin ? (
        <CreateChannelForm
          onCreated={(account) => {
            const step = pendingStep(account);
            if (step === 'qr') setPanel({ kind: 'qr', accountId: account.id });
            else if (step) setPanel({ kind: 'telegram', accountId: account.id });
            else if (account.channel !== 'sandbox') setPanel({ kind: 'webhook', accountId: account.id });
          }}
        />
      ) : (
        <p className="card muted">{t('channels.adminOnly')}</p>
      )}
    </div>
  );
}
