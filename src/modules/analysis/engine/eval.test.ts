import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUNNEL_STAGES } from './analysis-schema.ts';
import { DEFAULT_BUSINESS_BRIEF } from './default-profile.ts';
import { evaluate, formatEvalReport, parseLabelledDialogs, type LabelledDialog } from './eval.ts';
import { analyseDialogOffline } from './offline-analyser.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from './scoring.ts';

const line = (id: string, interestLevel: string, funnelStage?: string) =>
  JSON.stringify({ id, messages: [{ from: 'client', text: `dialog ${id}` }], expected: { interestLevel, ...(funnelStage ? { funnelStage } : {}) } });

describe('parseLabelledDialogs', () => {
  it('keeps good lines and reports bad ones with their line numbers', () => {
    const text = [
      `\uFEFF${line('a', 'hot', 'consultation_booked')}`,
      '',
      'not json at all',
      line('b', 'lukewarm'),
      JSON.stringify({ id: 'c', messages: [], expected: { interestLevel: 'cold' } }),
      JSON.stringify({ id: 'd', messages: [{ from: 'robot', text: 'hi' }], expected: { interestLevel: 'cold' } }),
      line('e', 'cold', 'somewhere'),
      JSON.stringify({ id: 'f', messages: [{ from: 'client', text: 'hi', at: 'yesterday' }], expected: { interestLevel: 'cold' } }),
      line('a', 'warm'),
      `  ${line('g', 'warm')}  `,
      '',
    ].join('\r\n');
    const { items, errors } = parseLabelledDialogs(text);
    expect(items.map((i) => i.id)).toEqual(['a', 'g']);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(errors[0]!.message).toMatch(/^not JSON/u);
    expect(errors[1]!.message).toMatch(/^expected\.interestLevel/u);
    expect(errors[2]!.message).toMatch(/^messages/u);
    expect(errors[3]!.message).toMatch(/^messages\.0\.from/u);
    expect(errors[4]!.message).toMatch(/^expected\.funnelStage/u);
    expect(errors[5]!.message).toMatch(/^messages\.0\.at/u);
    expect(errors[6]!.message).toBe('duplicate id "a"');
  });

  it('an empty file has no items and no errors', () => {
    expect(parseLabelledDialogs('\n\n')).toEqual({ items: [], errors: [] });
  });
});

