import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { Lead, Page, Pipeline } from '../../types.ts';
import type {
  AnalysisRun,
  BoardLead,
  AnalysisDetail,
  DialogStats,
  LeadFilters,
  LeadNote,
  LeadCardScore,
  LeadSort,
  StageHistoryEntry,
} from '../../analysis-types.ts';

export const pipelinesKey = ['pipelines'] as const;
export const boardKey = (params: Record<string, unknown>) => ['leads', 'board', params] as const;
export const leadKey = (leadId: string) => ['leads', 'one', leadId] as const;
export const statsKey = (filters: LeadFilters) => ['dialog-stats', filters] as const;
export const analysisKey = (analysisId: string) => ['dialog-analysis', analysisId] as const;
export const historyKey = (leadId: string) => ['lead-history', leadId] as const;
export const notesKey = (leadId: string) => ['lead-notes', leadId] as const;
export const runKey = (runId: string) => ['analysis-run', runId] as const;
export const cardKey = (leadId: string) => ['leads', 'card', leadId] as const;

/** Score, interest and breakdown as the server adds them up (GET /api/dialogs/leads/:id/card); null: never scored. */
export function useLeadCard(leadId: string) {
  return useQuery({
    queryKey: cardKey(leadId),
    queryFn: ({ signal }) => api.get<LeadCardScore | null>(`/api/dialogs/leads/${leadId}/card`, undefined, { signal }),
  });
}

const PAGE_SIZE = 100;

export function usePipelines() {
  return useQuery({
    queryKey: pipelinesKey,
    queryFn: ({ signal }) => api.get<{ items: Pipeline[] }>('/api/pipelines', undefined, { signal }),
    select: (data) => data.items,
    staleTime: 60_000,
  });
}

export function useBoardLeads(pipelineId: string | undefined, filters: LeadFilters, sort: LeadSort) {
  const params = { pipelineId, ...filters, sort };
  const query = useInfiniteQuery({
    queryKey: boardKey(params),
    queryFn: ({ pageParam, signal }) => api.get<Page<BoardLead>>('/api/leads', { ...params, cursor: pageParam, limit: PAGE_SIZE }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(pipelineId),
    refetchInterval: 30_000,
    // A filter change keeps the current rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  // Pages are refetched together, so a lead that moved can sit on two of them for a moment: keep the first.
  const seen = new Set<string>();
  const items: BoardLead[] = [];
  for (const page of query.data?.pages ?? []) {
    for (const lead of page.items) {
      if (seen.has(lead.id)) continue;
      seen.add(lead.id);
      items.push(lead);
    }
  }
  return { ...query, items };
}

export function useDialogStats(filters: LeadFilters) {
  return useQuery({
    queryKey: statsKey(filters),
    queryFn: ({ signal }) => api.get<DialogStats>('/api/dialogs/stats', { ...filters }, { signal }),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  });
}

/**
 * One lead as the board shows it. GET /api/leads/:id answers the bare lead, so its board row (phone,
 * conversation, analysis) is found among the leads of its contact, which is a short list.
 */
export function useLead(leadId: string) {
  return useQuery({
    queryKey: leadKey(leadId),
    queryFn: async ({ signal }) => {
      const lead = await api.get<Lead>(`/api/leads/${leadId}`, undefined, { signal });
      const ofContact = await api.get<Page<BoardLead>>('/api/leads', { contactId: lead.contactId, limit: 200 }, { signal });
      const row = ofContact.items.find((item) => item.id === leadId);
      return row ?? { ...lead, contactPhone: null, conversationId: null, lastMessageAt: null, analysis: null };
    },
  });
}

export function useAnalysis(analysisId: string | null | undefined) {
  return useQuery({
    queryKey: analysisKey(analysisId ?? ''),
    queryFn: ({ signal }) => api.get<AnalysisDetail>(`/api/dialogs/analysis/${analysisId}`, undefined, { signal }),
    enabled: Boolean(analysisId),
  });
}

export function useStageHistory(leadId: string) {
  return useQuery({
    queryKey: historyKey(leadId),
    queryFn: ({ signal }) => api.get<{ items: StageHistoryEntry[] }>(`/api/leads/${leadId}/history`, undefined, { signal }),
    select: (data) => data.items,
  });
}

export function useLeadNotes(leadId: string) {
  return useQuery({
    queryKey: notesKey(leadId),
    queryFn: ({ signal }) => api.get<{ items: LeadNote[] }>(`/api/leads/${leadId}/notes`, undefined, { signal }),
    select: (data) => data.items,
  });
}

export function isRunActive(run: AnalysisRun | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

/** An analysis run, polled every second while it is queued or running. */
export function useAnalysisRun(runId: string | null) {
  return useQuery({
    queryKey: runKey(runId ?? ''),
    queryFn: ({ signal }) => api.get<AnalysisRun>(`/api/dialogs/analyze/${runId}`, undefined, { signal }),
    enabled: Boolean(runId),
    refetchInterval: (query) => (isRunActive(query.state.data) || !query.state.data ? 1000 : false),
    staleTime: 0,
  });
}

/** Everything an analysis run or a lead change can alter. */
export function invalidateLeadData(queryClient: ReturnType<typeof useQueryClient>, leadId?: string) {
  void queryClient.invalidateQueries({ queryKey: ['leads'] });
  void queryClient.invalidateQueries({ queryKey: ['dialog-stats'] });
  void queryClient.invalidateQueries({ queryKey: ['dialog-analysis'] });
  if (leadId) void queryClient.invalidateQueries({ queryKey: historyKey(leadId) });
}

export interface LeadPatch {
  stageKey?: string;
  autopilot?: boolean;
}

/** PATCH /api/dialogs/leads/:id, applied to the cached board at once and rolled back if the server refuses. */
export function usePatchLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ leadId, patch }: { leadId: string; patch: LeadPatch }) => api.patch<BoardLead>(`/api/dialogs/leads/${leadId}`, patch),
    onMutate: async ({ leadId, patch }) => {
      await queryClient.cancelQueries({ queryKey: ['leads'] });
      const boards = queryClient.getQueriesData<InfiniteData<Page<BoardLead>>>({ queryKey: ['leads', 'board'] });
      const single = queryClient.getQueryData<BoardLead>(leadKey(leadId));
      const apply = (lead: BoardLead): BoardLead => (lead.id === leadId ? { ...lead, ...patch } : lead);
      queryClient.setQueriesData<InfiniteData<Page<BoardLead>>>({ queryKey: ['leads', 'board'] }, (old) =>
        old ? { ...old, pages: old.pages.map((page) => ({ ...page, items: page.items.map(apply) })) } : old,
      );
      if (single) queryClient.setQueryData(leadKey(leadId), apply(single));
      return { boards, single };
    },
    onError: (_error, { leadId }, context) => {
      for (const [key, data] of context?.boards ?? []) queryClient.setQueryData(key, data);
      if (context?.single) queryClient.setQueryData(leadKey(leadId), context.single);
    },
    onSettled: (_data, _error, { leadId }) => invalidateLeadData(queryClient, leadId),
  });
}
