import { z } from 'zod';
import type { DbOrTx } from '../../platform/db/client.ts';
import { DEFAULT_MIN_PRIORITY } from './engine/scorer.ts';
import { checkTemplate } from './engine/messages.ts';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const ZReengagementSettings = z
  .object({
    /** Form the queue every day at `formAt` (organization's time zone); off: only on demand. */
    enabled: z.boolean(),
    formAt: HHMM,
    /** Days of the week (1 = Monday) the queue is formed and sent. */
    daysOfWeek: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    /** At most this many leads a day (the account's daily allowance may cut it further). */
    dailyLimit: z.number().int().min(1).max(5000),
    /** The account the messages go out through; null: the first active account. */
    channelAccountId: z.uuid().nullable(),
    /** Sends only between these local times. */
    window: z.strictObject({ start: HHMM, end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM') }),
    slotMinutes: z.number().int().min(5).max(240),
    /** Approve every generated message at once instead of waiting for review. */
    autoApprove: z.boolean(),
    /** A lead is quiet after this many days without a message in either direction. */
    minDaysQuiet: z.number().int().min(1).max(3650),
    /** Leads quiet longer than this are left alone. */
    maxDaysQuiet: z.number().int().min(1).max(3650),
    /** A lead picked (sent, skipped or pending) in the last N days is not picked again. */
    recontactAfterDays: z.number().int().min(1).max(365),
    /** Stage keys never re-engaged (won and lost stages by default). */
    excludedStages: z.array(z.string().trim().min(1).max(60)).max(50),
    /** Rules-score threshold; low on purpose so a meaningful share of quiet leads is picked. */
    minPriority: z.number().int().min(-100).max(200),
    /** Let the model re-rank the shortlist and write the messages when an AI provider is configured. */
    useAi: z.boolean(),
    /** Days after a send during which a reply counts; after that the item is `no_reply`. */
    replyWindowDays: z.number().int().min(1).max(60),
    /** A move of the lead to a later stage within this many days of the send counts as a conversion. */
    conversionWindowDays: z.number().int().min(1).max(120),
    /** The organization's own Liquid templates per stage key (`default` for the rest); offline messages use them. */
    templates: z.record(z.string().min(1).max(60), z.string().trim().min(1).max(1500)),
  })
  .superRefine((value, ctx) => {
    if (value.window.end <= value.window.start) ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: 'must be after the start' });
    if (value.maxDaysQuiet < value.minDaysQuiet) ctx.addIssue({ code: 'custom', path: ['maxDaysQuiet'], message: 'must not be less than minDaysQuiet' });
    for (const [key, source] of Object.entries(value.templates)) {
      const problem = checkTemplate(source);
      if (problem) ctx.addIssue({ code: 'custom', path: ['templates', key], message: problem });
    }
  });
export type ReengagementSettings = z.infer<typeof ZReengagementSettings>;

export const DEFAULT_REENGAGEMENT_SETTINGS: ReengagementSettings = {
  enabled: false,
  formAt: '09:00',
  daysOfWeek: [1, 2, 3, 4, 5, 6, 7],
  dailyLimit: 300,
  channelAccountId: null,
  window: { start: '10:00', end: '19:00' },
  slotMinutes: 30,
  autoApprove: false,
  minDaysQuiet: 3,
  maxDaysQuiet: 365,
  recontactAfterDays: 14,
  excludedStages: ['deal_closed', 'deal_lost', 'sold', 'service', 'closed'],
  minPriority: DEFAULT_MIN_PRIORITY,
  useAi: true,
  replyWindowDays: 3,
  conversionWindowDays: 14,
  templates: {},
};

export async function getReengagementSettings(db: DbOrTx, organizationId: string): Promise<ReengagementSettings> {
  const row = await db.selectFrom('reengagement_settings').select('settings').where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return DEFAULT_REENGAGEMENT_SETTINGS;
  // Stored settings are re-validated over the defaults, so a field added later takes its default.
  const parsed = ZReengagementSettings.safeParse({ ...DEFAULT_REENGAGEMENT_SETTINGS, ...row.settings });
  return parsed.success ? parsed.data : DEFAULT_REENGAGEMENT_SETTINGS;
}

export async function saveReengagementSettings(db: DbOrTx, organizationId: string, settings: ReengagementSettings, now: Date): Promise<void> {
  const value = JSON.stringify(settings);
  await db
    .insertInto('reengagement_settings')
    .values({ organization_id: organizationId, settings: value, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ settings: value, updated_at: now }))
    .execute();
}
