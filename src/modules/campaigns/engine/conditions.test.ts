import { describe, expect, it } from 'vitest';
import { evaluateConditions, evaluateContactRule, type ConditionFacts } from './conditions.ts';

const facts = (overrides: Partial<ConditionFacts> = {}): ConditionFacts => ({
  contact: { first_name: 'Aida', last_name: null, email: 'aida@example.com', phone: '+996700000001', telegram_id: null, company_name: 'Salon Aru' },
  stageIn: (pipelineId) => (pipelineId === 'sales' ? 'lead' : null),
  hasRepliedSinceLastSend: false,
  ...overrides,
});

describe('step conditions (seed 002 §3.5)', () => {
  it('contact rules: equals, not_equals, contains, empty, not_empty — trimmed, case-insensitive', () => {
    expect(evaluateContactRule({ field: 'first_name', op: 'equals', value: ' aida ' }, 'Aida')).toBe(true);
    expect(evaluateContactRule({ field: 'first_name', op: 'not_equals', value: 'Bek' }, 'Aida')).toBe(true);
    expect(evaluateContactRule({ field: 'company_name', op: 'contains', value: 'salon' }, 'Salon Aru')).toBe(true);
    expect(evaluateContactRule({ field: 'last_name', op: 'empty' }, null)).toBe(true);
    expect(evaluateContactRule({ field: 'last_name', op: 'empty' }, '  ')).toBe(true);
    expect(evaluateContactRule({ field: 'email', op: 'not_empty' }, 'a@b.c')).toBe(true);
    expect(evaluateContactRule({ field: 'telegram_id', op: 'not_empty' }, null)).toBe(false);
  });

  it('ANDs every rule and every group', () => {
    const conditions = {
      contact: [
        { field: 'email' as const, op: 'not_empty' as const },
        { field: 'company_name' as const, op: 'contains' as const, value: 'aru' },
      ],
      inPipelineStage: { pipelineId: 'sales', stageIds: ['lead', 'qualified'] },
    };
    expect(evaluateConditions(conditions, facts())).toEqual({ met: true });
    expect(evaluateConditions(conditions, facts({ contact: { ...facts().contact, email: null } }))).toMatchObject({ met: false, reason: 'contact.email not_empty' });
    expect(evaluateConditions(conditions, facts({ stageIn: () => 'won' }))).toMatchObject({ met: false, reason: 'inPipelineStage' });
  });

  it('inPipelineStage needs a lead in the pipeline; notInPipelineStage passes without one', () => {
    expect(evaluateConditions({ inPipelineStage: { pipelineId: 'other', stageIds: ['lead'] } }, facts()).met).toBe(false);
    expect(evaluateConditions({ notInPipelineStage: { pipelineId: 'other', stageIds: ['lead'] } }, facts()).met).toBe(true);
    expect(evaluateConditions({ notInPipelineStage: { pipelineId: 'sales', stageIds: ['lead'] } }, facts()).met).toBe(false);
  });

  it('stopIfReplied: explicit, or the campaign default', () => {
    const replied = facts({ hasRepliedSinceLastSend: true });
    expect(evaluateConditions({ stopIfReplied: true }, replied)).toEqual({ met: false, reason: 'replied' });
    expect(evaluateConditions(null, replied, true)).toEqual({ met: false, reason: 'replied' });
    expect(evaluateConditions({ stopIfReplied: false }, replied, true)).toEqual({ met: true });
    expect(evaluateConditions({ stopIfReplied: true }, facts())).toEqual({ met: true });
  });
});
