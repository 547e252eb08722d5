export {
  AiProviderError,
  toResponseJsonSchema,
  type AiFailureCode,
  type AiFallbackReason,
  type AiProvider,
  type AiRequest,
  type AiResult,
  type AiUsage,
} from './ai-provider.ts';
export { OpenAiCompatibleProvider, retryAfterMs, type OpenAiCompatibleOptions } from './openai-compatible.provider.ts';
export { OFFLINE_MODEL, OfflineProvider, withOfflineFallback, type OfflineTask } from './fallback.provider.ts';
export { recordAiCall } from './ai-calls.repository.ts';
export { Semaphore } from './semaphore.ts';
export { createAiService, PING_TASK, type AiService, type ResolvedProvider } from './ai-service.ts';
export { resolveAiSettings, type ResolvedAiSettings } from './ai-settings.service.ts';
export { aiRoutes } from './ai.routes.ts';
export { resolveTranscriptionSettings, transcribeAudio, TranscriptionRejectedError, type TranscriptionSettings } from './transcription.ts';
