import type { AppContext } from '../../platform/context.ts';
import { recordAiCall } from '../ai/index.ts';
import { getBoardLead, getBusinessProfile } from '../analysis/index.ts';
import { listServices } from '../booking/index.ts';
import { getConversation, loadDialog } from '../conversations/index.ts';
import { getContact } from '../contacts/index.ts';
import { findLeadForContact, getDefaultPipeline } from '../pipelines/index.ts';
import { buildSuggestedReplyRequest, dialogLanguage, type ReplyLanguage } from './engine/suggested-reply.ts';

/** How much of the conversation the draft reads. */
const DIALOG_TAIL = 20;

export interface SuggestedReplyResult {
  text: string;
  /** 'ai': the configured model wrote it; 'offline': drafted from the business profile without a model. */
  source: 'ai' | 'offline';
  language: ReplyLanguage;
}

/**
 * A draft answer for the person at the composer: the business profile (offer, services and prices, booking link),
 * the conversation's last messages and the lead's latest analysis. Never sent from here.
 */
export async function suggestReply(ctx: AppContext, organizationId: string, conversationId: string): Promise<SuggestedReplyResult> {
  const { db } = ctx;
  const conversation = await getConversation(db, organizationId, conversationId);
  const [profile, dialog, services, contact] = await Promise.all([
    getBusinessProfile(db, organizationId),
    loadDialog(db, organizationId, conversationId, DIALOG_TAIL),
    listServices(db, organizationId),
    conversation.contact_id ? getContact(db, organizationId, conversation.contact_id).catch(() => null) : null,
  ]);
  let analysis: { summary: string | null; nextAction: string | null } | null = null;
  if (conversation.contact_id) {
    const pipeline = await getDefaultPipeline(db, organizationId);
    const lead = await findLeadForContact(db, organizationId, conversation.contact_id, pipeline.id);
    if (lead) analysis = (await getBoardLead(db, organizationId, lead.id).catch(() => null))?.analysis ?? null;
  }
  const messages = dialog.filter((line) => line.text).map((line) => ({ from: line.direction === 'inbound' ? ('client' as const) : ('business' as const), text: line.text }));
  const request = buildSuggestedReplyRequest({
    messages,
    brief: profile.brief,
    services: services.map((s) => ({ name: s.name, price: s.price === null ? null : Number(s.price), currency: s.currency })),
    clientFirstName: contact?.first_name ?? null,
    analysisSummary: analysis?.summary ?? null,
    nextAction: analysis?.nextAction ?? null,
  });
  const { provider } = await ctx.ai.providerFor(db, organizationId);
  const result = await provider.generateJson(request);
  await recordAiCall(db, organizationId, result, request.task);
  return { text: result.value.text.trim(), source: result.provider === 'openai' ? 'ai' : 'offline', language: dialogLanguage(messages) };
}
