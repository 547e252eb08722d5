import { describe, expect, it } from 'vitest';
import { OfflineProvider, withOfflineFallback } from '../../ai/fallback.provider.ts';
import { toResponseJsonSchema } from '../../ai/ai-provider.ts';
import { ZDialogAnalysisOutput, type DialogMessage } from './analysis-schema.ts';
import { ANALYSIS_TASK, buildAnalysisRequest, defaultAnalysisPrompt, readAnalysisRequest } from './analysis-request.ts';
import { DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF } from './default-profile.ts';
import { analyseDialogOffline, registerOfflineAnalyser } from './offline-analyser.ts';
import { renderAnalysisPromptTemplate } from './prompt-template.ts';

const dialog: DialogMessage[] = [
  { from: 'client', text: 'Здравствуйте! У меня своя стоматология, сколько стоит?', at: '2025-03-03T06:01:00.000Z' },
  { from: 'business', text: 'От 40 000 сом. Какой бюджет на рекламу?\nИ откуда сейчас заявки?', at: '2025-03-03T06:05:00.000Z' },
  { from: 'client', text: '  Около 100к в месяц, [инстаграм] ' },
  { from: 'business', text: 'Удобно в четверг в 15:00?' },
  { from: 'client', text: 'Да 👍', at: '2025-03-03T07:00:00.000Z' },
];

describe('buildAnalysisRequest', () => {
  it('builds the dialog.analysis request with the default prompt, the schema and lines with times', () => {
    const request = buildAnalysisRequest(dialog, DEFAULT_BUSINESS_BRIEF, null);
    expect(request).toMatchObject({ task: 'dialog.analysis', jsonSchemaName: 'dialog_analysis', schema: ZDialogAnalysisOutput });
    expect(request.system).toBe(defaultAnalysisPrompt(DEFAULT_BUSINESS_BRIEF));
    expect(request.system).toBe(renderAnalysisPromptTemplate(DEFAULT_BUSINESS_BRIEF));
    const user = JSON.parse(request.user);
    expect(user.qualificationQuestions).toEqual(DEFAULT_BUSINESS_BRIEF.funnel.qualificationQuestions);
    expect(user.dialog[0]).toBe('[client 2025-03-03T06:01:00.000Z] Здравствуйте! У меня своя стоматология, сколько стоит?');
    expect(user.dialog[2]).toBe('[client]   Около 100к в месяц, [инстаграм] ');
    expect(() => toResponseJsonSchema(request.schema)).not.toThrow();
  });

  it('uses the organization’s prompt when it has one', () => {
    expect(buildAnalysisRequest(dialog, DEFAULT_BUSINESS_BRIEF, 'Custom prompt').system).toBe('Custom prompt');
  });

  it('reads back exactly the messages, also from a copied request (no side channel)', () => {
    const request = buildAnalysisRequest(dialog, DEFAULT_BUSINESS_BRIEF, null, { now: new Date('2025-03-05T00:00:00Z') });
    expect(readAnalysisRequest(request)).toEqual({ messages: dialog, brief: DEFAULT_BUSINESS_BRIEF, now: new Date('2025-03-05T00:00:00Z') });
    const copy = { ...request };
    const parsed = readAnalysisRequest(copy);
    expect(parsed.messages).toEqual(dialog);
    expect(parsed.now).toEqual(new Date('2025-03-05T00:00:00Z'));
    expect(parsed.brief.funnel.qualificationQuestions).toEqual(DEFAULT_BUSINESS_BRIEF.funnel.qualificationQuestions);
  });

  it('rejects a request it did not build', () => {
    expect(() => readAnalysisRequest({ ...buildAnalysisRequest(dialog, DEFAULT_BUSINESS_BRIEF, null), user: 'hello' })).toThrow(/not built by buildAnalysisRequest/u);
  });
});

describe('registerOfflineAnalyser', () => {
  it('answers exactly what a direct call answers', async () => {
    const offline = registerOfflineAnalyser(new OfflineProvider());
    for (const brief of [DEFAULT_BUSINESS_BRIEF, SALON_DEMO_BRIEF]) {
      const direct = analyseDialogOffline(dialog, brief);
      const request = buildAnalysisRequest(dialog, brief, null);
      const viaProvider = await offline.generateJson(request);
      expect(viaProvider.value).toEqual(direct);
      expect(viaProvider.provider).toBe('offline');
      const viaFallback = await withOfflineFallback(null, offline).generateJson(request);
      expect(viaFallback.value).toEqual(direct);
      expect(viaFallback.fallbackReason).toBe('no_key');
      // A copy of the request goes through the parse-back path and still agrees.
      expect((await offline.generateJson({ ...request })).value).toEqual(direct);
    }
  });

  it('passes `now` through', async () => {
    const offline = registerOfflineAnalyser(new OfflineProvider());
    const waiting: DialogMessage[] = [{ from: 'business', text: 'Здравствуйте!' }, { from: 'client', text: 'Сколько стоит?', at: '2025-03-01T10:00:00Z' }];
    const now = new Date('2025-03-03T10:00:00Z');
    const direct = analyseDialogOffline(waiting, DEFAULT_BUSINESS_BRIEF, { now });
    expect(direct.signals).toContain('no_reply_from_business');
    expect((await offline.generateJson(buildAnalysisRequest(waiting, DEFAULT_BUSINESS_BRIEF, null, { now }))).value).toEqual(direct);
    expect((await offline.generateJson({ ...buildAnalysisRequest(waiting, DEFAULT_BUSINESS_BRIEF, null, { now }) })).value).toEqual(direct);
  });

  it('registers the dialog.analysis task', () => {
    expect(registerOfflineAnalyser(new OfflineProvider()).has(ANALYSIS_TASK)).toBe(true);
  });
});
