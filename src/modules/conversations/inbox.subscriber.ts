import type { Clock } from '../../platform/clock.ts';
import type { EventSubscriber } from '../events/index.ts';
import { assignByRoundRobin, wakeSnoozedConversations } from './conversation-assignment.service.ts';
import type { Db } from '../../platform/db/client.ts';

/** A client's message in a conversation nobody was ever given goes to the next round-robin agent (when set up). */
export function inboxEventSubscriber(clock: Clock): EventSubscriber {
  return async (event, tx) => {
    if (event.type !== 'message.received') return;
    const conversationId = typeof event.payload.conversationId === 'string' ? event.payload.conversationId : null;
    if (conversationId) await assignByRoundRobin(tx, event.organizationId, conversationId, clock.now());
  };
}

/** Reopens snoozed conversations whose time has come. */
export function snoozeWakeTask(ctx: { db: Db; clock: Clock }) {
  return { name: 'inbox.snooze-wake', everyMs: 30_000, run: async () => void (await wakeSnoozedConversations(ctx.db, ctx.clock.now())) };
}
