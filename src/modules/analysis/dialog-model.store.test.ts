import { describe, expect, it } from 'vitest';
import { shippedDialogModel, shippedModelVersions } from './dialog-model.store.ts';
import { DEFAULT_BUSINESS_BRIEF, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES } from './engine/index.ts';
import { classifyDialog, ruleVerdicts } from './engine/dialog-model.ts';
import type { DialogMessage } from './engine/analysis-schema.ts';

describe('the shipped dialog model', () => {
  it('is a versioned file that loads and reads obvious dialogs right', () => {
    expect(shippedModelVersions().length).toBeGreaterThanOrEqual(1);
    const model = shippedDialogModel();
    expect(model).not.toBeNull();
    expect(model!.examples.interest).toBeGreaterThanOrEqual(300);
    const read = (messages: DialogMessage[]) =>
      classifyDialog(model!, messages, ruleVerdicts(messages, DEFAULT_BUSINESS_BRIEF, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES));
    const booked = read([
      { from: 'client', text: 'Здравствуйте! Можно на маникюр завтра?' },
      { from: 'business', text: 'Здравствуйте! Завтра в 15:00 свободно.' },
      { from: 'client', text: 'Да, запишите меня на 15:00' },
      { from: 'business', text: 'Записали вас на завтра 15:00 💅' },
    ]);
    expect(booked.interest!.label).toBe('hot');
    expect(booked.stage!.label).toBe('consultation_booked');
    const refused = read([
      { from: 'client', text: 'How much for a haircut?' },
      { from: 'business', text: '1200 som' },
      { from: 'client', text: 'Too expensive for me, no thanks' },
    ]);
    expect(refused.interest!.label).toBe('cold');
  });
});
