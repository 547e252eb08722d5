import { z } from 'zod';
import type { AiRequest, OfflineProvider } from '../../ai/index.ts';

/**
 * The campaign AI tasks: `{{ai.personalize}}` (a one-line personal opener from the contact's profile and
 * conversation) and "generate a variant" of a step's message. Both have a deterministic offline answer, used
 * when no model is configured and whenever the model fails.
 */
export const PERSONALIZE_TASK = 'campaign.personalize';
export const VARIANT_TASK = 'campaign.variant';

export const ZPersonalizeOutput = z.object({ opener: z.string().max(300) });
export const ZVariantOutput = z.object({ content: z.string().min(1).max(4000) });

export interface PersonalizeInput {
  language: 'ru' | 'en';
  contact: { firstName: string | null; lastName: string | null; company: string | null; tags: string[] };
  /** The conversation so far, oldest first (at most a few lines). */
  conversation: Array<{ from: 'contact' | 'us'; text: string }>;
  campaignName: string;
}

export function buildPersonalizeRequest(input: PersonalizeInput): AiRequest<z.infer<typeof ZPersonalizeOutput>> {
  return {
    task: PERSONALIZE_TASK,
    jsonSchemaName: 'campaign_personalize',
    system:
      'You write the first line of a short, friendly outreach message. Write one sentence (at most 25 words) that ' +
      'is personal to this contact, based only on the facts given (their company, what they wrote before). Never ' +
      'invent facts, never greet (the greeting is already there), no emojis. Answer in the language given as ' +
      '"language". Return JSON {"opener": "..."}.',
    user: JSON.stringify(input),
    schema: ZPersonalizeOutput,
    maxTokens: 120,
    temperature: 0.7,
  };
}

export interface VariantInput {
  content: string;
  instructions: string | null;
  language: 'ru' | 'en';
}

export function buildVariantRequest(input: VariantInput): AiRequest<z.infer<typeof ZVariantOutput>> {
  return {
    task: VARIANT_TASK,
    jsonSchemaName: 'campaign_variant',
    system:
      'You rewrite an outreach message template into an alternative version for an A/B test: same intent and ' +
      'length, different wording. Keep every Liquid expression ({{ ... }} and {% ... %}) exactly as written. ' +
      'Follow the instructions if any. Return JSON {"content": "..."}.',
    user: JSON.stringify(input),
    schema: ZVariantOutput,
    maxTokens: 800,
    temperature: 0.9,
  };
}

const CYRILLIC = /[\u0400-\u04FF]/;

export function guessLanguage(...texts: Array<string | null | undefined>): 'ru' | 'en' {
  return texts.some((t) => t && CYRILLIC.test(t)) ? 'ru' : 'en';
}

/** The offline opener: built from what is known, in the contact's language. */
export function offlineOpener(input: PersonalizeInput): string {
  const ru = input.language === 'ru';
  const lastFromContact = [...input.conversation].reverse().find((m) => m.from === 'contact');
  if (lastFromContact) return ru ? 'Спасибо, что писали нам — решил продолжить разговор.' : 'Thanks for your message earlier — picking the conversation back up.';
  if (input.contact.company) {
    return ru ? `Обратил внимание на ${input.contact.company} и решил написать лично.` : `I came across ${input.contact.company} and wanted to reach out personally.`;
  }
  // Never the name: templates greet by name before the opener ("Hi {{ contact.first_name }}! {{ ai.personalize }}"),
  // and "Hi Aigerim! Hope your week is going well, Aigerim." reads like a mail merge.
  if (input.contact.firstName) return ru ? 'Надеюсь, неделя проходит хорошо.' : 'Hope your week is going well.';
  return ru ? 'Надеюсь, у вас всё хорошо.' : 'Hope all is well on your side.';
}

const GREETING_SWAPS: Array<[RegExp, string]> = [
  [/^(\s*)Hi\b/, '$1Hello'],
  [/^(\s*)Hello\b/, '$1Hey'],
  [/^(\s*)Hey\b/, '$1Hi'],
  [/^(\s*)Здравствуйте\b/u, '$1Добрый день'],
  [/^(\s*)Добрый день\b/u, '$1Здравствуйте'],
  [/^(\s*)Привет\b/u, '$1Здравствуйте'],
];

/** The offline variant: the same text with another greeting and a softer close, Liquid expressions untouched. */
export function offlineVariant(input: VariantInput): string {
  let content = input.content;
  const swap = GREETING_SWAPS.find(([pattern]) => pattern.test(content));
  if (swap) content = content.replace(swap[0], swap[1]);
  else content = `${input.language === 'ru' ? 'Здравствуйте!' : 'Hi!'} ${content}`;
  const close = input.language === 'ru' ? 'Буду рад ответу.' : 'Would love to hear what you think.';
  return content.includes(close) ? content : `${content.trimEnd()}\n${close}`;
}

export function registerCampaignOfflineTasks(offline: OfflineProvider): void {
  offline.registerOfflineTask<z.infer<typeof ZPersonalizeOutput>>(PERSONALIZE_TASK, (request) => ({
    opener: offlineOpener(JSON.parse(request.user) as PersonalizeInput),
  }));
  offline.registerOfflineTask<z.infer<typeof ZVariantOutput>>(VARIANT_TASK, (request) => ({
    content: offlineVariant(JSON.parse(request.user) as VariantInput),
  }));
}
