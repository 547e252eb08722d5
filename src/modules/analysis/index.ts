export { analysisRoutes } from './analysis.routes.ts';
export { analysisRunJob } from './analysis-run.job.ts';
export { analyzeDialogs, createStageClassifier, emptyStats, type AnalysisStats, type AnalyzeOptions } from './dialog-analysis.service.ts';
export { getBusinessProfile, saveBrief, saveScoringRules, setBusinessType, generateAnalysisPrompt, currentPrompt } from './business-profile.service.ts';
export { registerAnalysisOfflineTasks } from './offline-tasks.ts';
export { getBoardLead } from './dialog-leads.service.ts';
export { analysisRegistry } from './analysis-metrics.ts';
export { dialogModelRetrainTask } from './dialog-model-retrain.task.ts';
export { leadCardOf, syncLeadScore } from './dialog-leads.service.ts';
export { recordCorrection, retrainOrgModel, modelStatus } from './dialog-learning.service.ts';

// The analyser's engine, for the `parley eval` / `parley train` commands (pure functions, no database).
export { ZScoringRules, type BusinessBrief, type DialogMessage, type ScoringRules } from './engine/analysis-schema.ts';
export { buildAnalysisRequest } from './engine/analysis-request.ts';
export { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './engine/default-profile.ts';
export { evaluate, formatEvalReport, parseLabelledDialogs, type EvalAnalyser } from './engine/eval.ts';
export { compareMethods, comparisonSummary, examplesFromLabelled, formatComparison } from './engine/model-evaluation.ts';
export { analyseDialogOffline, registerOfflineAnalyser } from './engine/offline-analyser.ts';
export { renderAnalysisPromptTemplate } from './engine/prompt-template.ts';
export { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from './engine/scoring.ts';
export { featuresFor, ruleVerdicts, serialiseDialogModel, trainDialogModel } from './engine/dialog-model.ts';
export { MODELS_DIR, shippedModelVersions } from './dialog-model.store.ts';
export type { Agreement } from './dialog-learning.service.ts';
export { analysesOfContact } from './contact-analyses.ts';
export { ANALYSIS_BUSINESS_TYPES, businessPreset, type AnalysisBusinessType } from './engine/business-presets.ts';
