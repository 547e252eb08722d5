import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { AnalysisRun } from '../../analysis-types.ts';
import { invalidateLeadData, isRunActive, useAnalysisRun } from './leadQueries.ts';

export interface AnalyzeRequest {
  force: boolean;
  conversationIds?: string[];
}

/**
 * Starts an analysis run and follows it until it ends, then refreshes the leads, stats and analyses.
 * With `resumeLatest`, a run still going from before (another tab, a reload) is picked up on mount.
 */
export function useAnalyzeRun({ resumeLatest = false, leadId }: { resumeLatest?: boolean; leadId?: string } = {}) {
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string | null>(null);
  const handled = useRef<string | null>(null);

  const latest = useQuery({
    queryKey: ['analysis-runs'],
    queryFn: ({ signal }) => api.get<{ items: AnalysisRun[] }>('/api/dialogs/runs', undefined, { signal }),
    enabled: resumeLatest,
    staleTime: Infinity,
    retry: false,
  });
  const resumable = latest.data?.items[0];
  useEffect(() => {
    if (resumable && isRunActive(resumable)) setRunId((current) => current ?? resumable.id);
  }, [resumable]);

  const start = useMutation({
    mutationFn: (body: AnalyzeRequest) => api.post<{ runId: string; jobId: string; status: string }>('/api/dialogs/analyze', body),
    onSuccess: (answer) => {
      handled.current = null;
      setRunId(answer.runId);
    },
  });

  const run = useAnalysisRun(runId);
  const data = runId ? run.data : undefined;

  // A run can finish before the first poll answers, so refresh once per finished run rather than on a transition.
  useEffect(() => {
    if (!data || isRunActive(data) || handled.current === data.id) return;
    handled.current = data.id;
    invalidateLeadData(queryClient, leadId);
  }, [data, queryClient, leadId]);

  return {
    run: data,
    active: start.isPending || (Boolean(runId) && !run.isError && (!data || isRunActive(data))),
    error: start.error ?? (runId ? run.error : null),
    start: (body: AnalyzeRequest) => start.mutate(body),
    dismiss: () => {
      setRunId(null);
      start.reset();
    },
  };
}
