// Imports API: upload an export, follow the run, list past runs.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export type ImportSource = 'whatsapp' | 'telegram' | 'evolution' | 'csv';
export type UploadSource = Exclude<ImportSource, 'evolution'>;
export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ImportProgress {
  chatsTotal?: number;
  chatsDone?: number;
  messagesRead?: number;
  messagesImported?: number;
  contacts?: number;
}

export interface ImportReport {
  source: string;
  dryRun: boolean;
  chats: number;
  contacts: number;
  imported: number;
  skippedDuplicates: number;
  updated: number;
  messages: number;
  messagesImported: number;
  messagesSkippedDuplicates: number;
  firstMessageAt: string | null;
  lastMessageAt: string | null;
  averageMessagesPerContact: number;
  errors: { chat: string; line: number | null; reason: string }[];
  invalidPhones: { contact: string; phone: string; reason: string }[];
  stages: Record<string, number>;
  languages: Record<string, number>;
  durationMs: number;
}

export interface ImportRun {
  id: string;
  source: ImportSource;
  status: ImportStatus;
  dryRun: boolean;
  fileName: string | null;
  options: Record<string, unknown>;
  progress: ImportProgress;
  report: ImportReport | null;
  reportMarkdown: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface UploadOptions {
  source: UploadSource;
  file: File;
  dryRun: boolean;
  skipDuplicates: boolean;
  me?: string;
}

export const importsKey = ['imports'] as const;
export const importKey = (importId: string) => ['imports', 'run', importId] as const;

export function isActive(run: Pick<ImportRun, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running';
}

export function uploadImport({ source, file, dryRun, skipDuplicates, me }: UploadOptions): Promise<ImportRun> {
  return api.upload<ImportRun>(
    '/api/imports',
    { source, fileName: file.name, dryRun, skipDuplicates, me: me?.trim() || undefined },
    file,
  );
}

export function useImportRuns() {
  return useQuery({
    queryKey: importsKey,
    queryFn: ({ signal }) => api.get<{ items: ImportRun[] }>('/api/imports', { limit: 20 }, { signal }),
    // While a run in the list is still going, keep the list fresh too.
    refetchInterval: (query) => (query.state.data?.items.some(isActive) ? 2000 : false),
  });
}

/** One run; polled every second while it is queued or running. */
export function useImportRun(importId: string | undefined) {
  return useQuery({
    queryKey: importKey(importId ?? ''),
    queryFn: ({ signal }) => api.get<ImportRun>(`/api/imports/${importId}`, undefined, { signal }),
    enabled: Boolean(importId),
    refetchInterval: (query) => (query.state.data && !isActive(query.state.data) ? false : 1000),
  });
}
