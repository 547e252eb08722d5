import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { startFakeOpenAi, type FakeOpenAi, type FakeOpenAiReply } from '../fakes/openai-server.ts';
import { runImport } from '../../src/modules/imports/index.ts';
import { createStageClassifier } from '../../src/modules/analysis/index.ts';

/**
 * The analysis through a model: our real OpenAI-compatible client against a local fake server that speaks the Chat
 * Completions wire format. What the fake answers is chosen per request by the JSON schema the client asked for.
 */

let t: TestApp;
let org: TestOrg;
let fake: FakeOpenAi;
let mode: 'valid' | 'malformed' = 'valid';
const as = () => ({ cookie: org.cookie });

const MODEL_ANALYSIS = {
  niche: 'infobusiness',
  role: 'owner',
  budget: null,
  qualification: [
    { question: 'q1', answer: 'online school' },
    { question: 'q2', answer: 'owner' },
    { question: 'q3', answer: null },
    { question: 'q4', answer: 'Instagram ads' },
  ],
  funnelStage: 'qualified',
  signals: ['price_asked', 'role_named'],
  summary: 'Owner of an online school.\nAsked for prices, not booked yet.',
  nextAction: 'Offer two consultation slots this week.',
  language: 'en',
};

function answer(body: Record<string, unknown>): FakeOpenAiReply {
  const format = body.response_format as { json_schema: { name: string } };
  if (mode === 'malformed') return { content: '{"niche": "infobusiness", ' };
  switch (format.json_schema.name) {
    case 'dialog_analysis':
      return { content: JSON.stringify(MODEL_ANALYSIS), usage: { promptTokens: 900, completionTokens: 120 } };
    case 'ping':
      return { content: '{"ok": true}' };
    default:
      return { content: JSON.stringify({ prompt: `You analyse dialogs for an online-school marketing agency. ${'Be precise. '.repeat(30)}` }), usage: { promptTokens: 400, completionTokens: 300 } };
  }
}

async function clientWrites(lines: string[], from: { name: string; phone: string }): Promise<string> {
  let conversationId = '';
  for (const text of lines) {
    const response = await call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text, from });
    conversationId = response.body.conversationId;
  }
  return conversationId;
}

async function analyze(body: Record<string, unknown>) {
  const started = await call(t, as(), 'POST', '/api/dialogs/analyze', body);
  expect(started.status).toBe(202);
  await t.runner.runUntilIdle();
  return (await call(t, as(), 'GET', `/api/dialogs/analyze/${started.body.runId}`)).body;
}

let conversationId = '';

beforeAll(async () => {
  fake = await startFakeOpenAi({ respond: (body) => answer(body) });
  t = await createTestApp();
  org = await createTestOrg(t);
  conversationId = await clientWrites(['Hi! I run an online school.', 'How much does it cost?', 'I am the owner, we advertise on Instagram.'], { name: 'Sam School', phone: '+1 415 555 0199' });
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('AI provider settings', () => {
  it('without settings or environment key the organization is offline', async () => {
    const settings = await call(t, as(), 'GET', '/api/settings/ai');
    expect(settings.body).toMatchObject({ mode: 'offline', source: 'none', hasKey: false });
  });

  it('stores the endpoint with the key encrypted, never returns or logs the key, and tests the connection', async () => {
    const saved = await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: fake.baseURL, model: 'fake-model', apiKey: 'sk-test-very-secret-123', concurrency: 2, promptPricePer1k: 0.5, completionPricePer1k: 1.5 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ mode: 'llm', source: 'organization', model: 'fake-model', hasKey: true, concurrency: 2 });
    expect(JSON.stringify(saved.body)).not.toContain('sk-test-very-secret-123');
    const row = await t.ctx.db.selectFrom('ai_settings').select('api_key_encrypted').where('organization_id', '=', org.organizationId).executeTakeFirstOrThrow();
    expect(row.api_key_encrypted).toMatch(/^v1:/);
    expect(row.api_key_encrypted).not.toContain('sk-test');

    const tested = await call(t, as(), 'POST', '/api/settings/ai/test');
    expect(tested.body).toMatchObject({ ok: true, mode: 'llm', provider: 'openai', fallbackReason: null });
    expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer sk-test-very-secret-123');

    const kept = await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: fake.baseURL, model: 'fake-model' });
    expect(kept.body.hasKey).toBe(true);
    const bad = await call(t, as(), 'PUT', '/api/settings/ai', { baseUrl: 'not a url', model: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['body.baseUrl', 'body.model']));
    expect(t.logs.join('\n')).not.toContain('sk-test-very-secret-123');
  });

  it('generates the analysis prompt through the model from the brief', async () => {
    const generated = await call(t, as(), 'POST', '/api/analysis/profile/generate-prompt');
    expect(generated.status).toBe(201);
    expect(generated.body.prompt).toMatchObject({ source: 'generated', provider: 'openai', model: 'fake-model' });
    expect(generated.body.prompt.text).toContain('online-school marketing agency');
    const request = fake.requests.at(-1)!.body as { messages: Array<{ role: string; content: string }> };
    const brief = (await call(t, as(), 'GET', '/api/analysis/profile')).body.brief;
    expect(request.messages.map((m) => m.content).join('\n')).toContain(brief.funnel.qualificationQuestions[0]);
  });
});

