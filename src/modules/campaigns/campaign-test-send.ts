import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { ChannelAccount } from '../../platform/db/schema.ts';
import { getOrganization } from '../orgs/index.ts';
import { listChannelAccounts } from '../channels/index.ts';
import { listContactsWithCompany, normalizePhone } from '../contacts/index.ts';
import { findOrCreateConversation } from '../conversations/index.ts';
import { queueOutboundMessage } from '../outreach/index.ts';
import { compileTemplate, renderTemplate, sampleContext, type RenderContext } from './engine/render.ts';
import { seededRandom } from './engine/spintax.ts';
import { variantsOf } from './campaign-model.ts';
import { businessFacts, contextFor } from './campaign-prelaunch.ts';
import { audienceScope, campaignTemplates, getCampaignRow, listSteps, resolveSendingAccount } from './campaigns.service.ts';
import { previewAudience } from './campaign-audience.ts';
import { audienceOf } from './campaign-model.ts';

export interface TestSendInput {
  /** `sandbox`: the organization's sandbox inbox; `phone`: a number the person enters, through the campaign's account. */
  to: 'sandbox' | 'phone';
  phone?: string | null;
  /** Whose data fills the variables; the first recipient of the audience when absent. */
  contactId?: string | null;
  /** Which step's message (0-based); the first when absent. */
  step?: number | null;
}

/**
 * Sends one step's message, rendered for a real recipient, to the person themselves: their sandbox inbox or a
 * number they enter. It is a normal outbound message (same queue, same checks), in a chat of its own.
 */
export async function testSendCampaign(ctx: AppContext, organizationId: string, campaignId: string, userId: string, input: TestSendInput) {
  const { db, clock } = ctx;
  const campaign = await getCampaignRow(db, organizationId, campaignId);
  const steps = await listSteps(db, organizationId, campaignId);
  const stepIndex = input.step ?? 0;
  const step = steps[stepIndex];
  if (!step) throw new AppError('BAD_REQUEST', `the campaign has no step ${stepIndex + 1}`, [{ field: 'body.step', message: 'no such step' }]);
  const templates = new Map((await campaignTemplates(db, organizationId, campaignId)).map((t) => [t.id, t]));
  const template = templates.get(variantsOf(step)[0]?.templateId ?? '');
  if (!template) throw new AppError('UNPROCESSABLE', `step ${stepIndex + 1} has no message`, [{ field: 'body.step', message: 'no message' }]);
  const organization = await getOrganization(db, organizationId);
  const sending = await resolveSendingAccount(db, organizationId, campaign);
  const business = businessFacts(organization);

  let contactId = input.contactId ?? null;
  if (!contactId) contactId = (await previewAudience(db, audienceOf(campaign), audienceScope(organizationId, campaignId, sending))).sample[0]?.id ?? null;
  let context: RenderContext = { ...sampleContext(), business, campaign: { name: campaign.name }, sender: { name: sending.name } };
  if (contactId) {
    const [contact] = await listContactsWithCompany(db, organizationId, [contactId]);
    if (!contact) throw new AppError('BAD_REQUEST', 'no such contact', [{ field: 'body.contactId', message: 'no such contact' }]);
    context = contextFor(contact, campaign, sending.name, business);
  }
  const text = renderTemplate(compileTemplate(template.content), context, seededRandom(`prelaunch:${contactId ?? 'sample'}:${step.id}`));

  let account: ChannelAccount;
  let externalChatId: string;
  let title: string;
  if (input.to === 'sandbox') {
    const sandbox = sending.channel === 'sandbox' ? sending : (await listChannelAccounts(db, organizationId)).find((a) => a.channel === 'sandbox' && a.status === 'active');
    if (!sandbox) throw new AppError('UNPROCESSABLE', 'there is no sandbox account to send a test to: add one in Settings → Channels, or enter a number', [{ field: 'body.to', message: 'no sandbox account' }]);
    account = sandbox;
    externalChatId = `test:${userId}`;
    title = `Test: ${campaign.name}`;
  } else {
    const phone = normalizePhone(input.phone, organization.default_region);
    if (!phone.e164) throw new AppError('BAD_REQUEST', `phone is ${phone.problem ?? 'missing'}`, [{ field: 'body.phone', message: phone.problem ?? 'required' }]);
    account = sending;
    const chatId = ctx.channels.get(account.channel)?.chatIdForContact({ id: 'test', phone_e164: phone.e164, telegram_id: null, telegram_username: null });
    if (!chatId) throw new AppError('UNPROCESSABLE', `the ${account.name} account cannot write to a phone number`, [{ field: 'body.phone', message: 'channel cannot reach a phone number' }]);
    externalChatId = chatId;
    title = `Test: ${phone.e164}`;
  }
  const conversation = await findOrCreateConversation(db, organizationId, { channel: account.channel, channelAccountId: account.id, externalChatId }, { contactId: null, title });
  const message = await queueOutboundMessage(
    db,
    organizationId,
    { conversationId: conversation.id, body: text, authorUserId: userId, metadata: { campaignTest: campaignId } },
    clock.now(),
  );
  return { messageId: message.id, conversationId: conversation.id, accountId: account.id, accountName: account.name, text };
}
