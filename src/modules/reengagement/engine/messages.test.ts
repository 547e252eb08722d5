import { describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_BRIEF } from '../../analysis/engine/default-profile.ts';
import { checkTemplate, registerOf, renderOfflineMessage, type MessageInput } from './messages.ts';

const input: MessageInput = {
  clientName: 'Айгуль Маратовна',
  language: 'ru',
  stageKey: 'qualified',
  daysQuiet: 12,
  reasons: [],
  brief: { ...DEFAULT_BUSINESS_BRIEF, business: { ...DEFAULT_BUSINESS_BRIEF.business, name: 'Studio', offer: 'Консультация по продвижению. Подробнее…' } },
  dialog: [],
  summary: null,
  nextAction: null,
  templates: {},
};

describe('offline re-engagement messages', () => {
  it('renders the stage template in the client’s language with the first name', () => {
    const text = renderOfflineMessage(input);
    expect(text.startsWith('Айгуль, здравствуйте!')).toBe(true);
    expect(text).toContain('консультация по продвижению');
    expect(renderOfflineMessage({ ...input, language: 'en', clientName: null })).toMatch(/^Hello! /);
  });

  it('follows the tone of voice and the organization’s own templates', () => {
    expect(registerOf('дружелюбно, на ты')).toBe('friendly');
    expect(registerOf('вежливо, на вы')).toBe('formal');
    const friendly = renderOfflineMessage({ ...input, brief: { ...input.brief, signals: { ...input.brief.signals, toneOfVoice: 'friendly' } } });
    expect(friendly.startsWith('Привет, Айгуль!')).toBe(true);
    const own = renderOfflineMessage({ ...input, templates: { qualified: '{{ name }}, {{ days_quiet }} дней тишины — есть новости!' } });
    expect(own).toBe('Айгуль, 12 дней тишины — есть новости!');
  });

  it('picks the price template for a lead who asked about the price in a stage without its own', () => {
    const text = renderOfflineMessage({ ...input, stageKey: 'warmed', reasons: [{ code: 'signal', points: 12, value: 'price_asked' }] });
    expect(text).toMatch(/стоимост|цен/);
  });

  it('refuses a broken template', () => {
    expect(checkTemplate('{{ name | nosuchfilter }}')).not.toBeNull();
    expect(checkTemplate('Hi {{ name }}')).toBeNull();
  });
});
