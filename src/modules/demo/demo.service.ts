import type { Db } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';
import { createOrganization, findOrganizationBySlug } from '../orgs/index.ts';
import { createContact } from '../contacts/index.ts';
import { createChannelAccount } from '../channels/index.ts';
import { findOrCreateConversation, storeInboundMessage } from '../conversations/index.ts';
import { createLead, listPipelines } from '../pipelines/index.ts';
import type { AiService } from '../ai/index.ts';
import { analyzeDialogs, saveBrief, setBusinessType, generateAnalysisPrompt } from '../analysis/index.ts';
import { SALON_DEMO_BRIEF } from '../analysis/engine/default-profile.ts';
import { DEMO_CONTACTS, DEMO_DIALOGS } from './demo-data.ts';
import { seedDemoCampaign } from './demo-campaign.ts';
import { seedDemoBooking } from './demo-booking.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_OWNER_EMAIL = 'owner@demo.parley.local';

export interface DemoResult {
  organizationId: string;
  email: string;
  password: string;
  contacts: number;
  conversations: number;
  visits: number;
}

/**
 * Creates the demo organization (a Bishkek salon) with an owner, a sandbox account, contacts, dialogs and
 * leads. With `reset`, an existing demo organization is deleted first; without it, an existing one is kept.
 */
export async function seedDemo(
  db: Db,
  options: { password: string; reset?: boolean; now?: Date; logger?: Logger; /** With it, the demo dialogs are analysed offline and scored. */ ai?: AiService },
): Promise<DemoResult | null> {
  const existing = await findOrganizationBySlug(db, DEMO_SLUG);
  if (existing && !options.reset) return null;
  if (existing) await db.deleteFrom('organizations').where('id', '=', existing.id).execute();

  const now = options.now ?? new Date();
  const { organization, ownerId } = await createOrganization(db, {
    slug: DEMO_SLUG,
    name: 'Demo Salon «Ак Жол»',
    defaultRegion: 'KG',
    timezone: 'Asia/Bishkek',
    locale: 'ru',
    currency: 'KGS',
    owner: { email: DEMO_OWNER_EMAIL, name: 'Demo Owner', password: options.password },
  });
  const orgId = organization.id;
  try {
    return await fillDemo(db, { orgId, ownerId, now, logger: options.logger, password: options.password, ai: options.ai });
  } catch (error) {
    // Services commit as they go; a half-seeded demo is removed rather than left behind.
    await db.deleteFrom('organizations').where('id', '=', orgId).execute();
    throw error;
  }
}

async function fillDemo(
  db: Db,
  { orgId, ownerId, now, logger, password, ai }: { orgId: string; ownerId: string; now: Date; logger?: Logger; password: string; ai?: AiService },
): Promise<DemoResult> {
  const account = await createChannelAccount(db, orgId, { channel: 'sandbox', name: 'Sandbox WhatsApp', address: '+996 700 000 000' });
  const pipeline = (await listPipelines(db, orgId)).find((p) => p.is_default)!;

  const contacts = [];
  for (const [index, c] of DEMO_CONTACTS.entries()) {
    const contact = await createContact(db, orgId, { firstName: c.firstName, lastName: c.lastName, phone: c.phone, language: c.language, tags: c.tags }, 'demo');
    contacts.push(contact);
    if (index === 11) {
      await db.updateTable('contacts').set({ opted_out_at: now, opt_out_reason: 'asked not to be contacted' }).where('id', '=', contact.id).execute();
    }
  }

  // The salon's calendar and a year of visits (issue 7): the reactivation list has clients on it from the start.
  const booking = await seedDemoBooking(db, { organizationId: orgId, contacts, now, ai });
  await seedDemoCampaign(db, orgId, ownerId, account.id);

  let conversations = 0;
  for (const [index, dialog] of DEMO_DIALOGS.entries()) {
    const contact = contacts[index]!;
    const startedAt = now.getTime() - (DEMO_DIALOGS.length - index) * 26 * 3600_000;
    await db.transaction().execute(async (tx) => {
      const conversation = await findOrCreateConversation(
        tx,
        orgId,
        { channel: 'sandbox', channelAccountId: account.id, externalChatId: `sandbox:${contact.phone_e164}` },
        { contactId: contact.id },
      );
      for (const [step, [direction, text]] of dialog.lines.entries()) {
        const sentAt = new Date(startedAt + step * 7 * 60_000);
        if (direction === 'in') {
          await storeInboundMessage(
            tx,
            orgId,
            { conversationId: conversation.id, externalId: `demo-${index}-${step}`, authorContactId: contact.id, authorName: contact.display_name, body: text, sentAt },
            'sandbox',
          );
        } else {
          await tx
            .insertInto('messages')
            .values({
              organization_id: orgId,
              conversation_id: conversation.id,
              direction: 'outbound',
              external_id: `demo-${index}-${step}`,
              author_user_id: ownerId,
              author_name: 'Demo Owner',
              body: text,
              status: 'read',
              sent_at: sentAt,
              delivered_at: sentAt,
              read_at: sentAt,
            })
            .execute();
          await tx
            .updateTable('conversations')
            .set({ last_message_at: sentAt, last_message_preview: text.slice(0, 140), unread_count: 0 })
            .where('id', '=', conversation.id)
            .execute();
        }
      }
    });
    conversations++;
    const stage = pipeline.stages.find((s) => s.key === dialog.stage) ?? pipeline.stages[0]!;
    await createLead(db, orgId, { contactId: contact.id, pipelineId: pipeline.id, stageId: stage.id, source: 'demo' }, ownerId);
  }
  if (ai) await analyseDemo(db, ai, orgId, now);
  // Recent activity lands in "unread" as a real inbox would have it.
  await db.updateTable('conversations').set({ unread_count: 0 }).where('organization_id', '=', orgId).where('unread_count', '>', 0).where('last_message_at', '<', new Date(now.getTime() - 3 * 86_400_000)).execute();
  logger?.info({ organization: DEMO_SLUG, contacts: contacts.length, conversations, visits: booking.visits }, 'demo data loaded');
  return { organizationId: orgId, email: DEMO_OWNER_EMAIL, password, contacts: contacts.length, conversations, visits: booking.visits };
}

/**
 * The salon's onboarding is done (brief, prompt v1 from the template) and its dialogs are analysed offline, so the
 * leads board opens with scores, summaries and next actions. A salon lead can be one message long: minIncoming 1.
 */
async function analyseDemo(db: Db, ai: AiService, organizationId: string, now: Date): Promise<void> {
  await saveBrief(db, organizationId, SALON_DEMO_BRIEF, true, now);
  // The salon preset: scoring for a salon (booked, service, time, master, returning client), its stage meanings and signals.
  await setBusinessType(db, organizationId, { businessType: 'beauty_salon', applyPreset: true, language: 'ru' }, now);
  await generateAnalysisPrompt(db, ai, organizationId, null, { useLlm: false });
  await analyzeDialogs(db, ai, organizationId, { useLlm: false }, { now: () => now });
}
