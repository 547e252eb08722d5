import type { Db } from '../../../platform/db/client.ts';
import type { SecretBox } from '../../../platform/crypto.ts';
import { AppError } from '../../../platform/errors.ts';
import { ChannelError, evolutionApiAccess, getChannelAccount, handleEvolutionWebhook } from '../../channels/index.ts';
import { EvolutionClient, EvolutionError, DEFAULT_MESSAGE_PAGE_SIZE } from '../evolution/index.ts';
import type { ImportReport } from '../engine/import-types.ts';
import { ImportSourceError } from '../sources/source-error.ts';

export interface EvolutionPullProgress {
  chatsTotal: number;
  chatsDone: number;
  messagesRead: number;
  messagesImported: number;
  contacts: number;
}

export interface EvolutionPullResult extends EvolutionPullProgress {
  messagesAlreadyPresent: number;
  ignored: number;
  failures: { chat: string; reason: string }[];
}

/** The account an import pulls into: an Evolution account of this organization (a bad field otherwise). */
export async function evolutionPullAccount(db: Db, organizationId: string, accountId: string) {
  const account = await getChannelAccount(db, organizationId, accountId);
  if (account.channel !== 'evolution') throw new AppError('BAD_REQUEST', 'only an Evolution API account can pull its history', [{ field: 'body.channelAccountId', message: 'not an Evolution API account' }]);
  return account;
}

/**
 * Pulls an Evolution account's history through the gateway's REST API (chat/findChats, then chat/findMessages page
 * by page) into the account's own conversations, through the account's webhook code: a message the webhook or the
 * database sync already stored has the same WhatsApp key id in the same chat and is counted as already present, so
 * pulling twice, or after a sync, stores nothing twice.
 */
export async function pullEvolutionAccount(
  db: Db,
  secrets: SecretBox,
  input: { organizationId: string; channelAccountId: string; limit?: number; now: Date; requestsPerSecond?: number; onProgress?: (progress: EvolutionPullProgress) => void },
): Promise<EvolutionPullResult> {
  const account = await evolutionPullAccount(db, input.organizationId, input.channelAccountId);
  let client: EvolutionClient;
  try {
    client = new EvolutionClient({ ...evolutionApiAccess(secrets, account), requestsPerSecond: input.requestsPerSecond });
  } catch (error) {
    if (error instanceof ChannelError) throw new ImportSourceError(error.message);
    throw error;
  }
  const result: EvolutionPullResult = { chatsTotal: 0, chatsDone: 0, messagesRead: 0, messagesImported: 0, contacts: 0, messagesAlreadyPresent: 0, ignored: 0, failures: [] };
  const gateway = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof EvolutionError) throw new ImportSourceError(`Evolution API: ${error.message}`);
      throw error;
    }
  };
  const state = await gateway(() => client.connectionState());
  if (state !== 'open') throw new ImportSourceError(`the WhatsApp instance "${account.name}" is not connected (state: ${state}); connect it first`);
  const [contacts, allChats] = await gateway(() => Promise.all([client.findContacts(), client.findChats()]));
  const chats = allChats.filter((chat) => chat.remoteJid !== 'status@broadcast').slice(0, input.limit ?? Infinity);
  result.chatsTotal = chats.length;
  input.onProgress?.(result);

  for (const chat of chats) {
    try {
      for (let page = 1; ; page++) {
        const res = await client.findMessagesPage(chat.remoteJid, page, DEFAULT_MESSAGE_PAGE_SIZE);
        const outcome = await handleEvolutionWebhook(db, account, { event: 'messages.set', data: { messages: res.records } }, input.now);
        result.messagesRead += res.records.length;
        result.messagesImported += outcome.stored;
        result.messagesAlreadyPresent += outcome.duplicates;
        result.ignored += outcome.ignored;
        input.onProgress?.(result);
        if (res.records.length < DEFAULT_MESSAGE_PAGE_SIZE || page >= res.pages) break;
      }
    } catch (error) {
      if (!(error instanceof EvolutionError)) throw error;
      result.failures.push({ chat: chat.name ?? chat.remoteJid, reason: error.message });
    }
    result.chatsDone++;
    input.onProgress?.(result);
  }
  // WhatsApp names for the contacts the messages created (never over a name someone typed).
  const named = contacts.filter((c) => c.pushName && !c.isGroup).map((c) => ({ remoteJid: c.remoteJid, pushName: c.pushName }));
  if (named.length) result.contacts = (await handleEvolutionWebhook(db, account, { event: 'contacts.upsert', data: named }, input.now)).stored;
  return result;
}

/** A pull's figures in the report shape every import run shows. */
export function pullReport(result: EvolutionPullResult, durationMs: number): ImportReport {
  return {
    source: 'evolution',
    dryRun: false,
    chats: result.chatsDone,
    contacts: result.contacts,
    imported: 0,
    skippedDuplicates: 0,
    updated: result.contacts,
    messages: result.messagesRead,
    messagesImported: result.messagesImported,
    messagesSkippedDuplicates: result.messagesAlreadyPresent,
    firstMessageAt: null,
    lastMessageAt: null,
    averageMessagesPerContact: 0,
    errors: result.failures.map((f) => ({ chat: f.chat, line: null, reason: f.reason })),
    invalidPhones: [],
    stages: {},
    languages: {},
    durationMs,
  };
}
