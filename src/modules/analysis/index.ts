export { analysisRoutes } from './analysis.routes.ts';
export { analysisRunJob } from './analysis-run.job.ts';
export { analyzeDialogs, createStageClassifier, emptyStats, type AnalysisStats, type AnalyzeOptions } from './dialog-analysis.service.ts';
export { getBusinessProfile, saveBrief, saveScoringRules, generateAnalysisPrompt, currentPrompt } from './business-profile.service.ts';
export { registerAnalysisOfflineTasks } from './offline-tasks.ts';
export { getBoardLead } from './dialog-leads.service.ts';
