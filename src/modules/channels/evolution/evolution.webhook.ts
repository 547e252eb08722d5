import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { normalizeEvolutionMessage, phoneFromJid } from './evolution-records.ts';
import { nameUnnamedContact } from '../../contacts/index.ts';
import { applyDeliveryReceipt } from '../../conversations/index.ts';
import { ingestInboundMessage, ingestOwnMessage } from '../inbound.service.ts';
import { recordAccountConnection } from '../channel-accounts.service.ts';
import { isRec, str, type Rec } from '../provider-http.ts';

/**
 * Evolution API v2 webhook events for one instance (envelope `{ event, instance, data, date_time, … }`,
 * see shared/fixtures/ROUTES.md). Every handler is idempotent: a replayed event changes nothing.
 */
export interface EvolutionWebhookResult {
  event: string;
  stored: number;
  duplicates: number;
  receipts: number;
  ignored: number;
}

const RECEIPT: Record<string, 'delivered' | 'read' | 'failed'> = {
  DELIVERY_ACK: 'delivered',
  READ: 'read',
  PLAYED: 'read',
  ERROR: 'failed',
  // Baileys' numeric WebMessageInfo.Status, which some gateway versions pass through.
  '0': 'failed',
  '3': 'delivered',
  '4': 'read',
  '5': 'read',
};

/** Session ends that need a new QR scan; other `close` reasons are reconnects the gateway handles itself. */
const LOGGED_OUT_REASONS = new Set([401, 403, 411, 440]);

/** Media the gateway can hand over as a file (`getBase64FromMediaMessage`). */
const DOWNLOADABLE = new Set(['image', 'video', 'audio', 'voice', 'document', 'sticker']);

function asList(data: unknown): unknown[] {
  return Array.isArray(data) ? data : data === undefined || data === null ? [] : [data];
}

/** `MESSAGES_UPSERT` (webhook-by-events naming) and `messages.upsert` are the same event. */
export function normalizeEventName(event: string): string {
  return event.toLowerCase().replace(/_/g, '.');
}

/** A phone in E.164 behind a JID: the JID itself, or the phone-number JID newer gateways add beside an `@lid`. */
function phoneOf(...jids: (string | undefined)[]): string | null {
  for (const jid of jids) {
    const digits = jid ? phoneFromJid(jid) : null;
    if (digits) return `+${digits}`;
  }
  return null;
}

export async function handleEvolutionWebhook(db: Db, account: ChannelAccount, envelope: Rec, now: Date): Promise<EvolutionWebhookResult> {
  const event = normalizeEventName(str(envelope.event) ?? '');
  const at = (() => {
    const parsed = Date.parse(str(envelope.date_time) ?? '');
    return Number.isNaN(parsed) ? now : new Date(parsed);
  })();
  const result: EvolutionWebhookResult = { event, stored: 0, duplicates: 0, receipts: 0, ignored: 0 };

  switch (event) {
    case 'messages.upsert':
    case 'messages.set':
      for (const record of asList(isRec(envelope.data) && Array.isArray(envelope.data.messages) ? envelope.data.messages : envelope.data)) {
        const outcome = await upsertMessage(db, account, record);
        if (outcome === 'stored') result.stored++;
        else if (outcome === 'duplicate') result.duplicates++;
        else result.ignored++;
      }
      return result;

    case 'messages.update':
      for (const update of asList(envelope.data)) {
        if (!isRec(update)) continue;
        const key = isRec(update.key) ? update.key : {};
        const id = str(update.keyId) ?? str(key.id);
        const fromMe = update.fromMe ?? key.fromMe;
        const rawStatus = isRec(update.update) ? update.update.status : update.status;
        const status = RECEIPT[String(rawStatus ?? '')];
        if (!id || !status || (fromMe !== true && fromMe !== 'true')) {
          result.ignored++;
          continue;
        }
        const applied = await applyDeliveryReceipt(db, account.organization_id, account.id, id, status, at, status === 'failed' ? 'WhatsApp reported an error for this message' : undefined);
        if (applied) result.receipts++;
        else result.duplicates++;
      }
      return result;

    case 'connection.update': {
      const data = isRec(envelope.data) ? envelope.data : {};
      const state = str(data.state);
      if (!state) {
        result.ignored++;
        return result;
      }
      const reason = typeof data.statusReason === 'number' ? data.statusReason : Number(data.statusReason) || null;
      const isLoggedOut = state === 'refused' || (state === 'close' && reason !== null && LOGGED_OUT_REASONS.has(reason));
      const phone = phoneOf(str(data.wuid));
      await recordAccountConnection(db, account, {
        status: state === 'open' ? 'active' : isLoggedOut ? 'disconnected' : undefined,
        providerState: { connection: state, detail: reason !== null ? `status ${reason}` : null, updatedAt: at.toISOString(), ...(str(data.profileName) ? { profileName: str(data.profileName) } : {}) },
        address: phone ?? undefined,
        reason: isLoggedOut ? `WhatsApp session ended (${reason ?? state}): scan the QR code again` : undefined,
      }, now);
      result.receipts++;
      return result;
    }

    case 'contacts.upsert':
    case 'contacts.update':
    case 'contacts.set':
      for (const contact of asList(envelope.data)) {
        if (!isRec(contact)) continue;
        const phone = phoneOf(str(contact.remoteJid), str(contact.id));
        const name = str(contact.pushName) ?? str(contact.name);
        if (!phone || !name) {
          result.ignored++;
          continue;
        }
        if (await nameUnnamedContact(db, account.organization_id, { phone }, name, now)) result.stored++;
        else result.duplicates++;
      }
      return result;

    default:
      result.ignored++;
      return result;
  }
}

async function upsertMessage(db: Db, account: ChannelAccount, record: unknown): Promise<'stored' | 'duplicate' | 'ignored'> {
  const message = normalizeEvolutionMessage(record);
  if (!message || message.kind === 'system' || message.remoteJid === 'status@broadcast') return 'ignored';
  const key = isRec(record) && isRec(record.key) ? record.key : {};
  const isGroup = message.remoteJid.endsWith('@g.us');
  const chatPhone = isGroup ? null : phoneOf(message.remoteJid, str(key.remoteJidAlt), str(key.senderPn));
  const media = message.media
    ? { type: message.media.type, mimeType: message.media.mimeType ?? null, fileName: message.media.fileName ?? null, caption: message.media.caption ?? null, omitted: true }
    : null;
  if (message.fromMe) {
    const own = await ingestOwnMessage(db, account, {
      externalChatId: message.remoteJid,
      externalMessageId: message.id,
      counterpart: chatPhone ? { phone: chatPhone } : null,
      text: message.text,
      media,
      sentAt: message.timestamp,
      isGroup,
    });
    return own.stored === 'duplicate' ? 'duplicate' : 'stored';
  }

  // In a group the author is identified by phone only; an author without one would become a new contact each time.
  const authorPhone = isGroup ? phoneOf(message.participant ?? undefined, str(key.participantAlt)) : chatPhone;
  if (isGroup && !authorPhone) return 'ignored';
  const ingested = await ingestInboundMessage(db, account, {
    externalChatId: message.remoteJid,
    externalMessageId: message.id,
    from: { phone: authorPhone, name: message.pushName },
    text: message.text,
    media,
    mediaSource:
      media && DOWNLOADABLE.has(media.type) ? { id: message.id, remoteJid: message.remoteJid, fromMe: false, participant: str(key.participant) ?? null } : null,
    sentAt: message.timestamp,
    isGroup,
    chatTitle: null,
  });
  return ingested.isDuplicate ? 'duplicate' : 'stored';
}
