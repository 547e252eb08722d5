import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAiCompatibleProvider } from '../../src/modules/ai/openai-compatible.provider.ts';
import type { AiRequest } from '../../src/modules/ai/ai-provider.ts';
import { buildAnalysisRequest, readAnalysisRequest } from '../../src/modules/analysis/engine/analysis-request.ts';
import { DEFAULT_BUSINESS_BRIEF } from '../../src/modules/analysis/engine/default-profile.ts';
import { evaluate, parseLabelledDialogs } from '../../src/modules/analysis/engine/eval.ts';
import { analyseDialogOffline } from '../../src/modules/analysis/engine/offline-analyser.ts';
import { renderAnalysisPromptTemplate } from '../../src/modules/analysis/engine/prompt-template.ts';
import { DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES, scoreAnalysis } from '../../src/modules/analysis/engine/scoring.ts';
import { startFakeOpenAi } from '../fakes/openai-server.ts';

/**
 * Issue 15: the LLM path of `parley eval --use-llm`, measured through our real OpenAI-compatible client against the
 * fake server speaking the wire format. The fake "model" answers what the offline rules would, so the figure must
 * equal the rules' on the same dialogs; the test also checks that the business-profile part of the prompt is one
 * stable prefix (cacheable by providers) and that tokens are counted.
 */

const items = parseLabelledDialogs(readFileSync('test/fixtures/labelled-dialogs.jsonl', 'utf8')).items.filter((_, i) => i % 5 === 0);
const brief = DEFAULT_BUSINESS_BRIEF;
const prompt = renderAnalysisPromptTemplate(brief);
const systems = new Set<string>();
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;

beforeAll(async () => {
  fake = await startFakeOpenAi({
    respond: (body) => {
      const messages = body.messages as Array<{ role: string; content: string }>;
      systems.add(messages.find((m) => m.role === 'system')!.content);
      const user = messages.find((m) => m.role === 'user')!.content;
      const input = readAnalysisRequest({ user } as AiRequest<unknown>);
      return { content: JSON.stringify(analyseDialogOffline(input.messages, input.brief)), usage: { promptTokens: 2400, completionTokens: 250 } };
    },
  });
});
afterAll(() => fake?.close());

describe('parley eval --use-llm through the fake OpenAI-compatible server', () => {
  it('measures the model path with the same harness, with one stable system prompt and counted tokens', async () => {
    const provider = new OpenAiCompatibleProvider({ baseURL: fake.baseURL, apiKey: 'test', model: 'fake-model', concurrency: 8, maxRetries: 0 });
    let promptTokens = 0;
    const viaLlm = await evaluate(
      items,
      async (messages) => {
        const result = await provider.generateJson(buildAnalysisRequest(messages, brief, prompt));
        expect(result.provider).not.toBe('offline');
        promptTokens += result.usage.promptTokens;
        return { interestLevel: scoreAnalysis(result.value, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES).interestLevel, funnelStage: result.value.funnelStage };
      },
      { concurrency: 8 },
    );
    const viaRules = await evaluate(items, async (messages) => {
      const analysis = analyseDialogOffline(messages, brief);
      return { interestLevel: scoreAnalysis(analysis, DEFAULT_SCORING_RULES, DEFAULT_STAGE_BASE_SCORES).interestLevel, funnelStage: analysis.funnelStage };
    });
    expect(items.length).toBeGreaterThanOrEqual(60);
    expect(viaLlm.failures).toEqual([]);
    expect(viaLlm.n).toBe(items.length);
    expect(viaLlm.interestAgreement).toBe(viaRules.interestAgreement);
    expect(viaLlm.stageAgreement).toBe(viaRules.stageAgreement);
    // The business profile is the system prompt, identical for every dialog: a prefix providers can cache.
    expect(systems.size).toBe(1);
    expect([...systems][0]).toContain(brief.business.name);
    expect(promptTokens).toBe(2400 * items.length);
  });
});
