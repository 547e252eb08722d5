import { describe, expect, it } from 'vitest';
import { ZBusinessBrief, ZScoringRules, DIALOG_SIGNALS } from './analysis-schema.ts';
import { ANALYSIS_BUSINESS_TYPES, briefWithPreset, businessPreset, editedPresetParts } from './business-presets.ts';
import { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './default-profile.ts';
import { analyseDialogOffline } from './offline-analyser.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from './scoring.ts';

const c = (text: string) => ({ from: 'client' as const, text });
const b = (text: string) => ({ from: 'business' as const, text });

describe('business-type presets', () => {
  it.each(ANALYSIS_BUSINESS_TYPES.flatMap((type) => (['ru', 'en'] as const).map((lang) => [type, lang] as const)))('%s (%s) is a valid brief and valid scoring rules', (type, lang) => {
    const preset = businessPreset(type, lang);
    expect(ZScoringRules.safeParse(preset.scoring).success).toBe(true);
    expect(ZBusinessBrief.safeParse(briefWithPreset(DEFAULT_BUSINESS_BRIEF, preset)).success).toBe(true);
    expect(preset.brief.funnel.stages.map((s) => s.key)).toEqual(DEFAULT_BUSINESS_BRIEF.funnel.stages.map((s) => s.key));
    for (const m of preset.scoring.modifiers) if (m.field === 'signal') for (const v of m.values) expect(DIALOG_SIGNALS).toContain(v);
    // One language per preset: Russian text has Cyrillic, English none.
    const text = JSON.stringify(preset.brief) + preset.scoring.modifiers.map((m) => m.label).join(' ');
    expect(/[а-яё]/iu.test(text)).toBe(lang === 'ru');
  });

  it('info-business is seed 001 itself; the salon and the clinic score nothing about SMM or info-business', () => {
    expect(businessPreset('infobusiness', 'ru').brief.funnel).toEqual(DEFAULT_BUSINESS_BRIEF.funnel);
    expect(businessPreset('infobusiness', 'en').scoring.modifiers.map((m) => m.values)).toEqual(DEFAULT_SCORING_RULES.modifiers.map((m) => m.values));
    for (const type of ['beauty_salon', 'clinic', 'education'] as const) {
      const values = businessPreset(type, 'ru').scoring.modifiers.flatMap((m) => m.values);
      expect(values).not.toContain('infobusiness');
      expect(values).not.toContain('smm');
      expect(values).not.toContain('targetologist');
    }
  });

  it('a salon client who names the service, a day and a master and has been before scores on those criteria', () => {
    const rules = businessPreset('beauty_salon', 'ru').scoring;
    const analysis = analyseDialogOffline(
      [c('Здравствуйте! Я у вас уже была, хочу снова на маникюр к мастеру Айгуль в субботу'), b('Добрый день! В субботу у Айгуль свободно в 12:00 и в 15:00'), c('Давайте в 12:00')],
      briefWithPreset(SALON_DEMO_BRIEF, businessPreset('beauty_salon', 'ru')),
    );
    expect(analysis.signals).toEqual(expect.arrayContaining(['service_named', 'time_named', 'specialist_named', 'returning_client', 'booking_agreed']));
    const scored = scoreAnalysis(analysis, rules, DEFAULT_STAGE_BASE_SCORES);
    expect(scored.interestLevel).toBe('hot');
    expect(scored.breakdown.map((line) => line.label)).toEqual(expect.arrayContaining(['Запись на услугу', 'Называет мастера', 'Постоянный клиент']));
  });

  it('a clinic patient with symptoms who asks for a doctor gets the clinic criteria', () => {
    const analysis = analyseDialogOffline([c('Добрый день, третий день болит зуб, можно к стоматологу на завтра?')], briefWithPreset(DEFAULT_BUSINESS_BRIEF, businessPreset('clinic', 'ru')));
    expect(analysis.signals).toEqual(expect.arrayContaining(['symptoms_described', 'specialist_named', 'time_named']));
    expect(analysis.qualification[0]!.answer).toContain('болит зуб');
  });

  it('a student asking about the format and the start gets the education criteria', () => {
    const analysis = analyseDialogOffline([c('Hi, is the IELTS course online or in person? When does the next group start?')], briefWithPreset(DEFAULT_BUSINESS_BRIEF, businessPreset('education', 'en')));
    expect(analysis.signals).toEqual(expect.arrayContaining(['service_named', 'format_asked']));
  });

  it('names the parts a person changed since the preset, in either language', () => {
    const preset = businessPreset('clinic', 'en');
    const brief = briefWithPreset(DEFAULT_BUSINESS_BRIEF, preset);
    expect(editedPresetParts(brief, preset.scoring, 'clinic')).toEqual([]);
    const scoring = { ...preset.scoring, minIncoming: 5 };
    const signals = { ...brief.signals, hot: [...brief.signals.hot, 'Brings a referral'] };
    expect(editedPresetParts({ ...brief, signals }, scoring, 'clinic')).toEqual(['scoring', 'signals']);
    expect(editedPresetParts(brief, preset.scoring, 'beauty_salon')).toEqual(['scoring', 'stages', 'questions', 'signals']);
  });
});
