import OpenAI, { APIConnectionError, APIError, toFile } from 'openai';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { Config } from '../../platform/config.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import { resolveAiSettings } from './ai-settings.service.ts';

/** Where an organization's voice notes are transcribed: its AI endpoint with a speech-to-text model. */
export interface TranscriptionSettings {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeoutMs: number;
}

/**
 * The organization's transcription endpoint, or null when none is configured (offline, or no model set):
 * the organization's own AI settings with `transcriptionModel`, else the environment's `AI_*` endpoint with
 * `AI_TRANSCRIPTION_MODEL`.
 */
export async function resolveTranscriptionSettings(db: DbOrTx, config: Config, secrets: SecretBox, organizationId: string): Promise<TranscriptionSettings | null> {
  const settings = await resolveAiSettings(db, config, secrets, organizationId);
  if (settings.mode !== 'llm' || !settings.transcriptionModel) return null;
  // Audio takes longer than a chat answer: at least two minutes per attempt.
  return { baseUrl: settings.baseUrl, apiKey: settings.apiKey, model: settings.transcriptionModel, timeoutMs: Math.max(settings.timeoutMs, 120_000) };
}

/** A transcription the endpoint refused for good (unsupported format, unknown model, bad key): not retried. */
export class TranscriptionRejectedError extends Error {}

/**
 * One OpenAI-compatible `POST /audio/transcriptions` (multipart: file + model) through the SDK; returns the text.
 * 4xx answers other than 408/409/429 throw `TranscriptionRejectedError`; everything else is retryable.
 */
export async function transcribeAudio(settings: TranscriptionSettings, audio: { bytes: Uint8Array; fileName: string; mimeType: string }): Promise<string> {
  const client = new OpenAI({ baseURL: settings.baseUrl, apiKey: settings.apiKey ?? 'none', timeout: settings.timeoutMs, maxRetries: 0 });
  try {
    const file = await toFile(audio.bytes, audio.fileName, { type: audio.mimeType });
    const result = await client.audio.transcriptions.create({ file, model: settings.model, response_format: 'json' });
    return (result.text ?? '').trim();
  } catch (error) {
    if (error instanceof APIError && !(error instanceof APIConnectionError) && error.status !== undefined) {
      const status = error.status;
      if (status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429) {
        throw new TranscriptionRejectedError(`transcription refused: HTTP ${status} ${error.message.slice(0, 200)}`);
      }
    }
    throw error;
  }
}
