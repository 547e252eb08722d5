import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount, MediaInfo } from '../../../platform/db/schema.ts';
import { applyDeliveryReceipt, claimPendingOutbound } from '../../conversations/index.ts';
import { ingestInboundMessage } from '../inbound.service.ts';
import { isRec, str, type Rec } from '../provider-http.ts';
import { cloudError, WINDOW_CLOSED_CODE } from './cloud.api.ts';

/**
 * `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the exact request bytes with the app secret, compared
 * in constant time. The raw body is required: re-serialised JSON would not match.
 */
export function isValidSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface CloudWebhookResult {
  stored: number;
  duplicates: number;
  receipts: number;
  ignored: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function secondsToDate(value: unknown, fallback: Date): Date {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : fallback;
}

/** One Cloud API message object → text and media description (media is described, never downloaded). */
function contentOf(message: Rec): { text: string; media: MediaInfo | null; mediaId?: string | null } | null {
  const type = str(message.type);
  const part = type && isRec(message[type]) ? (message[type] as Rec) : {};
  switch (type) {
    case 'text':
      return { text: str(part.body) ?? '', media: null };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const mediaType = type === 'audio' && part.voice === true ? 'voice' : type;
      const caption = str(part.caption) ?? null;
      return {
        text: caption ?? '',
        media: { type: mediaType, mimeType: str(part.mime_type) ?? null, fileName: str(part.filename) ?? null, caption, omitted: true },
        mediaId: str(part.id) ?? null,
      };
    }
    case 'location': {
      const label = [str(part.name), str(part.address)].filter(Boolean).join(', ');
      return { text: label || `${part.latitude},${part.longitude}`, media: { type: 'location', omitted: true } };
    }
    case 'contacts': {
      const names = (Array.isArray(message.contacts) ? message.contacts : [])
        .map((c) => (isRec(c) && isRec(c.name) ? str(c.name.formatted_name) : undefined))
        .filter(Boolean);
      return { text: names.join(', '), media: { type: 'contact', omitted: true } };
    }
    case 'button':
      return { text: str(part.text) ?? str(part.payload) ?? '', media: null };
    case 'interactive': {
      const reply = isRec(part.button_reply) ? part.button_reply : isRec(part.list_reply) ? part.list_reply : {};
      return { text: str(reply.title) ?? str(reply.id) ?? '', media: null };
    }
    case 'order':
      return { text: str(isRec(part) ? part.text : undefined) ?? '[order]', media: { type: 'other', omitted: true } };
    default:
      // Reactions, system notices (number changed), unsupported types: nothing for the inbox.
      return null;
  }
}

/**
 * A `whatsapp_business_account` webhook body: inbound messages and statuses of outbound ones. Meta posts one
 * app-wide URL for every number of the app, so changes for another number are routed to that number's
 * account in the same organization, if there is one.
 */
export async function handleCloudWebhook(db: Db, account: ChannelAccount, body: unknown, now: Date): Promise<CloudWebhookResult> {
  const result: CloudWebhookResult = { stored: 0, duplicates: 0, receipts: 0, ignored: 0 };
  const entries = isRec(body) && Array.isArray(body.entry) ? body.entry : [];
  for (const entry of entries) {
    const changes = isRec(entry) && Array.isArray(entry.changes) ? entry.changes : [];
    for (const change of changes) {
      if (!isRec(change) || change.field !== 'messages' || !isRec(change.value)) {
        result.ignored++;
        continue;
      }
      const value = change.value;
      const phoneNumberId = isRec(value.metadata) ? str(value.metadata.phone_number_id) : undefined;
      const target = await accountForNumber(db, account, phoneNumberId);
      if (!target) {
        result.ignored++;
        continue;
      }
      await handleValue(db, target, value, now, result);
    }
  }
  return result;
}

async function accountForNumber(db: Db, account: ChannelAccount, phoneNumberId: string | undefined): Promise<ChannelAccount | undefined> {
  const own = (account.settings as { phoneNumberId?: string }).phoneNumberId;
  if (!phoneNumberId || phoneNumberId === own) return account;
  return db
    .selectFrom('channel_accounts')
    .selectAll()
    .where('organization_id', '=', account.organization_id)
    .where('channel', '=', 'whatsapp_cloud')
    .where(sql<boolean>`settings->>'phoneNumberId' = ${phoneNumberId}`)
    .executeTakeFirst();
}

async function handleValue(db: Db, account: ChannelAccount, value: Rec, now: Date, result: CloudWebhookResult): Promise<void> {
  const names = new Map<string, string>();
  for (const contact of Array.isArray(value.contacts) ? value.contacts : []) {
    if (!isRec(contact)) continue;
    const waId = str(contact.wa_id);
    const name = isRec(contact.profile) ? str(contact.profile.name) : undefined;
    if (waId && name) names.set(waId, name);
  }

  for (const message of Array.isArray(value.messages) ? value.messages : []) {
    if (!isRec(message)) continue;
    const from = str(message.from);
    const id = str(message.id);
    const content = contentOf(message);
    if (!from || !id || !content) {
      result.ignored++;
      continue;
    }
    const ingested = await ingestInboundMessage(db, account, {
      externalChatId: from,
      externalMessageId: id,
      from: { phone: `+${from}`, name: names.get(from) ?? null },
      text: content.text,
      media: content.media,
      mediaSource: content.media && content.mediaId ? { mediaId: content.mediaId } : null,
      sentAt: secondsToDate(message.timestamp, now),
    });
    if (ingested.isDuplicate) result.duplicates++;
    else result.stored++;
  }

  for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
    if (!isRec(status)) continue;
    const id = str(status.id);
    const state = str(status.status);
    if (!id || !state) {
      result.ignored++;
      continue;
    }
    const at = secondsToDate(status.timestamp, now);
    const clientRef = str(status.biz_opaque_callback_data);
    // Our message id comes back with every status: a send whose answer was lost learns its channel id here.
    if (clientRef && UUID.test(clientRef)) {
      await claimPendingOutbound(db, account.organization_id, { messageId: clientRef, channelAccountId: account.id }, id, at);
    }
    if (state === 'sent') {
      result.receipts++;
      continue;
    }
    if (state !== 'delivered' && state !== 'read' && state !== 'failed') {
      result.ignored++;
      continue;
    }
    let error: string | undefined;
    if (state === 'failed') {
      const first = Array.isArray(status.errors) && isRec(status.errors[0]) ? status.errors[0] : {};
      const code = typeof first.code === 'number' ? first.code : Number(first.code) || null;
      const details = isRec(first.error_data) ? str(first.error_data.details) : undefined;
      const failure = cloudError(400, { code, message: [str(first.title) ?? str(first.message), details].filter(Boolean).join(' — ') || 'failed' });
      error = code === WINDOW_CLOSED_CODE ? failure.message : `${failure.code}: ${failure.message}`;
    }
    const applied = await applyDeliveryReceipt(db, account.organization_id, account.id, id, state, at, error);
    if (applied) result.receipts++;
    else result.duplicates++;
  }
}
