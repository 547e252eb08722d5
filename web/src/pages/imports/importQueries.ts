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
  errors: ({ chat: string; line: number | null } & LineReason)[];
  invalidPhones: ({ contact: string; phone: string } & LineReason)[];
  stages: Record<string, number>;
  stageNames?: Record<string, string>;
  pipeline?: { id: string; name: string } | null;
  languages: Record<string, number>;
  durationMs: number;
}

/** A per-line reason: the server's English, and a code with its values the page words in the reader's language. */
export interface LineReason {
  reason: string;
  code?: 'csv_unterminated_quote' | 'csv_unreadable_line' | 'csv_field_count' | 'csv_no_identity' | 'phone_no_digits' | 'phone_not_a_number' | 'phone_invalid';
  params?: Record<string, string>;
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
  recommendations?: Recommendation[];
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Recommendation {
  id: string;
  kind: 'problem' | 'check';
  count?: number;
  detail?: string;
}

export interface AuthorsPreview {
  chats: { title: string | null; origin: string; isGroup: boolean; messages: number; authors: string[] }[];
  authors: { name: string; chats: number }[];
  suggestedMe: string | null;
  needsChoice: boolean;
  failures: { file: string; reason: string }[];
}

/** What goes up: one file as it is, or several packed into one stored .zip the server unpacks (`bundle`). */
export interface UploadBody {
  blob: Blob;
  fileName: string;
  bundle: boolean;
}

export async function uploadBodyOf(files: File[]): Promise<UploadBody> {
  if (files.length === 1) return { blob: files[0]!, fileName: files[0]!.name, bundle: false };
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  for (const file of files) zip.file(file.name, file);
  const blob = await zip.generateAsync({ type: 'blob', compression: 'STORE' });
  return { blob, fileName: `${files.length} files.zip`, bundle: true };
}

export function previewAuthors(body: UploadBody, signal?: AbortSignal): Promise<AuthorsPreview> {
  return api.upload<AuthorsPreview>('/api/imports/authors', { fileName: body.fileName, bundle: body.bundle }, body.blob, { signal });
}

export interface UploadOptions {
  source: UploadSource;
  body: UploadBody;
  dryRun: boolean;
  skipDuplicates: boolean;
  me?: string;
  pipelineId?: string;
  limit?: number;
  useLlm: boolean;
}

export const importsKey = ['imports'] as const;
export const importKey = (importId: string) => ['imports', 'run', importId] as const;

export function isActive(run: Pick<ImportRun, 'status'>): boolean {
  return run.status === 'queued' || run.status === 'running';
}

export function uploadImport({ source, body, dryRun, skipDuplicates, me, pipelineId, limit, useLlm }: UploadOptions): Promise<ImportRun> {
  return api.upload<ImportRun>(
    '/api/imports',
    { source, fileName: body.fileName, bundle: body.bundle, dryRun, skipDuplicates, me: me?.trim() || undefined, pipelineId, limit, useLlm },
    body.blob,
  );
}

export function startEvolutionPull(input: { channelAccountId: string; limit?: number }): Promise<ImportRun> {
  return api.post<ImportRun>('/api/imports/evolution', input);
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
