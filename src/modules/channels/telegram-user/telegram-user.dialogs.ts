import type { Api } from 'telegram';
import { GramApi, gramjsHelpers } from './gramjs.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import { upsertContactByAddress } from '../../contacts/index.ts';
import { ChannelError } from '../channel-adapter.ts';
import type { TelegramUserClient } from './telegram-user.client.ts';
import { mtprotoError } from './telegram-user.errors.ts';
import { findPeer, inputChannelOf, inputPeerOf, parseMarkedId, peerFromEntity, peerIdOf, rememberPeers } from './telegram-user.peers.ts';
import { fromApiMessage, ingestMtprotoMessage, type IngestOutcome } from './telegram-user.updates.ts';

/** What the account's chat list shows: one entry per dialog (a person, a group, a channel). */
export interface DialogSummary {
  peerId: string;
  kind: 'user' | 'group' | 'supergroup' | 'channel';
  title: string | null;
  username: string | null;
  unreadCount: number;
  lastMessageAt: string | null;
  /** Members as Telegram counts them, when the dialog list says (groups and channels). */
  participantsCount: number | null;
}

const DIALOG_PAGE = 100;

function chatKind(entity: Api.TypeChat): DialogSummary['kind'] {
  if (entity instanceof GramApi.Channel) return entity.megagroup || entity.gigagroup ? 'supergroup' : 'channel';
  return 'group';
}

/**
 * Reads the account's dialogs, newest first, paging with the last dialog's date, id and peer as Telegram
 * asks, up to `max`. Every user and chat seen is remembered, so they can be written to later.
 */
export async function readDialogs(db: Db, account: ChannelAccount, client: TelegramUserClient, max: number, now: Date): Promise<DialogSummary[]> {
  const out: DialogSummary[] = [];
  const seen = new Set<string>();
  let offsetDate = 0;
  let offsetId = 0;
  let offsetPeer: Api.TypeInputPeer = new GramApi.InputPeerEmpty();
  while (out.length < max) {
    let page: Api.messages.TypeDialogs;
    try {
      page = await client.invoke(new GramApi.messages.GetDialogs({ offsetDate, offsetId, offsetPeer, limit: Math.min(DIALOG_PAGE, max - out.length), hash: gramjsHelpers().returnBigInt(0) }));
    } catch (error) {
      throw mtprotoError(error, 'Telegram messages.getDialogs');
    }
    if (page instanceof GramApi.messages.DialogsNotModified) break;
    await rememberPeers(db, account, [...page.users, ...page.chats], now);
    const entities = new Map<string, Api.TypeUser | Api.TypeChat>();
    for (const entity of [...page.users, ...page.chats]) {
      const peer = peerFromEntity(entity);
      if (peer) entities.set(peer.peerId, entity);
    }
    const messages = new Map<string, Api.Message>();
    for (const message of page.messages) if (message instanceof GramApi.Message) messages.set(`${peerIdOf(message.peerId)}:${message.id}`, message);
    let added = 0;
    let last: { date: number; id: number; peer: Api.TypeInputPeer | null } | null = null;
    for (const dialog of page.dialogs) {
      if (!(dialog instanceof GramApi.Dialog)) continue;
      const peerId = peerIdOf(dialog.peer);
      if (seen.has(peerId)) continue;
      seen.add(peerId);
      const entity = entities.get(peerId);
      const known = entity ? peerFromEntity(entity) : null;
      const top = messages.get(`${peerId}:${dialog.topMessage}`);
      out.push({
        peerId,
        kind: !entity || entity instanceof GramApi.User || entity instanceof GramApi.UserEmpty ? 'user' : chatKind(entity),
        title: known?.title ?? null,
        username: known?.username ?? null,
        unreadCount: dialog.unreadCount ?? 0,
        lastMessageAt: top ? new Date(top.date * 1000).toISOString() : null,
        participantsCount: entity instanceof GramApi.Chat || entity instanceof GramApi.Channel ? (entity.participantsCount ?? null) : null,
      });
      added++;
      if (top) last = { date: top.date, id: top.id, peer: known ? inputPeerOf(known) : null };
    }
    const isLastPage = page instanceof GramApi.messages.Dialogs || added === 0 || page.dialogs.length < DIALOG_PAGE || !last?.peer;
    if (isLastPage) break;
    offsetDate = last!.date;
    offsetId = last!.id;
    offsetPeer = last!.peer!;
  }
  return out;
}

