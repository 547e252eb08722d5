import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Lead, Page } from '../../types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { LeadColumn } from './LeadColumn.tsx';
import { NewLeadModal } from './NewLeadModal.tsx';
import { boardKey, useBoardLeads, usePipelines } from './leadQueries.ts';
import { useDefaultName } from './default-names.ts';

/** The pipeline as a board: a column per stage; drag a card (or use its stage menu) to move it. */
export function LeadsPage() {
  const t = useT();
  const name = useDefaultName();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const [chosenPipelineId, setChosenPipelineId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [draggingId, setDraggingId] = useState<string | null>(null);

  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === chosenPipelineId) ?? list.find((p) => p.isDefault) ?? list[0];
  const leads = useBoardLeads(pipeline?.id);
  const key = boardKey(pipeline?.id);

  const move = useMutation({
    mutationFn: ({ leadId, stageId }: { leadId: string; stageId: string }) => api.patch<Lead>(`/api/leads/${leadId}`, { stageId }),
    onMutate: async ({ leadId, stageId }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Page<Lead>>(key);
      queryClient.setQueryData<Page<Lead>>(key, (old) =>
        old ? { ...old, items: old.items.map((lead) => (lead.id === leadId ? { ...lead, stageId } : lead)) } : old,
      );
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (lead) => {
      queryClient.setQueryData<Page<Lead>>(key, (old) => (old ? { ...old, items: old.items.map((l) => (l.id === lead.id ? lead : l)) } : old));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['leads'] }),
  });

  const moveLead = (leadId: string, stageId: string) => {
    const lead = leads.data?.items.find((l) => l.id === leadId);
    if (lead && lead.stageId !== stageId) move.mutate({ leadId, stageId });
  };

  const stages = [...(pipeline?.stages ?? [])].sort((a, b) => a.position - b.position);

  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1>{t('leads.title')}</h1>
        <div className="page-actions">
          {list.length > 1 && (
            <select value={pipeline?.id ?? ''} onChange={(event) => setChosenPipelineId(event.target.value)} aria-label={t('leads.pipeline')}>
              {list.map((p) => (
                <option key={p.id} value={p.id}>
                  {name('pipeline', p.key, p.name)}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="button button-primary" onClick={() => setCreating(true)} disabled={!pipeline} data-testid="lead-new">
            <Icon name="plus" size={16} />
            <span>{t('leads.new')}</span>
          </button>
        </div>
      </header>
      <ErrorBanner error={pipelines.error ?? leads.error ?? move.error} />
      {pipelines.isPending || (pipeline && leads.isPending) ? (
        <Spinner />
      ) : !pipeline ? (
        <EmptyState icon="board" title={t('leads.noPipeline')} />
      ) : (
        <div className="board" data-testid="lead-board">
          {stages.map((stage) => (
            <LeadColumn
              key={stage.id}
              stage={stage}
              stages={stages}
              leads={(leads.data?.items ?? []).filter((lead) => lead.stageId === stage.id)}
              draggingId={draggingId}
              onDragStart={setDraggingId}
              onDragEnd={() => setDraggingId(null)}
              onMove={moveLead}
            />
          ))}
        </div>
      )}
      {creating && pipeline && <NewLeadModal pipeline={pipeline} stages={stages} onClose={() => setCreating(false)} />}
    </div>
  );
}
