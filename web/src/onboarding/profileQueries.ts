import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { AnalysisProfile, PromptVersion } from '../analysis-types.ts';

export const profileKey = ['analysis-profile'] as const;
export const promptsKey = ['analysis-prompts'] as const;

export function useAnalysisProfile(enabled = true) {
  return useQuery({
    queryKey: profileKey,
    queryFn: ({ signal }) => api.get<AnalysisProfile>('/api/analysis/profile', undefined, { signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function usePromptVersions() {
  return useQuery({
    queryKey: promptsKey,
    queryFn: ({ signal }) => api.get<{ items: PromptVersion[] }>('/api/analysis/prompts', undefined, { signal }),
    select: (data) => data.items,
  });
}
