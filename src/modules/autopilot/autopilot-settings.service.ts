import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/client.ts';
import { DEFAULT_HANDOVER_PHRASES } from './engine/offline-responder.ts';

export const ZAutopilotSettings = z.object({
  /** New leads start with autopilot on. */
  defaultOn: z.boolean(),
  /** What the business answers to common questions; offline, the autopilot answers only from here. */
  faq: z.array(z.strictObject({ question: z.string().trim().min(3).max(500), answer: z.string().trim().min(1).max(2000) })).max(100),
  /** The pause before a reply, so it reads like a person typing. */
  typingDelaySeconds: z.number().int().min(0).max(600),
  /** Replies only inside these hours (the organization's time zone); null: any time. */
  workingHours: z
    .strictObject({
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
      end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM'),
      daysOfWeek: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    })
    .nullable(),
  /** Phrases that hand the client to a person, in addition to the built-in Russian and English ones. */
  handoverPhrases: z.array(z.string().trim().min(2).max(100)).max(100),
});
export type AutopilotSettings = z.infer<typeof ZAutopilotSettings>;

export const DEFAULT_AUTOPILOT_SETTINGS: AutopilotSettings = {
  defaultOn: false,
  faq: [],
  typingDelaySeconds: 20,
  workingHours: { start: '09:00', end: '21:00', daysOfWeek: [1, 2, 3, 4, 5, 6, 7] },
  handoverPhrases: [],
};

export async function getAutopilotSettings(db: DbOrTx, organizationId: string): Promise<AutopilotSettings> {
  const row = await db.selectFrom('autopilot_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return DEFAULT_AUTOPILOT_SETTINGS;
  return {
    defaultOn: row.default_on,
    faq: row.faq,
    typingDelaySeconds: row.typing_delay_seconds,
    workingHours: row.working_hours,
    handoverPhrases: row.handover_phrases ?? [],
  };
}

export async function saveAutopilotSettings(db: DbOrTx, organizationId: string, settings: AutopilotSettings, now: Date): Promise<void> {
  const values = {
    default_on: settings.defaultOn,
    faq: JSON.stringify(settings.faq),
    typing_delay_seconds: settings.typingDelaySeconds,
    working_hours: settings.workingHours ? JSON.stringify(settings.workingHours) : null,
    handover_phrases: JSON.stringify(settings.handoverPhrases),
    updated_at: now,
  };
  await db
    .insertInto('autopilot_settings')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
}

/** The built-in phrases plus the organization's own. */
export function handoverPhrasesOf(settings: AutopilotSettings): string[] {
  return [...DEFAULT_HANDOVER_PHRASES, ...settings.handoverPhrases];
}
