export * from './analysis-schema.ts';
export { ANALYSIS_JSON_SCHEMA_NAME, ANALYSIS_TASK, buildAnalysisRequest, defaultAnalysisPrompt, readAnalysisRequest, type AnalysisInput } from './analysis-request.ts';
export { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './default-profile.ts';
export {
  evaluate,
  formatEvalReport,
  INTEREST_LEVELS,
  parseLabelledDialogs,
  ZLabelledDialog,
  type Confusion,
  type EvalAnalyser,
  type EvalMismatch,
  type EvalResult,
  type LabelledDialog,
  type ParseError,
} from './eval.ts';
export { analyseDialogOffline, registerOfflineAnalyser, type OfflineAnalysisOptions } from './offline-analyser.ts';
export {
  buildMetaPromptRequest,
  META_PROMPT,
  PROMPT_TASK,
  registerOfflinePromptWriter,
  renderAnalysisPromptTemplate,
  ZAnalysisPromptOutput,
  type AnalysisPromptOutput,
} from './prompt-template.ts';
export { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, interestLevelFor, scoreAnalysis } from './scoring.ts';
