export { conversationsRoutes } from './conversations.routes.ts';
export {
  applyDeliveryReceipt,
  claimPendingOutbound,
  storeExternalOutboundMessage,
  findConversationByKey,
  findOrCreateConversation,
  getConversation,
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
export { MESSAGE_DISPATCH_TASK } from './conversation-tasks.ts';
export { listDialogCandidates, loadDialog, type DialogCandidate, type DialogLine } from './conversation-dialogs.ts';