describe('analysis through the model', () => {
  it('uses the model’s facts, scores them with the organization’s rules, and records tokens and cost', async () => {
    const run = await analyze({});
    expect(run.stats).toMatchObject({ analyzed: 1, new_leads: 1, warm: 1, errors: 0 });
    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    const item = list.body.items[0];
    // qualified 30 + infobusiness 10 + owner 10 = 50 → warm; the model's own opinion of the score is not asked.
    expect(item).toMatchObject({ conversationId, provider: 'openai', model: 'fake-model', fallbackReason: null, funnelStage: 'qualified', score: 50, interestLevel: 'warm', niche: 'infobusiness', promptVersion: 1 });
    const sent = fake.requests.at(-1)!.body as { response_format: { json_schema: { name: string; strict: boolean } }; messages: Array<{ role: string; content: string }> };
    expect(sent.response_format.json_schema).toMatchObject({ name: 'dialog_analysis', strict: true });
    expect(sent.messages[0]!.content).toContain('online-school marketing agency');
    expect(sent.messages[1]!.content).toContain('How much does it cost?');

    const usage = await call(t, as(), 'GET', '/api/settings/ai/usage');
    const analysis = usage.body.byTask.find((row: { task: string }) => row.task === 'dialog.analysis');
    expect(analysis).toMatchObject({ calls: 1, promptTokens: 900, completionTokens: 120, fallbacks: 0 });
    expect(analysis.costUsd).toBeCloseTo(0.9 * 0.5 + 0.12 * 1.5, 6);
  });

  it('falls back to the offline analyser on malformed JSON and records why', async () => {
    mode = 'malformed';
    try {
      const run = await analyze({ force: true });
      expect(run.stats).toMatchObject({ analyzed: 1, errors: 0 });
    } finally {
      mode = 'valid';
    }
    const item = (await call(t, as(), 'GET', '/api/dialogs/analysis')).body.items[0];
    expect(item).toMatchObject({ provider: 'offline', fallbackReason: 'invalid_json' });
    const calls = await t.ctx.db.selectFrom('ai_calls').select(['fallback_reason']).where('organization_id', '=', org.organizationId).where('task', '=', 'dialog.analysis').execute();
    expect(calls.map((c) => c.fallback_reason)).toContain('invalid_json');
  });

  it('useLlm: false analyses offline even with a model configured', async () => {
    const before = fake.requests.length;
    const run = await analyze({ force: true, useLlm: false });
    expect(run.stats.analyzed).toBe(1);
    expect(fake.requests.length).toBe(before);
    expect((await call(t, as(), 'GET', '/api/dialogs/analysis')).body.items[0]).toMatchObject({ provider: 'offline', fallbackReason: 'no_key' });
  });

  it('import --use-llm puts each new contact at the stage the model reads from its dialog, in the dry run too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-llm-import-'));
    try {
      const file = join(dir, 'WhatsApp Chat with Lena.txt');
      writeFileSync(
        file,
        ['12/03/2026, 10:00 - Lena: Hello, I have an online course', '12/03/2026, 10:05 - Me: Hi Lena! How can we help?', '12/03/2026, 10:07 - Lena: What does the package cost?'].join('\n'),
      );
      const classifyStage = await createStageClassifier(t.ctx.db, t.ctx.ai, org.organizationId);
      const dry = await runImport(t.ctx.db, { organizationId: org.organizationId, source: 'whatsapp', target: file, me: 'Me', dryRun: true, classifyStage });
      expect(dry.stages).toEqual({ qualified: 1 });
      const real = await runImport(t.ctx.db, { organizationId: org.organizationId, source: 'whatsapp', target: file, me: 'Me', classifyStage });
      expect(real.stages).toEqual({ qualified: 1 });
      const lead = (await call(t, as(), 'GET', `/api/leads?q=Lena`)).body.items[0];
      expect(lead).toMatchObject({ stageKey: 'qualified', source: 'import:whatsapp' });
      const history = await call(t, as(), 'GET', `/api/leads/${lead.id}/history`);
      expect(history.body.items[0].reason).toContain('classified');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reset to the environment returns the organization to offline', async () => {
    const reset = await call(t, as(), 'DELETE', '/api/settings/ai');
    expect(reset.body).toMatchObject({ mode: 'offline', source: 'none' });
    expect((await call(t, as(), 'DELETE', '/api/settings/ai')).status).toBe(404);
  });
});
