export { conversationsRoutes } from './conversations.routes.ts';
export { inboxRoutes } from './inbox.routes.ts';
export { inboxEventSubscriber, snoozeWakeTask } from './inbox.subscriber.ts';
export { assignByRoundRobin, wakeSnoozedConversations } from './conversation-assignment.service.ts';
export {
  applyDeliveryReceipt,
  claimPendingOutbound,
  storeExternalOutboundMessage,
  findConversationByKey,
  findOrCreateConversation,
  getConversation,
  getConversationDto,
  getMessage,
  listConversations,
  listMessages,
  setMessageStatus,
  storeInboundMessage,
  toConversationDto,
  toMessageDto,
  upsertOutboundConversations,
  type ConversationKey,
  type NewInboundMessage,
} from './conversations.service.ts';
export { accountReachSince, type AccountReach } from './conversation-reach.ts';
export { listDialogCandidates, loadDialog, type DialogCandidate, type DialogLine } from './conversation-dialogs.ts';
export { linkImportedConversation, linkImportsToOwnNumber } from './conversation-link.service.ts';
