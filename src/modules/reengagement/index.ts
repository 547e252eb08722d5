export { reengagementRoutes } from './reengagement.routes.ts';
export { reengagementEventSubscriber, reengagementFormJob, REENGAGEMENT_FORM_TASK, reengagementTask, runReengagement, sendDueItems, sweepOutcomes } from './reengagement-sender.ts';
export { formQueue } from './queue-formation.service.ts';
export { registerReengagementOfflineTasks } from './engine/messages.ts';
export { getReengagementSettings, saveReengagementSettings, DEFAULT_REENGAGEMENT_SETTINGS, type ReengagementSettings } from './reengagement-settings.service.ts';
export { reengagementItemsOfContact } from './contact-items.ts';
