import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { AnalysisProfile, BusinessPreset, PromptVersion } from '../analysis-types.ts';

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

/** The business-type presets in the UI's language (they are written in Russian and English). */
export function useBusinessPresets(language: 'ru' | 'en') {
  return useQuery({
    queryKey: ['analysis-presets', language],
    queryFn: ({ signal }) => api.get<{ items: BusinessPreset[] }>('/api/analysis/presets', { lang: language }, { signal }),
    select: (data) => data.items,
    staleTime: Infinity,
  });
}
