import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import type { ChannelAccount } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/errors.ts';
import { authOf } from '../../../platform/http/auth.ts';
import { ChannelError } from '../channel-adapter.ts';
import { adapterContext } from '../adapter-context.ts';
import { getChannelAccount, markAccountDisconnected, toChannelAccountDto } from '../channel-accounts.service.ts';
import { ZAccountParams, ZChannelAccount } from '../channels.schemas.ts';
import type { TelegramUserAdapter } from './telegram-user.adapter.ts';
import { countStoredMembers, importDialogHistory, keepMember, listGroupMembers, readDialogs, storeGroupMembers } from './telegram-user.dialogs.ts';
import { searchPublicGroups } from './telegram-user.search.ts';
import { cancelMemberRead, getMemberRead, startMemberRead } from './telegram-member-read.ts';
import { restartLogin, submitLoginCode, submitLoginPassword, type LoginResult } from './telegram-user.login.ts';

const ZLoginAnswer = z.object({
  step: z.enum(['awaiting_code', 'awaiting_password', 'open']).describe('What the login needs next: the code, the cloud password, or nothing (logged in)'),
  codeType: z.string().nullable().describe('How Telegram delivered the code: app, sms, call…'),
  passwordHint: z.string().nullable().describe('The hint of the account’s cloud password'),
  account: ZChannelAccount,
});

const ZDialog = z.object({
  peerId: z.string().describe('Marked id: 123 a user, -123 a group, -100123 a supergroup or channel'),
  kind: z.enum(['user', 'group', 'supergroup', 'channel']),
  title: z.string().nullable(),
  username: z.string().nullable(),
  unreadCount: z.number().int(),
  lastMessageAt: z.string().nullable(),
  participantsCount: z.number().int().nullable(),
});

const ZGroup = ZDialog.omit({ unreadCount: true }).extend({ storedMembers: z.number().int().describe('Members stored for campaign audiences') });