/** A group or channel's input peer, learned from the dialogs when this account never stored it. */
async function groupPeer(db: Db, account: ChannelAccount, client: TelegramUserClient, groupId: string, now: Date) {
  const parsed = parseMarkedId(groupId);
  if (!parsed || parsed.kind === 'user') throw new AppError('BAD_REQUEST', 'a group id looks like -123 (group) or -100123 (supergroup or channel)', [{ field: 'params.groupId', message: 'not a group id' }]);
  let known = await findPeer(db, account.id, groupId);
  if (parsed.kind === 'channel' && !known?.accessHash) {
    await readDialogs(db, account, client, 500, now);
    known = await findPeer(db, account.id, groupId);
  }
  if (!known || (parsed.kind === 'channel' && !known.accessHash)) throw new AppError('NOT_FOUND', 'this Telegram account is not a member of that group or channel');
  return { parsed, known };
}

export interface GroupMember {
  telegramId: string;
  username: string | null;
  name: string | null;
  phone: string | null;
  /** Days since the member was last online, as far as Telegram tells: 0 online or "recently", 7 "last week", 30 "last month", null hidden or long ago. */
  seenDaysAgo: number | null;
}

/** Who the audience keeps: members with a username (reachable by it), and members seen within so many days. */
export interface MemberFilters {
  withUsername?: boolean;
  seenWithinDays?: number;
}

export function keepMember(member: GroupMember, filters: MemberFilters): boolean {
  if (filters.withUsername && !member.username) return false;
  if (filters.seenWithinDays !== undefined && (member.seenDaysAgo === null || member.seenDaysAgo > filters.seenWithinDays)) return false;
  return true;
}

function seenDaysAgo(status: Api.TypeUserStatus | undefined, now: Date): number | null {
  if (status instanceof GramApi.UserStatusOnline || status instanceof GramApi.UserStatusRecently) return 0;
  if (status instanceof GramApi.UserStatusOffline) return Math.max(0, Math.floor((now.getTime() / 1000 - status.wasOnline) / 86_400));
  if (status instanceof GramApi.UserStatusLastWeek) return 7;
  if (status instanceof GramApi.UserStatusLastMonth) return 30;
  return null;
}

export interface MembersResult {
  group: { id: string; title: string | null; peerType: 'chat' | 'channel' };
  /** Members as Telegram counts them. */
  total: number;
  members: GroupMember[];
  /** Set when Telegram stopped the listing part-way (FLOOD_WAIT): what was read is kept, the rest can be read later. */
  stoppedBy: ChannelError | null;
}

/** Called after each page of members: the members new on it and the counts so far; answering false stops the listing. */
export interface MemberPageHooks {
  onPage?(page: { group: MembersResult['group']; fresh: GroupMember[]; read: number; total: number }): Promise<boolean | void>;
}

/** Most members one listing reads: Telegram itself returns at most about 10,000 through channels.getParticipants. */
export const MAX_MEMBERS = 10_000;
const MEMBERS_PAGE = 200;

function memberOf(user: Api.TypeUser, now: Date): GroupMember | null {
  // Bots, deleted accounts and ourselves are not an audience.
  if (!(user instanceof GramApi.User) || user.bot || user.deleted || user.self) return null;
  return {
    telegramId: user.id.toString(),
    username: user.username ?? null,
    name: [user.firstName, user.lastName].filter(Boolean).join(' ') || null,
    phone: user.phone ? `+${user.phone}` : null,
    seenDaysAgo: seenDaysAgo(user.status, now),
  };
}

/**
 * The members of a group or channel the account is in: `messages.getFullChat` for a basic group,
 * `channels.getParticipants` paged by 200 for supergroups and channels (a broadcast channel lists its
 * subscribers to admins only). A FLOOD_WAIT part-way ends the listing with what was read so far.
 */
