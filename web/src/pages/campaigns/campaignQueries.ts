import { useEffect, useRef } from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, request } from '../../api.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import type { Page } from '../../types.ts';
import type {
  Agent,
  AudiencePreview,
  Campaign,
  CampaignDetail,
  CampaignListItem,
  CampaignStats,
  CampaignStatus,
  CsvReport,
  GroupSource,
  Participant,
  ParticipantStatus,
  PickerContact,
  Step,
  TargetAudience,
} from './campaign-types.ts';
import type { PrelaunchCheck, TestSendResult } from './prelaunch-types.ts';

export const campaignsKey = ['campaigns'] as const;
export const campaignKey = (id: string) => ['campaigns', 'one', id] as const;
const base = (id: string) => `/api/campaigns/${id}`;

/** Polling while a campaign can still change by itself (sending, replies coming in). */
const live = (status: CampaignStatus | undefined) => (status === 'active' || status === 'paused' ? 3000 : false);

function flatten<T extends { id: string }>(pages: Array<Page<T>> | undefined): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const page of pages ?? []) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
  }
  return out;
}

export function useCampaigns(status: CampaignStatus | null) {
  const query = useInfiniteQuery({
    queryKey: ['campaigns', 'list', status],
    queryFn: ({ pageParam, signal }) => api.get<Page<CampaignListItem>>('/api/campaigns', { status, cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: flatten(query.data?.pages) };
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKey(id),
    queryFn: ({ signal }) => api.get<CampaignDetail>(base(id), undefined, { signal }),
    refetchInterval: (query) => live(query.state.data?.status),
    staleTime: 0,
  });
}

export function useCampaignStats(id: string, status: CampaignStatus | undefined) {
  return useQuery({
    queryKey: ['campaigns', 'stats', id],
    queryFn: ({ signal }) => api.get<CampaignStats>(`${base(id)}/stats`, undefined, { signal }),
    refetchInterval: live(status),
    staleTime: 0,
    enabled: Boolean(status),
  });
}

export function useParticipants(id: string, status: ParticipantStatus | null, campaignStatus: CampaignStatus | undefined) {
  const query = useInfiniteQuery({
    queryKey: ['campaigns', 'participants', id, status],
    queryFn: ({ pageParam, signal }) => api.get<Page<Participant>>(`${base(id)}/participants`, { status, cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: live(campaignStatus),
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: flatten(query.data?.pages) };
}

export function useAgents() {
  return useQuery({
    queryKey: ['campaigns', 'agents'],
    queryFn: ({ signal }) => api.get<{ items: Agent[] }>('/api/campaigns/agents', undefined, { signal }),
    select: (data) => data.items,
    staleTime: 10_000,
  });
}

export function useAudiencePreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'audience', id],
    queryFn: ({ signal }) => api.get<AudiencePreview>(`${base(id)}/audience/preview`, undefined, { signal }),
    enabled,
    retry: false,
  });
}

/**
 * The count for the audience as it is being edited (not saved yet): the filters are sent once they stop changing
 * for 400 ms; the last count stays on screen meanwhile.
 */
export function useAudienceDraftPreview(id: string, draft: { targetAudience: TargetAudience; channelAccountId: string | null } | null) {
  const body = useDebounced(draft ? JSON.stringify(draft) : null, 400);
  return useQuery({
    queryKey: ['campaigns', 'audience', id, 'draft', body],
    queryFn: ({ signal }) => api.post<AudiencePreview>(`${base(id)}/audience/preview`, JSON.parse(body!) as unknown, { signal }),
    enabled: body !== null,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function usePickerContacts(params: { search: string; outreachStatus: 'new' | 'in_outreach' | null; bdAccountId: string | null }) {
  const query = useInfiniteQuery({
    queryKey: ['campaigns', 'picker', params],
    queryFn: ({ pageParam, signal }) => api.get<Page<PickerContact>>('/api/campaigns/contacts-for-picker', { ...params, cursor: pageParam, limit: 50 }, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  return { ...query, items: flatten(query.data?.pages) };
}

export function useGroupSources(enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'group-sources'],
    queryFn: ({ signal }) => api.get<{ items: GroupSource[] }>('/api/campaigns/group-sources', undefined, { signal }),
    select: (data) => data.items,
    enabled,
  });
}

/** The message rendered on a real contact (or the sample one), as it would be sent. */
export function useMessagePreview(id: string, content: string, contactId: string | null) {
  return useQuery({
    queryKey: ['campaigns', 'preview', id, content, contactId],
    queryFn: ({ signal }) =>
      api.post<{ text: string; usesAi: boolean; aiSource: 'sample' | 'offline' | 'llm' | null }>(`${base(id)}/preview`, { content, contactId }, { signal }),
    enabled: content.trim() !== '',
    retry: false,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

function useInvalidate(id?: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: campaignsKey });
    if (id) void queryClient.invalidateQueries({ queryKey: campaignKey(id) });
  };
}

export function useCreateCampaign() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { name: string; channelAccountId?: string | null }) => api.post<CampaignDetail>('/api/campaigns', body),
    onSuccess: invalidate,
  });
}

