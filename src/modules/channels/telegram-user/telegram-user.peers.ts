import type { Api } from 'telegram';
import { GramApi, gramjsHelpers } from './gramjs.ts';
import type { DbOrTx } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';

/**
 * Peers as MTProto addresses them. Ids are marked the way GramJS's getPeerId spells them (and the Bot API
 * too): a user "123", a basic group "-123", a channel or supergroup "-100123". A user or channel can only be
 * written to with the access_hash this account was given for it, so every user and chat a result carries
 * is remembered in `telegram_user_peers`.
 */
export type PeerKind = 'user' | 'chat' | 'channel';

const CHANNEL_PREFIX = '-100';

export function markedId(kind: PeerKind, id: { toString(): string }): string {
  const raw = id.toString();
  return kind === 'user' ? raw : kind === 'chat' ? `-${raw}` : `${CHANNEL_PREFIX}${raw}`;
}

/** A marked id → kind and bare id; null for anything that is not one. */
export function parseMarkedId(peerId: string): { kind: PeerKind; id: string } | null {
  if (/^\d{1,20}$/.test(peerId)) return { kind: 'user', id: peerId };
  if (/^-100\d{1,20}$/.test(peerId)) return { kind: 'channel', id: peerId.slice(CHANNEL_PREFIX.length) };
  if (/^-\d{1,20}$/.test(peerId)) return { kind: 'chat', id: peerId.slice(1) };
  return null;
}

export function peerIdOf(peer: Api.TypePeer): string {
  if (peer instanceof GramApi.PeerUser) return markedId('user', peer.userId);
  if (peer instanceof GramApi.PeerChat) return markedId('chat', peer.chatId);
  return markedId('channel', (peer as Api.PeerChannel).channelId);
}

export interface KnownPeer {
  peerId: string;
  kind: PeerKind;
  accessHash: string | null;
  username: string | null;
  phone: string | null;
  title: string | null;
  broadcast: boolean;
}

/** A user or chat object of a result, as a peer row; null for empty or forbidden objects without an id to use. */
export function peerFromEntity(entity: Api.TypeUser | Api.TypeChat): KnownPeer | null {
  if (entity instanceof GramApi.User) {
    // A "min" user carries an access_hash that only works inside the message it came with.
    const name = [entity.firstName, entity.lastName].filter(Boolean).join(' ') || null;
    return {
      peerId: markedId('user', entity.id),
      kind: 'user',
      accessHash: entity.accessHash && !entity.min ? entity.accessHash.toString() : null,
      username: entity.username ?? null,
      phone: entity.phone ? `+${entity.phone.replace(/^\+/, '')}` : null,
      title: name,
      broadcast: false,
    };
  }
  if (entity instanceof GramApi.Chat || entity instanceof GramApi.ChatForbidden) {
    return { peerId: markedId('chat', entity.id), kind: 'chat', accessHash: null, username: null, phone: null, title: entity.title ?? null, broadcast: false };
  }
  if (entity instanceof GramApi.Channel || entity instanceof GramApi.ChannelForbidden) {
    const min = entity instanceof GramApi.Channel && entity.min;
    return {
      peerId: markedId('channel', entity.id),
      kind: 'channel',
      accessHash: entity.accessHash && !min ? entity.accessHash.toString() : null,
      username: entity instanceof GramApi.Channel ? (entity.username ?? null) : null,
      phone: null,
      title: entity.title ?? null,
      broadcast: entity instanceof GramApi.Channel ? Boolean(entity.broadcast) : Boolean((entity as Api.ChannelForbidden).broadcast),
    };
  }
  return null;
}

/** Stores the users and chats a result or update carried; an access_hash already known is never erased. */
export async function rememberPeers(db: DbOrTx, account: ChannelAccount, entities: Iterable<Api.TypeUser | Api.TypeChat>, now: Date): Promise<void> {
  const rows = new Map<string, KnownPeer>();
  for (const entity of entities) {
    const peer = peerFromEntity(entity);
    if (peer) rows.set(peer.peerId, peer);
  }
  if (rows.size === 0) return;
  await db
    .insertInto('telegram_user_peers')
    .values(
      [...rows.values()].map((peer) => ({
        channel_account_id: account.id,
        organization_id: account.organization_id,
        peer_id: peer.peerId,
        kind: peer.kind,
        access_hash: peer.accessHash,
        username: peer.username,
        phone: peer.phone,
        title: peer.title,
        broadcast: peer.broadcast,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['channel_account_id', 'peer_id']).doUpdateSet((eb) => ({
        access_hash: eb.fn.coalesce('excluded.access_hash', 'telegram_user_peers.access_hash'),
        username: eb.ref('excluded.username'),
        phone: eb.fn.coalesce('excluded.phone', 'telegram_user_peers.phone'),
        title: eb.fn.coalesce('excluded.title', 'telegram_user_peers.title'),
        broadcast: eb.ref('excluded.broadcast'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function findPeer(db: DbOrTx, accountId: string, peerId: string): Promise<KnownPeer | null> {
  const row = await db.selectFrom('telegram_user_peers').selectAll().where('channel_account_id', '=', accountId).where('peer_id', '=', peerId).executeTakeFirst();
  return row ? { peerId: row.peer_id, kind: row.kind, accessHash: row.access_hash, username: row.username, phone: row.phone, title: row.title, broadcast: row.broadcast } : null;
}

/** The input peer for a known peer, or null when MTProto would need an access_hash we were never given. */
export function inputPeerOf(peer: { kind: PeerKind; peerId: string; accessHash: string | null }): Api.TypeInputPeer | null {
  const parsed = parseMarkedId(peer.peerId);
  if (!parsed) return null;
  if (parsed.kind === 'chat') return new GramApi.InputPeerChat({ chatId: gramjsHelpers().returnBigInt(parsed.id) });
  if (!peer.accessHash) return null;
  if (parsed.kind === 'user') return new GramApi.InputPeerUser({ userId: gramjsHelpers().returnBigInt(parsed.id), accessHash: gramjsHelpers().returnBigInt(peer.accessHash) });
  return new GramApi.InputPeerChannel({ channelId: gramjsHelpers().returnBigInt(parsed.id), accessHash: gramjsHelpers().returnBigInt(peer.accessHash) });
}

export function inputChannelOf(peer: { peerId: string; accessHash: string | null }): Api.InputChannel | null {
  const parsed = parseMarkedId(peer.peerId);
  if (!parsed || parsed.kind !== 'channel' || !peer.accessHash) return null;
  return new GramApi.InputChannel({ channelId: gramjsHelpers().returnBigInt(parsed.id), accessHash: gramjsHelpers().returnBigInt(peer.accessHash) });
}
