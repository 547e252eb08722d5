import { describe, expect, it } from 'vitest';
import { OfflineProvider, withOfflineFallback } from '../../ai/fallback.provider.ts';
import { DIALOG_SIGNALS, FUNNEL_STAGES, ZBusinessBrief, type BusinessBrief } from './analysis-schema.ts';
import { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './default-profile.ts';
import { buildMetaPromptRequest, META_PROMPT, registerOfflinePromptWriter, renderAnalysisPromptTemplate, ZAnalysisPromptOutput } from './prompt-template.ts';

const englishBrief: BusinessBrief = {
  business: { name: 'Bright Smile Dental', offer: 'Free first check-up, implants, whitening', niche: 'Dental clinic', description: 'Two clinics in Dubai.' },
  funnel: {
    stages: [
      { key: 'consultation_booked', meaning: 'Check-up booked for a date and time' },
      { key: 'follow_up', meaning: 'Waiting for x-rays' },
    ],
    qualificationQuestions: ['Which treatment are you interested in?', 'When would you like to come in?'],
    qualifiedWhen: 'The treatment is known.',
  },
  signals: { hot: ['Asks for the earliest slot'], cold: ['Only asks about prices abroad'], toneOfVoice: 'Warm and brief.', notes: 'Adults in Dubai.' },
};

describe('default briefs', () => {
  it.each([
    ['DEFAULT_BUSINESS_BRIEF', DEFAULT_BUSINESS_BRIEF],
    ['SALON_DEMO_BRIEF', SALON_DEMO_BRIEF],
  ])('%s is a valid brief with four Russian questions and every stage key', (_name, brief) => {
    expect(() => ZBusinessBrief.parse(brief)).not.toThrow();
    expect(brief.funnel.qualificationQuestions).toHaveLength(4);
    for (const question of brief.funnel.qualificationQuestions) expect(question).toMatch(/[а-я]/u);
    expect(brief.funnel.stages.map((s) => s.key)).toEqual([...FUNNEL_STAGES]);
  });
});

describe('renderAnalysisPromptTemplate', () => {
  it.each([
    ['default', DEFAULT_BUSINESS_BRIEF],
    ['salon', SALON_DEMO_BRIEF],
    ['english', englishBrief],
  ])('%s: contains the business, the questions, every stage with its meaning, the signals and the output fields', (_name, brief) => {
    const prompt = renderAnalysisPromptTemplate(brief);
    expect(() => ZAnalysisPromptOutput.parse({ prompt })).not.toThrow();
    expect(prompt).toContain(brief.business.name);
    for (const question of brief.funnel.qualificationQuestions) expect(prompt).toContain(question);
    for (const stage of brief.funnel.stages) expect(prompt).toContain(stage.meaning);
    for (const key of FUNNEL_STAGES) expect(prompt).toContain(`- ${key} — `);
    for (const signal of DIALOG_SIGNALS) expect(prompt).toContain(signal);
    for (const hot of brief.signals.hot) expect(prompt).toContain(hot);
    for (const cold of brief.signals.cold) expect(prompt).toContain(cold);
    expect(prompt).toContain(brief.signals.toneOfVoice);
    for (const field of ['niche', 'role', 'budget', 'qualification', 'funnelStage', 'signals', 'summary', 'nextAction', 'language']) {
      expect(prompt).toContain(`- ${field}:`);
    }
  });

  it('writes in the brief’s language and keeps stages the schema does not know as hints', () => {
    expect(renderAnalysisPromptTemplate(DEFAULT_BUSINESS_BRIEF)).toMatch(/^Ты — аналитик переписок/u);
    const english = renderAnalysisPromptTemplate(englishBrief);
    expect(english).toMatch(/^You analyse conversations for Bright Smile Dental/u);
    expect(english).toContain('follow_up — Waiting for x-rays');
    expect(english).toContain('- deal_lost — the client refused');
  });

  it('an empty brief still gives a complete prompt; a brief at every maximum stays within 20,000 characters', () => {
    const empty: BusinessBrief = {
      business: { name: '', offer: '', niche: '', description: '' },
      funnel: { stages: [], qualificationQuestions: [], qualifiedWhen: '' },
      signals: { hot: [], cold: [], toneOfVoice: '', notes: '' },
    };
    expect(() => ZAnalysisPromptOutput.parse({ prompt: renderAnalysisPromptTemplate(empty) })).not.toThrow();
    const huge: BusinessBrief = ZBusinessBrief.parse({
      business: { name: 'Я'.repeat(200), offer: 'о'.repeat(2000), niche: 'н'.repeat(200), description: 'д'.repeat(4000) },
      funnel: {
        stages: Array.from({ length: 20 }, (_, i) => ({ key: `stage_${i}`, meaning: 'м'.repeat(500) })),
        qualificationQuestions: Array.from({ length: 10 }, () => 'в'.repeat(500)),
        qualifiedWhen: 'к'.repeat(2000),
      },
      signals: { hot: Array.from({ length: 20 }, () => 'г'.repeat(300)), cold: Array.from({ length: 20 }, () => 'х'.repeat(300)), toneOfVoice: 'т'.repeat(1000), notes: 'з'.repeat(2000) },
    });
    const prompt = renderAnalysisPromptTemplate(huge);
    expect(prompt.length).toBeLessThanOrEqual(20000);
    expect(prompt).toContain('- language:');
  });
});

describe('the meta-prompt and the offline prompt writer', () => {
  it('asks for a system prompt with the business, stages, questions, signals, tone and JSON fields', () => {
    for (const part of ['business', 'qualification', 'hot', 'cold', 'tone', 'nextAction', 'summary', ...FUNNEL_STAGES, ...DIALOG_SIGNALS]) {
      expect(META_PROMPT).toContain(part);
    }
    const request = buildMetaPromptRequest(DEFAULT_BUSINESS_BRIEF);
    expect(request).toMatchObject({ task: 'analysis.prompt', system: META_PROMPT, jsonSchemaName: 'analysis_prompt' });
    expect(JSON.parse(request.user)).toEqual(DEFAULT_BUSINESS_BRIEF);
    expect(request.schema.safeParse({ prompt: 'short' }).success).toBe(false);
  });

  it('offline, the writer answers with the template, also for a copied request', async () => {
    const ai = withOfflineFallback(null, registerOfflinePromptWriter(new OfflineProvider()));
    const request = buildMetaPromptRequest(SALON_DEMO_BRIEF);
    expect((await ai.generateJson(request)).value).toEqual({ prompt: renderAnalysisPromptTemplate(SALON_DEMO_BRIEF) });
    expect((await ai.generateJson({ ...request })).value).toEqual({ prompt: renderAnalysisPromptTemplate(SALON_DEMO_BRIEF) });
  });
});
