export { conversationsRoutes } from './conversations.routes.ts';
export {
  applyDeliveryReceipt,
  findConversationByKey,
  findOrCreateConversation,
  getConversation,
  getMessage,
  listConversations,
  listMessages,
  queueOutboundMessage,
  setMessageStatus,
  storeInboundMessage,
  toConversationDto,
  toMessageDto,
  type ConversationKey,
  type NewInboundMessage,
} from './conversations.service.ts';
export { MESSAGE_DISPATCH_TASK } from './conversation-tasks.ts';
