import { z } from 'zod';
import type { AiRequest } from '../../ai/ai-provider.ts';
import type { OfflineProvider } from '../../ai/index.ts';
import type { BusinessBrief, DialogMessage } from '../../analysis/engine/analysis-schema.ts';
import { respondOffline, type FaqEntry } from './offline-responder.ts';
import { registerOfflineSuggestedReply } from './suggested-reply.ts';

export const AUTOPILOT_TASK = 'autopilot.reply';

/** What the autopilot decides for one inbound message: answer it, or hand the client to a person. */
export const ZAutopilotDecision = z.object({
  action: z.enum(['reply', 'handover']),
  /** The message to send (empty on handover). */
  text: z.string().max(2000),
  /** Why, in a few words: the FAQ entry used, "asked for a person", "unsure", … */
  reason: z.string().max(300),
  /** 0..1; below the threshold the reply is not sent and the client is handed over. */
  confidence: z.number().min(0).max(1),
});
export type AutopilotDecision = z.infer<typeof ZAutopilotDecision>;

/** Replies the model is less sure of than this go to a person instead. */
export const MIN_CONFIDENCE = 0.6;

export interface AutopilotInput {
  messages: DialogMessage[];
  brief: BusinessBrief;
  faq: FaqEntry[];
  handoverPhrases: string[];
  /** The lead's current analysis in two lines, when there is one. */
  analysisSummary: string | null;
  nextAction: string | null;
}

const inputs = new WeakMap<object, AutopilotInput>();

function systemPrompt(input: AutopilotInput): string {
  const { brief } = input;
  return [
    `You answer clients of "${brief.business.name}" in their messenger on behalf of the business.`,
    brief.business.offer && `Offer: ${brief.business.offer}`,
    brief.business.description && `About the business: ${brief.business.description}`,
    brief.signals.toneOfVoice && `Tone of voice: ${brief.signals.toneOfVoice}`,
    `Goal: answer the client's question from the facts below, and move them to the next step of the funnel (e.g. offer a consultation or a visit slot). Never invent prices, addresses or times that are not in the facts.`,
    input.analysisSummary && `What we know about this client: ${input.analysisSummary}`,
    input.nextAction && `Recommended next step: ${input.nextAction}`,
    input.faq.length ? `Facts (FAQ):\n${input.faq.map((entry) => `- Q: ${entry.question}\n  A: ${entry.answer}`).join('\n')}` : 'There is no FAQ: hand over unless the answer is obvious small talk.',
    `Hand over to a person (action "handover", empty text) when the client asks for a person or manager, is angry or complains, or when you are not sure of the answer. Write in the client's language, briefly, like a person in a chat.`,
    `Answer with JSON: {"action": "reply" | "handover", "text": string, "reason": string, "confidence": 0..1}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function buildAutopilotRequest(input: AutopilotInput): AiRequest<AutopilotDecision> {
  const request: AiRequest<AutopilotDecision> = {
    task: AUTOPILOT_TASK,
    system: systemPrompt(input),
    user: JSON.stringify({ dialog: input.messages.map((m) => `[${m.from}] ${m.text}`) }),
    schema: ZAutopilotDecision,
    jsonSchemaName: 'autopilot_reply',
    temperature: 0.3,
    maxTokens: 400,
  };
  inputs.set(request, input);
  return request;
}

/** Offline, the autopilot answers only from the FAQ and hands everything else over. */
export function registerOfflineAutopilot(offline: OfflineProvider): OfflineProvider {
  // The inbox's suggested reply is drafted by the same machinery (a person sends it, not the autopilot).
  registerOfflineSuggestedReply(offline);
  return offline.registerOfflineTask<AutopilotDecision>(AUTOPILOT_TASK, (request) => {
    const input = inputs.get(request);
    if (!input) throw new Error(`${AUTOPILOT_TASK}: the request was not built by buildAutopilotRequest in this process`);
    return respondOffline(input.messages, input.faq, input.handoverPhrases);
  });
}
