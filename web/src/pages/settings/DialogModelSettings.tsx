import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { DialogModelStatus } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';

const modelKey = ['analysis-model'] as const;

/** Learning from corrections: which model analyses this organization's dialogs, how well, and a retrain button. */
export function DialogModelSettings() {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: modelKey, queryFn: ({ signal }) => api.get<DialogModelStatus>('/api/analysis/model', undefined, { signal }) });
  const retrain = useMutation({
    mutationFn: () => api.post<unknown>('/api/analysis/model/retrain', {}),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: modelKey }),
  });
  const data = status.data;
  const pct = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${fmt.number(Math.round(value * 1000) / 10)} %`);
  return (
    <section className="stack" aria-label={t('model.title')} data-testid="dialog-model-settings">
      <h3 className="section-label">{t('model.title')}</h3>
      <p className="muted">{t('model.intro')}</p>
      <ErrorBanner error={status.error ?? retrain.error} />
      {data && (
        <>
          <p data-testid="dialog-model-source">
            {data.source === 'organization'
              ? t('model.source.organization', { version: String(data.version), date: data.trainedAt ? fmt.dateTime(data.trainedAt) : '—' })
              : data.source === 'shipped'
                ? t('model.source.shipped', { version: String(data.version) })
                : t('model.source.rules')}
          </p>
          <p className="muted small">{t('model.corrections', { count: fmt.number(data.corrections), pending: fmt.number(data.pendingCorrections) })}</p>
          {data.before && data.after && (
            <table className="table table-compact">
              <thead>
                <tr>
                  <th />
                  <th>{t('model.before')}</th>
                  <th>{t('model.after')}</th>
                </tr>
              </thead>
              <tbody>
                {(['interest', 'stage'] as const).map((task) => (
                  <tr key={task}>
                    <td>{t(`model.${task}`)}</td>
                    <td>{pct(data.before?.[task].agreement)}</td>
                    <td>{pct(data.after?.[task].agreement)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <div>
        <button type="button" className="button" onClick={() => retrain.mutate()} disabled={retrain.isPending || !data || data.corrections === 0} data-testid="dialog-model-retrain">
          <Icon name="rotate" size={16} />
          <span>{retrain.isPending ? t('model.retraining') : t('model.retrain')}</span>
        </button>
      </div>
    </section>
  );
}