export async function listGroupMembers(
  db: Db,
  account: ChannelAccount,
  client: TelegramUserClient,
  groupId: string,
  now: Date,
  hooks: MemberPageHooks = {},
): Promise<MembersResult> {
  const { parsed, known } = await groupPeer(db, account, client, groupId, now);
  const members = new Map<string, GroupMember>();
  const add = (users: Api.TypeUser[]): GroupMember[] => {
    const fresh: GroupMember[] = [];
    for (const user of users) {
      const member = memberOf(user, now);
      if (member && !members.has(member.telegramId)) fresh.push(member);
      if (member) members.set(member.telegramId, member);
    }
    return fresh;
  };
  const group = { id: groupId, title: known.title, peerType: (parsed.kind === 'chat' || !known.broadcast ? 'chat' : 'channel') as 'chat' | 'channel' };
  if (parsed.kind === 'chat') {
    let full: Api.messages.ChatFull;
    try {
      full = await client.invoke(new GramApi.messages.GetFullChat({ chatId: gramjsHelpers().returnBigInt(parsed.id) }));
    } catch (error) {
      throw membersError(error);
    }
    await rememberPeers(db, account, [...full.users, ...full.chats], now);
    const participants = full.fullChat instanceof GramApi.ChatFull && full.fullChat.participants instanceof GramApi.ChatParticipants ? full.fullChat.participants.participants : null;
    const ids = participants ? new Set(participants.map((p) => p.userId.toString())) : null;
    const fresh = add(ids ? full.users.filter((u) => ids.has(u.id.toString())) : full.users);
    const total = participants?.length ?? members.size;
    await hooks.onPage?.({ group, fresh, read: members.size, total });
    return { group, total, members: [...members.values()], stoppedBy: null };
  }
  const channel = inputChannelOf(known)!;
  let offset = 0;
  let total = 0;
  let stoppedBy: ChannelError | null = null;
  while (offset < MAX_MEMBERS) {
    let page: Api.channels.TypeChannelParticipants;
    try {
      page = await client.invoke(new GramApi.channels.GetParticipants({ channel, filter: new GramApi.ChannelParticipantsRecent(), offset, limit: MEMBERS_PAGE, hash: gramjsHelpers().returnBigInt(0) }));
    } catch (error) {
      const mapped = membersError(error);
      // Keep what was read; the caller tells the user when to come back for the rest.
      if (mapped instanceof ChannelError && mapped.code === 'RATE_LIMITED' && members.size > 0) {
        stoppedBy = mapped;
        break;
      }
      throw mapped;
    }
    if (!(page instanceof GramApi.channels.ChannelParticipants)) break;
    await rememberPeers(db, account, [...page.users, ...page.chats], now);
    total = page.count;
    const fresh = add(page.users);
    const goOn = await hooks.onPage?.({ group, fresh, read: members.size, total });
    if (goOn === false) break;
    if (page.participants.length === 0) break;
    offset += page.participants.length;
    if (offset >= page.count) break;
  }
  return { group, total, members: [...members.values()], stoppedBy };
}

function membersError(error: unknown): Error {
  const mapped = mtprotoError(error, 'Telegram channels.getParticipants');
  if (mapped instanceof ChannelError && mapped.reason === 'CHAT_ADMIN_REQUIRED') {
    return new AppError('UNPROCESSABLE', 'only admins can list the subscribers of a channel (or the group hides its members)', [{ field: 'params.groupId', message: 'admin rights required' }]);
  }
  if (mapped instanceof ChannelError && (mapped.reason === 'CHANNEL_PRIVATE' || mapped.reason === 'CHAT_ID_INVALID' || mapped.reason === 'CHANNEL_INVALID')) {
    return new AppError('NOT_FOUND', 'this Telegram account is not a member of that group or channel');
  }
  return mapped;
}

/**
 * Stores a member list into `telegram_group_members` (the table the campaign audience "Telegram group"
 * reads), creating contacts for members the CRM does not know yet. Returns the contact of each member.
 */
