/**
 * Outreach: the one owner of outbound messaging. Features (manual replies, campaigns, reactivation,
 * re-engagement, autopilot) decide what to send and to whom; outreach decides when and whether — one budget per
 * account counted over every send, quiet hours, the opt-out check, and the dispatch protocol
 * `queued → sending → sent | failed | unknown`.
 */
export { outreachRoutes } from './outreach.routes.ts';
export { ZSendWindow } from './outreach.schemas.ts';
export {
  queueOutboundMessage,
  assertNotOptedOut,
  setOutboundStatus,
  outboundBatchInsert,
  outboundBatchSettle,
  outboundBodies,
  type QueueOutboundInput,
  type OutboundOutcome,
} from './outbound.service.ts';
export { assertSendable } from './outbound-rules.ts';
export { MESSAGE_DISPATCH_TASK } from './outreach-tasks.ts';
export { messageDispatchJob } from './dispatch.job.ts';
export { ensureBudgetRow, getBudgetRow, reserveSend, releaseSends, countSends, blockAccount, usedNow } from './budget.repository.ts';
export { readBudgetToday, readBudgetsToday, allowanceToday, budgetTodayOf, listAgents, setAccountLimits, type BudgetToday, type AccountLimitsPatch } from './budget.service.ts';
export { getOrganizationSendWindow, setOrganizationSendWindow } from './settings.service.ts';
export {
  CHANNEL_DEFAULT_LIMITS,
  effectiveLimits,
  isLimited,
  warmupDay,
  counterWindows,
  paceIntervalMs,
  capFor,
  replyReserve,
  isReplyWaiting,
  REPLY_HOLD_MS,
  REPLY_RESERVE_SHARE,
  type AccountLimits,
  type SendPriority,
} from './engine/budget.ts';
export { DEFAULT_SEND_WINDOW, ALWAYS_WINDOW, isAlways, isValidZone, minutesOf, isInsideWindow, nextOpening, recipientZone, resolveWindow, isValidWindow, type SendWindow } from './engine/quiet-hours.ts';
export { outreachReplySubscriber, OUTREACH_REPLY_EVENT, type ReplyListener } from './reply-event.ts';
export { replyTargetOf, type OutreachReplyPayload, type ReplyReference, type ReplyTarget } from './engine/reply.ts';
export { priorityOf, keepsQuietHours, originOfMetadata, type OutboundOrigin } from './engine/origin.ts';
