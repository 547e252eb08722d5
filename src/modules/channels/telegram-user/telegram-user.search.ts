import type { Api } from 'telegram';
import { GramApi } from './gramjs.ts';
import type { Db } from '../../../platform/db/client.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import type { TelegramUserClient } from './telegram-user.client.ts';
import { mtprotoError } from './telegram-user.errors.ts';
import { peerFromEntity, rememberPeers } from './telegram-user.peers.ts';

/** A public group or channel found by keyword. */
export interface FoundGroup {
  peerId: string;
  title: string | null;
  username: string | null;
  kind: 'group' | 'supergroup' | 'channel';
  members: number | null;
}

/**
 * Public groups and channels matching a keyword (seed 002 §6, as the competitor offers): Telegram's global search,
 * `contacts.search`, through the connected user account. The chats found are remembered with their access hash, so
 * their members can be read next without joining first (where Telegram allows it).
 */
export async function searchPublicGroups(db: Db, account: ChannelAccount, client: TelegramUserClient, query: string, now: Date): Promise<FoundGroup[]> {
  let found: Api.contacts.Found;
  try {
    found = await client.invoke(new GramApi.contacts.Search({ q: query, limit: 50 }));
  } catch (error) {
    throw mtprotoError(error, 'Telegram contacts.search');
  }
  await rememberPeers(db, account, found.chats, now);
  const groups: FoundGroup[] = [];
  for (const chat of found.chats) {
    const peer = peerFromEntity(chat);
    if (!peer || (!(chat instanceof GramApi.Channel) && !(chat instanceof GramApi.Chat))) continue;
    groups.push({
      peerId: peer.peerId,
      title: peer.title,
      username: peer.username,
      kind: chat instanceof GramApi.Chat ? 'group' : chat.broadcast ? 'channel' : 'supergroup',
      members: chat.participantsCount ?? null,
    });
  }
  return groups;
}