export type CampaignPatch = Partial<Pick<Campaign, 'name' | 'channelAccountId' | 'schedule' | 'targetAudience' | 'leadCreationSettings'>> & {
  settings?: Partial<Campaign['settings']>;
};

export function useSaveCampaign(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate(id);
  return useMutation({
    mutationFn: (patch: CampaignPatch) => api.patch<CampaignDetail>(base(id), patch),
    onSuccess: (data) => {
      queryClient.setQueryData(campaignKey(id), data);
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'audience', id] });
      invalidate();
    },
  });
}

export function useSaveSteps(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (steps: unknown[]) => request<{ items: Step[] }>('PUT', `${base(id)}/steps`, { steps }),
    onSuccess: (data) => {
      queryClient.setQueryData<CampaignDetail>(campaignKey(id), (old) => (old ? { ...old, steps: data.items } : old));
    },
  });
}

export type CampaignAction = 'start' | 'pause' | 'resume' | 'stop';

export function useCampaignAction(id: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate(id);
  return useMutation({
    // A start carries the confirm token of the pre-launch check.
    mutationFn: (action: CampaignAction | { action: 'start'; confirmToken: string }) =>
      typeof action === 'string' ? api.post<CampaignDetail>(`${base(id)}/${action}`) : api.post<CampaignDetail>(`${base(id)}/start`, { confirmToken: action.confirmToken }),
    onSuccess: (data) => {
      queryClient.setQueryData(campaignKey(id), data);
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'stats', id] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'participants', id] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'agents'] });
      invalidate();
    },
  });
}

export function useDeleteCampaign(id: string) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: () => api.delete<{ ok: true }>(base(id)), onSuccess: invalidate });
}

export function useUploadCsv(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { content: string; hasHeader: boolean }) => api.post<CsvReport>(`${base(id)}/audience/from-csv`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['campaigns', 'audience', id] }),
  });
}

export function useClearCsvList(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete<{ ok: true }>(`${base(id)}/audience/list`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['campaigns', 'audience', id] }),
  });
}

/** When a campaign's status changes by itself (it completed), its figures are fetched once more. */
export function useRefreshOnStatusChange(id: string, status: CampaignStatus | undefined) {
  const queryClient = useQueryClient();
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current !== undefined && status !== previous.current) {
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'stats', id] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'participants', id] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'list'] });
    }
    previous.current = status;
  }, [id, status, queryClient]);
}

export interface Template {
  id: string;
  name: string;
  content: string;
}

/** Organization-wide message presets (campaign_id IS NULL). */
export function usePresets() {
  return useQuery({
    queryKey: ['campaigns', 'presets'],
    queryFn: ({ signal }) => api.get<{ items: Template[] }>('/api/campaigns/presets', undefined, { signal }),
    select: (data) => data.items,
  });
}

export function useSavePreset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; content: string }) => api.post<Template>('/api/campaigns/presets', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['campaigns', 'presets'] }),
  });
}

/** An alternative wording of a message for an A/B test (the AI provider, or the offline rewrite). */
export function useGenerateVariant(id: string) {
  return useMutation({
    mutationFn: (content: string) => api.post<{ content: string; provider: string; fallbackReason: string | null }>(`${base(id)}/generate-variant`, { content }),
  });
}

export function useStopParticipant(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (participantId: string) => api.post<{ ok: true }>(`${base(id)}/participants/${participantId}/stop`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'participants', id] });
      void queryClient.invalidateQueries({ queryKey: ['campaigns', 'stats', id] });
    },
  });
}

/** The pre-launch check, run when the dialog opens (and again after a fix). */
export function usePrelaunch(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['campaigns', 'prelaunch', id],
    queryFn: ({ signal }) => api.post<PrelaunchCheck>(`${base(id)}/prelaunch`, {}, { signal }),
    enabled,
    retry: false,
    gcTime: 0,
  });
}

export function useTestSend(id: string) {
  return useMutation({
    mutationFn: (body: { to: 'sandbox' | 'phone'; phone?: string | null; contactId?: string | null }) => api.post<TestSendResult>(`${base(id)}/test-send`, body),
  });
}
