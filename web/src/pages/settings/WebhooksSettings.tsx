import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { Webhook } from '../../types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AddWebhookForm } from './AddWebhookForm.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { SecretReveal } from './SecretReveal.tsx';

export const webhooksKey = ['webhooks'] as const;

export function WebhooksSettings() {
  return (
    <AdminOnly>
      <WebhooksPanel />
    </AdminOnly>
  );
}

function WebhooksPanel() {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const webhooks = useQuery({
    queryKey: webhooksKey,
    queryFn: ({ signal }) => api.get<{ items: Webhook[] }>('/api/webhooks', undefined, { signal }),
  });
  const remove = useMutation({
    mutationFn: (webhookId: string) => api.delete(`/api/webhooks/${webhookId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksKey }),
  });

  return (
    <div className="stack">
      <p className="muted">{t('settings.webhooksIntro')}</p>
      {created && <SecretReveal label={created.url} secret={created.secret} onDismiss={() => setCreated(null)} testId="webhook-secret" />}
      <ErrorBanner error={webhooks.error ?? remove.error} />
      <div className="card card-flush">
        {webhooks.isPending ? (
          <Spinner />
        ) : (webhooks.data?.items ?? []).length === 0 ? (
          <p className="table-empty">{t('settings.noWebhooks')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.url')}</th>
                <th>{t('settings.events')}</th>
                <th>{t('settings.created')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(webhooks.data?.items ?? []).map((hook) => (
                <tr key={hook.id} className={hook.isActive ? undefined : 'row-muted'}>
                  <td className="mono break">{hook.url}</td>
                  <td>
                    {hook.eventTypes.length === 0 ? (
                      <span className="muted">{t('settings.allEvents')}</span>
                    ) : (
                      <span className="tag-list">
                        {hook.eventTypes.map((type) => (
                          <span key={type} className="tag mono">
                            {type}
                          </span>
                        ))}
                      </span>
                    )}
                  </td>
                  <td className="nowrap">{fmt.date(hook.createdAt)}</td>
                  <td className="cell-actions">
                    <ConfirmButton onConfirm={() => remove.mutate(hook.id)} confirmLabel={t('common.delete')}>
                      {t('common.delete')}
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <AddWebhookForm onCreated={(url, secret) => setCreated({ url, secret })} />
    </div>
  );
}
