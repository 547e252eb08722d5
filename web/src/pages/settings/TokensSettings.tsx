import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { ApiToken } from '../../types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { SecretReveal } from './SecretReveal.tsx';

export const tokensKey = ['tokens'] as const;

export function TokensSettings() {
  return (
    <AdminOnly>
      <TokensPanel />
    </AdminOnly>
  );
}

function TokensPanel() {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>('/api/tokens', undefined, { signal }),
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => api.delete(`/api/tokens/${tokenId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });

  return (
    <div className="stack">
      <p className="muted">{t('settings.tokensIntro')}</p>
      {created && <SecretReveal label={created.name} secret={created.secret} onDismiss={() => setCreated(null)} testId="token-secret" />}
      <ErrorBanner error={tokens.error ?? revoke.error} />
      <div className="card card-flush">
        {tokens.isPending ? (
          <Spinner />
        ) : (tokens.data?.items ?? []).length === 0 ? (
          <p className="table-empty">{t('settings.noTokens')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.name')}</th>
                <th>{t('settings.role')}</th>
                <th>{t('settings.prefix')}</th>
                <th>{t('settings.created')}</th>
                <th>{t('settings.lastUsed')}</th>
                <th>{t('settings.expires')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(tokens.data?.items ?? []).map((token) => (
                <tr key={token.id} className={token.revokedAt ? 'row-muted' : undefined}>
                  <td>{token.name}</td>
                  <td>{t(`role.${token.role}`)}</td>
                  <td className="mono">{token.prefix}…</td>
                  <td className="nowrap">{fmt.date(token.createdAt)}</td>
                  <td className="nowrap">{token.lastUsedAt ? fmt.dateTime(token.lastUsedAt) : t('settings.never')}</td>
                  <td className="nowrap">{token.expiresAt ? fmt.date(token.expiresAt) : t('settings.never')}</td>
                  <td className="cell-actions">
                    {token.revokedAt ? (
                      <span className="badge">{t('settings.revoked')}</span>
                    ) : (
                      <ConfirmButton onConfirm={() => revoke.mutate(token.id)} question={t('settings.revokeQuestion')} confirmLabel={t('settings.revoke')}>
                        {t('settings.revoke')}
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <CreateTokenForm onCreated={(name, secret) => setCreated({ name, secret })} />
    </div>
  );
}
