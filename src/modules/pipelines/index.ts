export { pipelinesRoutes } from './pipelines.routes.ts';
export { createDefaultPipelines, listPipelines, getPipeline, getDefaultPipeline, type PipelineWithStages } from './pipelines.service.ts';
export { createLead, updateLead, deleteLead, getLead, listLeads, toLeadDto, findLeadForContact, lastStageChangeSource, currentLeadStages, contactsWithInterest, interestOfContacts, type LeadRow } from './leads.service.ts';
export { DEFAULT_PIPELINES } from './default-pipelines.ts';
