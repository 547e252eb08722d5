import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { channelAccountsKey } from '../../hooks/useChannelAccounts.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';

/** Shown when the organization has no sandbox account yet (the demo creates one). */
export function CreateSandboxAccount() {
  const t = useT();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => api.post('/api/channel-accounts', { channel: 'sandbox', name: t('sandbox.defaultAccountName') }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: channelAccountsKey }),
  });
  return (
    <div className="card card-tight">
      <p>{t('sandbox.noAccount')}</p>
      <ErrorBanner error={create.error} />
      <button type="button" className="button button-primary" onClick={() => create.mutate()} disabled={create.isPending} data-testid="sandbox-create-account">
        {t('sandbox.createAccount')}
      </button>
    </div>
  );
}