describe('evaluate and formatEvalReport', () => {
  const items = parseLabelledDialogs(
    [line('one', 'hot', 'consultation_booked'), line('two', 'warm', 'qualified'), line('three', 'cold'), line('four', 'cold', 'deal_lost'), line('boom', 'hot')].join('\n'),
  ).items;
  const answers: Record<string, { interestLevel: 'hot' | 'warm' | 'cold'; funnelStage: (typeof FUNNEL_STAGES)[number] }> = {
    'dialog one': { interestLevel: 'warm', funnelStage: 'consultation_booked' },
    'dialog two': { interestLevel: 'warm', funnelStage: 'qualified' },
    'dialog three': { interestLevel: 'cold', funnelStage: 'new_lead' },
    'dialog four': { interestLevel: 'cold', funnelStage: 'qualified' },
  };
  const analyse = async (messages: LabelledDialog['messages']) => {
    const answer = answers[messages[0]!.text];
    if (!answer) throw new Error('analyser failed');
    return answer;
  };

  it('computes agreement over analysed items and stage agreement over items with a stage', async () => {
    const result = await evaluate(items, analyse, { concurrency: 2 });
    expect(result.n).toBe(4);
    expect(result.interestAgreement).toBe(0.75);
    expect(result.stageN).toBe(3);
    expect(result.stageAgreement).toBeCloseTo(2 / 3);
    expect(result.failures).toEqual([{ id: 'boom', message: 'analyser failed' }]);
    expect(result.interestConfusion.labels).toEqual(['hot', 'warm', 'cold']);
    expect(result.interestConfusion.matrix).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [0, 0, 2],
    ]);
    const booked = FUNNEL_STAGES.indexOf('consultation_booked');
    const lost = FUNNEL_STAGES.indexOf('deal_lost');
    const qualified = FUNNEL_STAGES.indexOf('qualified');
    expect(result.stageConfusion.matrix[booked]![booked]).toBe(1);
    expect(result.stageConfusion.matrix[lost]![qualified]).toBe(1);
    expect(result.mismatches.map((m) => [m.id, m.interestMatches, m.stageMatches])).toEqual([
      ['one', false, true],
      ['four', true, false],
    ]);
  });

  it('prints agreement, aligned confusion tables, mismatched ids and a JSON last line', async () => {
    const report = formatEvalReport(await evaluate(items, analyse));
    const lines = report.split('\n');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ n: 4, interestAgreement: 0.75, stageAgreement: 0.6667 });
    expect(report).toMatch(/Interest level agreement: 75\.0% \(3\/4\)/u);
    expect(report).toMatch(/Funnel stage agreement: 66\.7% \(2\/3\)/u);
    expect(report).toMatch(/one: interest hot → warm; stage consultation_booked/u);
    expect(report).toMatch(/four: interest cold; stage deal_lost → qualified/u);
    expect(report).toMatch(/boom: analyser failed/u);
    const table = lines.slice(lines.findIndex((l) => l.startsWith('Interest level (')) + 1).slice(0, 4);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  it('stage agreement is null when no item has a stage', async () => {
    const result = await evaluate(parseLabelledDialogs(line('three', 'cold')).items, analyse);
    expect(result.stageAgreement).toBeNull();
    expect(JSON.parse(formatEvalReport(result).split('\n').at(-1)!)).toEqual({ n: 1, interestAgreement: 1, stageAgreement: null });
  });
});

describe('the labelled fixture', () => {
  const text = readFileSync(new URL('../../../../test/fixtures/labelled-dialogs.jsonl', import.meta.url), 'utf8');
  const { items, errors } = parseLabelledDialogs(text);

  it('has at least 300 valid dialogs in Russian and English (and Kyrgyz/Kazakh mixes), covering every stage, level and business type', () => {
    expect(errors).toEqual([]);
    expect(items.length).toBeGreaterThanOrEqual(300);
    expect(new Set(items.map((i) => i.business))).toEqual(new Set(['marketing_agency', 'beauty', 'clinic', 'education', 'b2b', 'infobusiness']));
    expect(items.filter((i) => i.language === 'ky' || i.language === 'kz').length).toBeGreaterThanOrEqual(15);
    expect(items.every((i) => typeof i.expected.qualificationComplete === 'boolean')).toBe(true);
    expect(new Set(items.map((i) => i.expected.funnelStage))).toEqual(new Set(FUNNEL_STAGES));
    expect(new Set(items.map((i) => i.expected.interestLevel))).toEqual(new Set(['hot', 'warm', 'cold']));
    const russian = items.filter((i) => /[а-я]/iu.test(i.messages.map((m) => m.text).join(' '))).length;
    expect(russian / items.length).toBeGreaterThan(0.4);
    expect(russian / items.length).toBeLessThan(0.75);
    for (const item of items) {
      expect(item.messages.length).toBeGreaterThanOrEqual(2);
      expect(item.messages.length).toBeLessThanOrEqual(30);
    }
  });

  it('the offline rules keep their agreement on the agency dialogs they were tuned on (regression guard)', async () => {
    const agency = items.filter((i) => i.business === 'marketing_agency');
    expect(agency.length).toBe(98);
    const result = await evaluate(agency, async (messages) => {
      const analysis = analyseDialogOffline(messages, DEFAULT_BUSINESS_BRIEF);
      return { interestLevel: scoreAnalysis(analysis, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES).interestLevel, funnelStage: analysis.funnelStage };
    });
    expect(result.stageAgreement).toBeGreaterThanOrEqual(0.95);
    expect(result.interestAgreement).toBeGreaterThanOrEqual(0.72);
  });
});