export async function storeGroupMembers(
  db: Db,
  account: ChannelAccount,
  group: MembersResult['group'],
  members: GroupMember[],
): Promise<{ stored: number; created: number; contactIds: Map<string, string> }> {
  let created = 0;
  const contactIds = new Map<string, string>();
  for (const member of members) {
    const { contact, isNew } = await upsertContactByAddress(
      db,
      account.organization_id,
      { telegramId: member.telegramId, telegramUsername: member.username, phone: member.phone, name: member.name },
      'telegram_group',
    );
    if (isNew) created++;
    contactIds.set(member.telegramId, contact.id);
  }
  const rows = [...new Set(contactIds.values())].map((contactId) => ({
    organization_id: account.organization_id,
    channel_account_id: account.id,
    telegram_chat_id: group.id,
    chat_title: group.title,
    peer_type: group.peerType,
    contact_id: contactId,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('telegram_group_members')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['channel_account_id', 'telegram_chat_id', 'contact_id']).doUpdateSet({ chat_title: group.title, peer_type: group.peerType }))
      .execute();
  }
  return { stored: rows.length, created, contactIds };
}

export async function countStoredMembers(db: Db, accountId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('telegram_group_members')
    .select(['telegram_chat_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('channel_account_id', '=', accountId)
    .groupBy('telegram_chat_id')
    .execute();
  return new Map(rows.map((r) => [r.telegram_chat_id, Number(r.n)]));
}

export interface HistoryImport {
  fetched: number;
  stored: number;
  own: number;
  duplicates: number;
}

const HISTORY_PAGE = 100;

/**
 * Imports a dialog's history, newest first, up to `limit` messages (and, with `sinceDate`, only messages
 * after it): customers' messages through the inbound path, the account's own as outbound. Safe to repeat.
 */
export async function importDialogHistory(
  db: Db,
  account: ChannelAccount,
  client: TelegramUserClient,
  peerId: string,
  options: { limit: number; sinceDate?: Date | null; selfId: string | null; now: Date },
): Promise<HistoryImport> {
  const known = await findPeer(db, account.id, peerId);
  const peer = known ? inputPeerOf(known) : null;
  if (!peer) throw new AppError('NOT_FOUND', 'this Telegram account has no dialog with that peer (read the dialogs first)');
  const result: HistoryImport = { fetched: 0, stored: 0, own: 0, duplicates: 0 };
  let offsetId = 0;
  while (result.fetched < options.limit) {
    let page: Api.messages.TypeMessages;
    try {
      page = await client.invoke(
        new GramApi.messages.GetHistory({ peer, offsetId, offsetDate: 0, addOffset: 0, limit: Math.min(HISTORY_PAGE, options.limit - result.fetched), maxId: 0, minId: 0, hash: gramjsHelpers().returnBigInt(0) }),
      );
    } catch (error) {
      throw mtprotoError(error, 'Telegram messages.getHistory');
    }
    if (page instanceof GramApi.messages.MessagesNotModified || page.messages.length === 0) break;
    const entities = new Map<string, Api.TypeUser | Api.TypeChat>();
    for (const entity of [...page.users, ...page.chats]) {
      const p = peerFromEntity(entity);
      if (p) entities.set(p.peerId, entity);
    }
    let reachedSince = false;
    for (const raw of page.messages) {
      result.fetched++;
      const message = fromApiMessage(raw, options.selfId);
      if (!message) continue;
      if (options.sinceDate && message.date <= options.sinceDate) {
        reachedSince = true;
        continue;
      }
      const outcome: IngestOutcome = await ingestMtprotoMessage(db, account, message, entities, options.now);
      if (outcome === 'stored') result.stored++;
      else if (outcome === 'own') result.own++;
      else if (outcome === 'duplicate') result.duplicates++;
    }
    const lastId = page.messages.at(-1)?.id;
    if (reachedSince || lastId === undefined || page.messages.length < HISTORY_PAGE || page instanceof GramApi.messages.Messages) break;
    offsetId = lastId;
  }
  return result;
}
