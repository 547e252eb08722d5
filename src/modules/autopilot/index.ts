export { autopilotRoutes } from './autopilot.routes.ts';
export { autopilotReplyJob, autopilotEventSubscriber, autopilotReplyListener, AUTOPILOT_REPLY_TASK } from './autopilot-reply.job.ts';
export { registerOfflineAutopilot } from './engine/autopilot-reply.ts';
export { getAutopilotSettings, saveAutopilotSettings, type AutopilotSettings } from './autopilot-settings.service.ts';
