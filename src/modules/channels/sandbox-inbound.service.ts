import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import type { ChannelAccount } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { normalizePhone } from '../contacts/index.ts';
import { findConversationByKey } from '../conversations/index.ts';
import { ingestInboundMessage, type IngestResult } from './inbound.service.ts';
import type { ZSandboxInbound } from './channels.schemas.ts';

/** A message "from the contact" typed into the sandbox inbox (or posted to the sandbox webhook). */
export async function receiveSandboxMessage(db: Db, account: ChannelAccount, input: z.infer<typeof ZSandboxInbound>, now: Date): Promise<IngestResult> {
  if (account.channel !== 'sandbox') throw new AppError('UNPROCESSABLE', 'this channel account is not a sandbox', [{ field: 'params.accountId', message: 'not a sandbox' }]);
  const sentAt = input.sentAt ? new Date(input.sentAt) : now;
  const externalMessageId = input.messageId ?? `sbxin_${randomUUID()}`;
  if (input.chatId) {
    const conversation = await findConversationByKey(db, account.organization_id, {
      channel: 'sandbox',
      channelAccountId: account.id,
      externalChatId: input.chatId,
    });
    if (conversation?.contact_id) {
      return ingestInboundMessage(db, account, {
        externalChatId: input.chatId,
        externalMessageId,
        knownContactId: conversation.contact_id,
        from: { name: input.from?.name },
        text: input.text,
        sentAt,
      });
    }
    if (!input.from?.name && !input.from?.phone) {
      throw new AppError('BAD_REQUEST', 'unknown chat: say who is writing with from.name or from.phone', [{ field: 'body.chatId', message: 'no such sandbox chat' }]);
    }
  }
  const region = (await db.selectFrom('organizations').select('default_region').where('id', '=', account.organization_id).executeTakeFirstOrThrow()).default_region;
  const phone = input.from?.phone ? normalizePhone(input.from.phone, region) : null;
  if (phone && !phone.e164) throw new AppError('BAD_REQUEST', `phone is ${phone.problem}`, [{ field: 'body.from.phone', message: phone.problem ?? 'invalid' }]);
  if (!phone?.e164 && !input.from?.name && !input.from?.telegramUsername) {
    throw new AppError('BAD_REQUEST', 'say who is writing: from.phone, from.name or from.telegramUsername', [{ field: 'body.from', message: 'required' }]);
  }
  const chatId = input.chatId ?? (phone?.e164 ? `sandbox:${phone.e164}` : `sandbox:${randomUUID()}`);
  return ingestInboundMessage(db, account, {
    externalChatId: chatId,
    externalMessageId,
    from: { name: input.from?.name ?? null, phone: phone?.e164 ?? null, telegramUsername: input.from?.telegramUsername?.replace(/^@/, '') ?? null },
    text: input.text,
    sentAt,
  });
}
