/**
 * Manual check of the Telegram user adapter against a real Telegram account (not run by the tests, which
 * cannot reach MTProto). It runs the adapter's own code end to end on a throw-away in-memory database:
 * login by code (and cloud password), health, dialogs, optionally a send, a group's members, and a minute
 * of listening for new messages. Nothing is kept: the session lives only in this process.
 *
 *   TELEGRAM_API_ID=… TELEGRAM_API_HASH=… TELEGRAM_PHONE=+996… npx tsx scripts/telegram-user-check.ts
 *
 * Optional: TELEGRAM_CHECK_TO (@username or +phone: sends one message there), TELEGRAM_CHECK_GROUP (a group
 * id from the dialog list, e.g. -1001234567890: lists and counts its members), TELEGRAM_CHECK_LISTEN_S
 * (seconds to wait for incoming messages, default 60).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { stdin, stdout } from 'node:process';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createContext } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { adapterContext, channelServices, createChannelAccount, getChannelAccount, type TelegramUserAdapter } from '../src/modules/channels/index.ts';
import { submitLoginCode, submitLoginPassword } from '../src/modules/channels/telegram-user/telegram-user.login.ts';
import { listGroupMembers, readDialogs } from '../src/modules/channels/telegram-user/telegram-user.dialogs.ts';
import { TelegramUserListener } from '../src/modules/channels/telegram-user/telegram-user.listener.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required (see the comment at the top of this script and docs/channels.md)`);
    process.exit(2);
  }
  return value;
}

const apiId = Number(required('TELEGRAM_API_ID'));
const apiHash = required('TELEGRAM_API_HASH');
const phone = required('TELEGRAM_PHONE');
const listenSeconds = Number(process.env.TELEGRAM_CHECK_LISTEN_S ?? 60);

const dataDir = mkdtempSync(join(tmpdir(), 'parley-tg-check-'));
const database = await openDatabase({ dataDir: null });
const config = loadConfig({}, { NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir });
const ctx = await createContext({ config, database, logger: createLogger('warn') });
const adapter = ctx.channels.get('telegram_user') as TelegramUserAdapter;
const prompt = createInterface({ input: stdin, output: stdout });
const step = (text: string) => console.log(`\n== ${text}`);

try {
  const { organization } = await createOrganization(ctx.db, { slug: 'tg-check', name: 'Telegram check', owner: { email: 'check@example.test', name: 'Check', password: 'telegram-check-only' } });
  step('auth.sendCode');
  let account = await createChannelAccount(ctx.db, organization.id, { channel: 'telegram_user', name: 'Check', config: { apiId, apiHash, phone } }, channelServices(ctx));
  console.log(`code sent (${String((account.provider_state as { codeType?: string }).codeType ?? 'app')})`);
  const code = await prompt.question('Login code: ');
  let login = await submitLoginCode(ctx.db, adapter.pool, account, code.trim(), adapterContext(ctx));
  if (login.result.step === 'awaiting_password') {
    step(`cloud password needed${login.result.passwordHint ? ` (hint: ${login.result.passwordHint})` : ''}`);
    const password = await prompt.question('Cloud password (shown as you type): ');
    login = await submitLoginPassword(ctx.db, adapter.pool, login.account, password, adapterContext(ctx));
  }
  account = login.account;
  console.log(`logged in as ${account.address ?? '?'} (user id ${String(account.settings.userId)}); the session is sealed in the throw-away database only`);

  step('health (users.getUsers self)');
  console.log(await adapter.health(account, adapterContext(ctx)));

  step('dialogs (messages.getDialogs)');
  const client = await adapter.clientFor(account, adapterContext(ctx));
  const dialogs = await readDialogs(ctx.db, account, client, 20, new Date());
  for (const d of dialogs) console.log(`${d.kind.padEnd(10)} ${d.peerId.padEnd(16)} ${d.title ?? ''}${d.username ? ` @${d.username}` : ''}  unread ${d.unreadCount}`);

  const to = process.env.TELEGRAM_CHECK_TO;
  if (to) {
    step(`send to ${to}`);
    const sent = await adapter.send(account, { clientRef: 'manual-check', externalChatId: to, text: `Parley manual check ${new Date().toISOString()}` }, adapterContext(ctx));
    console.log(`sent: message id ${sent.externalId} at ${sent.sentAt.toISOString()}`);
  }

  const group = process.env.TELEGRAM_CHECK_GROUP;
  if (group) {
    step(`members of ${group} (channels.getParticipants / messages.getFullChat)`);
    const members = await listGroupMembers(ctx.db, account, client, group, new Date());
    console.log(`${members.group.title}: Telegram counts ${members.total}, read ${members.members.length}${members.stoppedBy ? ` (stopped: ${members.stoppedBy.message})` : ''}`);
    for (const m of members.members.slice(0, 10)) console.log(`  ${m.telegramId} ${m.name ?? ''}${m.username ? ` @${m.username}` : ''}`);
  }

  step(`listening ${listenSeconds} s: write to the account from another one`);
  const listener = new TelegramUserListener(adapter, 'telegram-user-check');
  await listener.run(ctx.db, { now: new Date(), config: ctx.config, secrets: ctx.secrets, logger: ctx.logger });
  await new Promise((resolve) => setTimeout(resolve, listenSeconds * 1000));
  const received = await ctx.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['conversations.external_chat_id', 'messages.direction', 'messages.body', 'messages.sent_at'])
    .where('conversations.channel_account_id', '=', account.id)
    .orderBy('messages.sent_at')
    .execute();
  for (const m of received) console.log(`${m.sent_at.toISOString()} ${m.direction.padEnd(8)} ${m.external_chat_id}: ${m.body.slice(0, 80)}`);
  console.log(`${received.length} message(s) stored; account is ${(await getChannelAccount(ctx.db, organization.id, account.id)).status}`);
} finally {
  prompt.close();
  await adapter.close?.();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
