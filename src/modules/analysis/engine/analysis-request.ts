import type { AiRequest } from '../../ai/ai-provider.ts';
import { ZDialogAnalysisOutput, type BusinessBrief, type DialogAnalysisOutput, type DialogMessage } from './analysis-schema.ts';
import { renderAnalysisPromptTemplate } from './prompt-template.ts';

export const ANALYSIS_TASK = 'dialog.analysis';
export const ANALYSIS_JSON_SCHEMA_NAME = 'dialog_analysis';

/** The organization's analysis prompt when it has none yet: the offline template. */
export function defaultAnalysisPrompt(brief: BusinessBrief): string {
  return renderAnalysisPromptTemplate(brief);
}

export interface AnalysisInput {
  messages: DialogMessage[];
  brief: BusinessBrief;
  now?: Date;
}

/**
 * The structured input behind each request, so the offline task answers from exactly what the caller passed. The
 * request object is the key: providers hand the same object through (the fallback wrapper included).
 */
const inputs = new WeakMap<object, AnalysisInput>();

interface AnalysisPayload {
  business: string;
  /** Answer `qualification` with one entry per question, in this order. */
  qualificationQuestions: string[];
  /** Who the business targets and excludes; the prompt has it too, but it is short and keeps the request self-contained. */
  targetNotes: string;
  coldSignals: string[];
  now?: string;
  /** "[client 2025-03-03T06:01:00.000Z] text" — the time is left out when unknown. */
  dialog: string[];
}

const LINE = /^\[(client|business)(?: ([^\]]*))?\] ?([\s\S]*)$/u;

function toLine(message: DialogMessage): string {
  return `[${message.from}${message.at ? ` ${message.at}` : ''}] ${message.text}`;
}

export function buildAnalysisRequest(
  messages: DialogMessage[],
  brief: BusinessBrief,
  prompt: string | null,
  options: { now?: Date } = {},
): AiRequest<DialogAnalysisOutput> {
  const payload: AnalysisPayload = {
    business: brief.business.name,
    qualificationQuestions: brief.funnel.qualificationQuestions,
    targetNotes: brief.signals.notes,
    coldSignals: brief.signals.cold,
    ...(options.now ? { now: options.now.toISOString() } : {}),
    dialog: messages.map(toLine),
  };
  const request: AiRequest<DialogAnalysisOutput> = {
    task: ANALYSIS_TASK,
    system: prompt ?? defaultAnalysisPrompt(brief),
    user: JSON.stringify(payload),
    schema: ZDialogAnalysisOutput,
    jsonSchemaName: ANALYSIS_JSON_SCHEMA_NAME,
  };
  inputs.set(request, { messages, brief, ...(options.now ? { now: options.now } : {}) });
  return request;
}

/**
 * The dialog and brief of an analysis request: from the side channel when this process built the request, else
 * parsed back from `user` (a copied or replayed request). Both give the offline analyser the same input, because it
 * reads only the questions, the notes and the cold signals of the brief.
 */
export function readAnalysisRequest(request: AiRequest<unknown>): AnalysisInput {
  const known = inputs.get(request);
  if (known) return known;
  let payload: AnalysisPayload;
  try {
    payload = JSON.parse(request.user) as AnalysisPayload;
  } catch (error) {
    throw new Error(`${ANALYSIS_TASK}: the request was not built by buildAnalysisRequest (user is not JSON)`, { cause: error });
  }
  if (!payload || !Array.isArray(payload.dialog) || !Array.isArray(payload.qualificationQuestions)) {
    throw new Error(`${ANALYSIS_TASK}: the request was not built by buildAnalysisRequest (no dialog or questions)`);
  }
  const messages = payload.dialog.map((line, index): DialogMessage => {
    const match = LINE.exec(String(line));
    if (!match) throw new Error(`${ANALYSIS_TASK}: dialog line ${index + 1} is not "[client|business time] text"`);
    return match[2] ? { from: match[1] as DialogMessage['from'], text: match[3] ?? '', at: match[2] } : { from: match[1] as DialogMessage['from'], text: match[3] ?? '' };
  });
  const brief: BusinessBrief = {
    business: { name: String(payload.business ?? ''), offer: '', niche: '', description: '' },
    funnel: { stages: [], qualificationQuestions: payload.qualificationQuestions.map(String), qualifiedWhen: '' },
    signals: { hot: [], cold: Array.isArray(payload.coldSignals) ? payload.coldSignals.map(String) : [], toneOfVoice: '', notes: String(payload.targetNotes ?? '') },
  };
  return { messages, brief, ...(payload.now ? { now: new Date(payload.now) } : {}) };
}