const ZGroupParams = ZAccountParams.extend({ groupId: z.string().regex(/^-\d{1,22}$/, 'a group id: -123 or -100123') });
const ZReadParams = ZAccountParams.extend({ readId: z.uuid() });
const ZMemberRead = z.object({
  id: z.string(),
  groupId: z.string(),
  groupTitle: z.string().nullable(),
  filters: z.object({ withUsername: z.boolean().optional(), seenWithinDays: z.number().optional() }),
  status: z.enum(['queued', 'running', 'completed', 'cancelled', 'failed']),
  total: z.number().int().nullable().describe('Members as Telegram counts them (known after the first page)'),
  read: z.number().int().describe('Members read so far (people only: bots, deleted accounts and the account itself are left out)'),
  kept: z.number().int().describe('Members kept after the filters and stored in the campaign audience'),
  created: z.number().int().describe('Contacts created for members the CRM did not know'),
  retryAfterSeconds: z.number().int().nullable().describe('Set when Telegram stopped the read part-way (FLOOD_WAIT): read again after so many seconds'),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
const ZPeerParams = ZAccountParams.extend({ peerId: z.string().regex(/^-?\d{1,22}$/, 'a marked Telegram id') });

const MEMBERS_IN_ANSWER = 500;

function answer(account: ChannelAccount, result: LoginResult) {
  return { step: result.step, codeType: result.codeType ?? null, passwordHint: result.passwordHint ?? null, account: toChannelAccountDto(account) };
}

/** Telegram user accounts: the login steps, dialogs, history import, and group members for campaign audiences. */
export async function telegramUserRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['channels'];
  const admin = { minRole: 'admin' as const };

  const adapter = (): TelegramUserAdapter => {
    const found = ctx.channels.get('telegram_user') as TelegramUserAdapter | undefined;
    if (!found || !('pool' in found)) throw new AppError('UNPROCESSABLE', 'Telegram user accounts are not available in this process');
    return found;
  };

  /** The caller's account (404 for anyone else's), which must be a Telegram user account. */
  async function telegramAccount(organizationId: string, accountId: string): Promise<ChannelAccount> {
    const account = await getChannelAccount(db, organizationId, accountId);
    if (account.channel !== 'telegram_user') {
      throw new AppError('UNPROCESSABLE', 'this is not a Telegram user account', [{ field: 'params.accountId', message: 'not a Telegram user account' }]);
    }
    return account;
  }

  /** Provider failures of a read (dialogs, members) as HTTP answers; a revoked session disconnects the account. */
  async function providerCall<T>(account: ChannelAccount, reply: FastifyReply, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof AppError) throw error;
      if (error instanceof ChannelError) {
        if (error.code === 'RATE_LIMITED') {
          const seconds = Math.ceil((error.retryAfterMs ?? 60_000) / 1000);
          reply.header('retry-after', String(seconds));
          throw new AppError('RATE_LIMITED', `Telegram asks to wait ${seconds} s: ${error.message}`);
        }
        if (error.code === 'AUTH_REVOKED') {
          if (account.status === 'active') await markAccountDisconnected(db, account, error.message, ctx.clock.now());
          await adapter().pool.release(account.id);
          throw new AppError('UNPROCESSABLE', error.message, [{ field: 'params.accountId', message: 'log in again' }]);
        }
        throw new AppError('UNPROCESSABLE', error.message, [{ field: 'params.accountId', message: error.code.toLowerCase() }]);
      }
      throw new AppError('UNPROCESSABLE', `Telegram did not answer: ${error instanceof Error ? error.message : String(error)}`, [{ field: 'params.accountId', message: 'no answer' }]);
    }
  }

  app.post(
    '/api/channel-accounts/:accountId/telegram/login',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Telegram user account: (re)start the login — Telegram sends a new code to the account’s apps',
        params: ZAccountParams,
        body: z.strictObject({}).optional(),
        response: { 200: ZLoginAnswer },
      },
    },
    async (request) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const { account: updated, result } = await restartLogin(db, adapter().pool, account, adapterContext(ctx));
      return answer(updated, result);
    },
  );

  app.post(
    '/api/channel-accounts/:accountId/telegram/login/code',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Telegram user account: the login code; answers awaiting_password when the account has a cloud password',
        params: ZAccountParams,
        body: z.strictObject({ code: z.string().trim().regex(/^[0-9A-Za-z-]{3,12}$/, 'the code Telegram sent (digits)') }),
        response: { 200: ZLoginAnswer },
      },
    },
    async (request) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const { account: updated, result } = await submitLoginCode(db, adapter().pool, account, request.body.code.replace(/-/g, ''), adapterContext(ctx));
      return answer(updated, result);
    },
  );

  app.post(
    '/api/channel-accounts/:accountId/telegram/login/password',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Telegram user account: the cloud password (two-step verification), checked by SRP; it is never stored',
        params: ZAccountParams,
        body: z.strictObject({ password: z.string().min(1).max(256) }),
        response: { 200: ZLoginAnswer },
      },
    },
    async (request) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const { account: updated, result } = await submitLoginPassword(db, adapter().pool, account, request.body.password, adapterContext(ctx));
      return answer(updated, result);
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/telegram/dialogs',
    {
      schema: {
        tags,
        summary: 'Telegram user account: its chats (people, groups, channels), newest first',
        params: ZAccountParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(ZDialog) }) },
      },
    },
    async (request, reply) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const context = adapterContext(ctx);
      const items = await providerCall(account, reply, async () => readDialogs(db, account, await adapter().clientFor(account, context), request.query.limit, context.now));
      return { items };
    },
  );

  app.post(
    '/api/channel-accounts/:accountId/telegram/dialogs/:peerId/import',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Telegram user account: import a chat’s history into its conversation (repeatable; stored messages are skipped)',
        params: ZPeerParams,
        body: z.strictObject({ limit: z.number().int().min(1).max(5000).optional() }).optional(),
        response: { 200: z.object({ fetched: z.number().int(), stored: z.number().int(), own: z.number().int(), duplicates: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const context = adapterContext(ctx);
      const selfId = (account.settings as { userId?: string | null }).userId ?? null;
      return providerCall(account, reply, async () =>
        importDialogHistory(db, account, await adapter().clientFor(account, context), request.params.peerId, { limit: request.body?.limit ?? 500, selfId, now: context.now }),
      );
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/telegram/groups',
    {
      schema: {
        tags,
        summary: 'Telegram user account: the groups and channels it is in, with how many members are stored for campaigns',
        params: ZAccountParams,
        response: { 200: z.object({ items: z.array(ZGroup) }) },
      },
    },
    async (request, reply) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const context = adapterContext(ctx);
      const dialogs = await providerCall(account, reply, async () => readDialogs(db, account, await adapter().clientFor(account, context), 500, context.now));
      const stored = await countStoredMembers(db, account.id);
      const items = dialogs
        .filter((d) => d.kind !== 'user')
        .map(({ unreadCount: _unread, ...group }) => ({ ...group, storedMembers: stored.get(group.peerId) ?? 0 }));
      return { items };
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/telegram/search',
    {
      schema: {
        tags,
        summary: 'Telegram user account: public groups and channels matching a keyword (contacts.search), to read their members into a campaign audience',
        params: ZAccountParams,
        // q is checked after the account, so another organization's account id is a 404 whatever the query.
        querystring: z.strictObject({ q: z.string().trim().max(64).optional().describe('Keywords, at least 2 characters') }),
        response: {
          200: z.object({
            items: z.array(
              z.object({ peerId: z.string(), title: z.string().nullable(), username: z.string().nullable(), kind: z.enum(['group', 'supergroup', 'channel']), members: z.number().int().nullable() }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const q = request.query.q ?? '';
      if (q.length < 2) throw new AppError('BAD_REQUEST', 'type at least 2 characters to search', [{ field: 'query.q', message: 'at least 2 characters' }]);
      const context = adapterContext(ctx);
      const items = await providerCall(account, reply, async () => searchPublicGroups(db, account, await adapter().clientFor(account, context), q, context.now));
      return { items };
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/telegram/groups/:groupId/members',
    {
      schema: {
        tags,
        summary:
          'Telegram user account: reads the members of a group or channel it is in (channels.getParticipants, paged) and stores them as the campaign audience "Telegram group"',
        params: ZGroupParams,
        querystring: z.strictObject({
          withUsername: z.enum(['true', 'false']).optional().describe('Keep only members with a username'),
          seenWithinDays: z.coerce.number().int().min(1).max(365).optional().describe('Keep only members seen online within so many days (Telegram tells: recently, last week, last month)'),
        }),
        response: {
          200: z.object({
            group: z.object({ id: z.string(), title: z.string().nullable(), peerType: z.enum(['chat', 'channel']) }),
            total: z.number().int().describe('Members as Telegram counts them'),
            read: z.number().int().describe('Members read (people only: bots, deleted accounts and the account itself are left out)'),
            filteredOut: z.number().int().describe('Members read but left out by the filters'),
            stored: z.number().int().describe('Members stored (bots, deleted accounts and the account itself are left out)'),
            created: z.number().int().describe('Contacts created for members the CRM did not know'),
            complete: z.boolean().describe('false when Telegram stopped the listing part-way (FLOOD_WAIT); read again after retryAfterSeconds'),
            retryAfterSeconds: z.number().int().nullable(),
            items: z.array(z.object({ telegramId: z.string(), username: z.string().nullable(), name: z.string().nullable(), phone: z.string().nullable(), contactId: z.string() })),
          }),
        },
      },
    },
    async (request, reply) => {
      const account = await telegramAccount(authOf(request).organizationId, request.params.accountId);
      const context = adapterContext(ctx);
      const listing = await providerCall(account, reply, async () => listGroupMembers(db, account, await adapter().clientFor(account, context), request.params.groupId, context.now));
      const filters = { withUsername: request.query.withUsername === 'true', seenWithinDays: request.query.seenWithinDays };
      const kept = listing.members.filter((m) => keepMember(m, filters));
      const saved = await storeGroupMembers(db, account, listing.group, kept);
      const retryAfterSeconds = listing.stoppedBy ? Math.ceil((listing.stoppedBy.retryAfterMs ?? 60_000) / 1000) : null;
      return {
        group: listing.group,
        total: listing.total,
        read: listing.members.length,
        filteredOut: listing.members.length - kept.length,
        stored: saved.stored,
        created: saved.created,
        complete: listing.stoppedBy === null,
        retryAfterSeconds,
        items: kept.slice(0, MEMBERS_IN_ANSWER).map(({ seenDaysAgo: _seen, ...m }) => ({ ...m, contactId: saved.contactIds.get(m.telegramId)! })),
      };
    },
  );

  app.post(
    '/api/channel-accounts/:accountId/telegram/groups/:groupId/member-reads',
    {
      schema: {
        tags,
        summary: 'Telegram user account: read a group’s members into the campaign audience in the background, page by page; follow it for progress, cancel it any time',
        params: ZGroupParams,
        body: z.strictObject({
          withUsername: z.boolean().optional().describe('Keep only members with a username'),
          seenWithinDays: z.number().int().min(1).max(365).optional().describe('Keep only members seen online within so many days'),
        }),
        response: { 202: ZMemberRead },
      },
    },
    async (request, reply) => {
      const { organizationId } = authOf(request);
      const account = await telegramAccount(organizationId, request.params.accountId);
      const read = await startMemberRead(db, { organizationId, accountId: account.id, groupId: request.params.groupId, filters: request.body, now: ctx.clock.now() });
      reply.status(202);
      return read;
    },
  );

  app.get(
    '/api/channel-accounts/:accountId/telegram/member-reads/:readId',
    { schema: { tags, summary: 'Telegram user account: a members read with its progress (read of the total, kept after the filters) or outcome', params: ZReadParams, response: { 200: ZMemberRead } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const account = await telegramAccount(organizationId, request.params.accountId);
      return getMemberRead(db, organizationId, account.id, request.params.readId);
    },
  );

  app.post(
    '/api/channel-accounts/:accountId/telegram/member-reads/:readId/cancel',
    { schema: { tags, summary: 'Telegram user account: stop a members read after its current page; the members read so far stay in the audience', params: ZReadParams, response: { 200: ZMemberRead } } },
    async (request) => {
      const { organizationId } = authOf(request);
      const account = await telegramAccount(organizationId, request.params.accountId);
      return cancelMemberRead(db, organizationId, account.id, request.params.readId, ctx.clock.now());
    },
  );
}
