export { campaignsRoutes } from './campaigns.routes.ts';
export { campaignSenderTask, CampaignSender, DEFAULT_SENDER_CONFIG, type SenderConfig } from './campaign-sender.ts';
export { campaignEventSubscriber } from './campaign-replies.ts';
export { campaignLeadJob, CAMPAIGN_LEAD_TASK } from './campaign-lead.job.ts';
export { registerCampaignOfflineTasks } from './engine/ai-tasks.ts';
export { createCampaign, startCampaign, pauseCampaign, resumeCampaign, stopCampaign, getCampaignDetail } from './campaigns.service.ts';
export { campaignStats } from './campaign-stats.ts';
export { campaignsOfContact } from './contact-campaigns.ts';
