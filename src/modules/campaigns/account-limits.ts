/** The account limits moved to the outreach module (one budget for every send); kept here for the campaign files' imports. */
export {
  CHANNEL_DEFAULT_LIMITS,
  effectiveLimits,
  warmupDay,
  counterWindows,
  paceIntervalMs,
  ensureBudgetRow,
  getBudgetRow,
  listAgents,
  setAccountLimits,
  type AccountLimits,
} from '../outreach/index.ts';
