/**
 * Step conditions, exactly as seed 002 §3.5: every group present must hold (AND); a step whose conditions do
 * not hold is skipped — not sent, no send row — and the participant moves on to the next step.
 */
export const CONTACT_RULE_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'telegram_id', 'company_name'] as const;
export const CONTACT_RULE_OPS = ['equals', 'not_equals', 'contains', 'empty', 'not_empty'] as const;

export type ContactRuleField = (typeof CONTACT_RULE_FIELDS)[number];
export type ContactRuleOp = (typeof CONTACT_RULE_OPS)[number];

export interface ContactRule {
  field: ContactRuleField;
  op: ContactRuleOp;
  value?: string | null;
}

export interface PipelineStageRule {
  pipelineId: string;
  stageIds: string[];
}

export interface StepConditions {
  stopIfReplied?: boolean | null;
  contact?: ContactRule[] | null;
  inPipelineStage?: PipelineStageRule | null;
  notInPipelineStage?: PipelineStageRule | null;
}

export interface ConditionFacts {
  contact: Record<ContactRuleField, string | null>;
  /** The stage of the contact's lead in a pipeline (its open lead, else its newest), or null when it has none there. */
  stageIn(pipelineId: string): string | null;
  /** The contact wrote after our last send to them in this campaign. */
  hasRepliedSinceLastSend: boolean;
}

export type ConditionResult = { met: true } | { met: false; reason: string };

const normalize = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

/** equals / not_equals / contains compare trimmed and case-insensitively; empty means null or blank. */
export function evaluateContactRule(rule: ContactRule, value: string | null): boolean {
  const actual = normalize(value);
  const expected = normalize(rule.value);
  switch (rule.op) {
    case 'equals':
      return actual === expected;
    case 'not_equals':
      return actual !== expected;
    case 'contains':
      return expected === '' ? true : actual.includes(expected);
    case 'empty':
      return actual === '';
    case 'not_empty':
      return actual !== '';
  }
}

/**
 * `stopIfReplied` falls back to `stopIfRepliedDefault` (the campaign's stop-on-reply setting) when the step
 * does not say; it is the "reply stops follow-ups" rule, evaluated per step.
 */
export function evaluateConditions(conditions: StepConditions | null | undefined, facts: ConditionFacts, stopIfRepliedDefault = false): ConditionResult {
  const stopIfReplied = conditions?.stopIfReplied ?? stopIfRepliedDefault;
  if (stopIfReplied && facts.hasRepliedSinceLastSend) return { met: false, reason: 'replied' };
  if (!conditions) return { met: true };
  for (const rule of conditions.contact ?? []) {
    if (!evaluateContactRule(rule, facts.contact[rule.field] ?? null)) return { met: false, reason: `contact.${rule.field} ${rule.op}` };
  }
  if (conditions.inPipelineStage) {
    const stage = facts.stageIn(conditions.inPipelineStage.pipelineId);
    if (!stage || !conditions.inPipelineStage.stageIds.includes(stage)) return { met: false, reason: 'inPipelineStage' };
  }
  if (conditions.notInPipelineStage) {
    const stage = facts.stageIn(conditions.notInPipelineStage.pipelineId);
    if (stage && conditions.notInPipelineStage.stageIds.includes(stage)) return { met: false, reason: 'notInPipelineStage' };
  }
  return { met: true };
}

/** Pipelines a set of conditions looks at, so the sender loads leads only when a step needs them. */
export function pipelinesOf(conditions: StepConditions | null | undefined): string[] {
  if (!conditions) return [];
  return [conditions.inPipelineStage?.pipelineId, conditions.notInPipelineStage?.pipelineId].filter((id): id is string => !!id);
}
