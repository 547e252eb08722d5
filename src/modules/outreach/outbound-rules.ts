import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getConversation } from '../conversations/index.ts';
import { adapterFor, getChannelAccount, type OutboundDraft } from '../channels/index.ts';

/**
 * Refuses, before anything is queued, a message the conversation's channel would reject as composed: a
 * template on a channel without templates, free text outside WhatsApp's 24-hour window. The answer tells the
 * user what to send instead. Conversations without an account are left to the queueing rules.
 */
export async function assertSendable(ctx: AppContext, organizationId: string, conversationId: string, draft: OutboundDraft): Promise<void> {
  const conversation = await getConversation(ctx.db, organizationId, conversationId);
  if (!conversation.channel_account_id) return;
  const account = await getChannelAccount(ctx.db, organizationId, conversation.channel_account_id);
  const adapter = adapterFor(ctx.channels, account.channel);
  if (draft.template && !adapter.supportsTemplates) {
    throw new AppError('UNPROCESSABLE', `templates are a WhatsApp Cloud API feature; ${account.channel} sends the text itself`, [
      { field: 'body.template', message: 'not supported on this channel' },
    ]);
  }
  const refusal = adapter.checkOutbound?.(account, { lastInboundAt: conversation.last_inbound_at }, draft, ctx.clock.now());
  if (refusal) {
    throw new AppError('UNPROCESSABLE', refusal.message, [{ field: draft.media ? 'body.media' : 'body.body', message: refusal.reason === 'window_closed' ? 'outside the 24-hour window: send an approved template (body.template)' : refusal.message }]);
  }
}
