import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { retrainOrgModel } from '../../src/modules/analysis/dialog-learning.service.ts';
import { examplesFromLabelled } from '../../src/modules/analysis/engine/model-evaluation.ts';
import { parseLabelledDialogs } from '../../src/modules/analysis/engine/eval.ts';
import { readFileSync } from 'node:fs';

/**
 * Issue 15: the lead card adds up after every manual change, and every manual change of interest or stage becomes
 * a labelled example that the organization's retrained model learns from.
 */

let t: TestApp;
let org: TestOrg;
let other: TestOrg;
const as = (o: TestOrg = org) => ({ cookie: o.cookie });

async function dialog(o: TestOrg, from: { name: string; phone: string }, lines: Array<['in' | 'out', string]>): Promise<string> {
  let conversationId = '';
  for (const [direction, text] of lines) {
    const response =
      direction === 'in'
        ? await call(t, as(o), 'POST', `/api/sandbox/${o.sandboxAccountId}/inbound`, { text, from })
        : await call(t, as(o), 'POST', `/api/conversations/${conversationId}/messages`, { body: text });
    expect(response.status).toBeLessThan(300);
    if (direction === 'in') conversationId = response.body.conversationId;
  }
  await t.runner.runUntilIdle();
  return conversationId;
}

const DIALOGS: Array<[string, Array<['in' | 'out', string]>]> = [
  ['Айгуль', [['in', 'Здравствуйте, маникюр на завтра есть?'], ['out', 'Есть 15:00 и 17:00'], ['in', 'Дорого наверное у вас'], ['in', 'Подумаю пока']]],
  ['Bermet', [['in', 'Hi, how much is a haircut?'], ['out', '1200 som'], ['in', 'ok maybe next week'], ['in', 'will write later']]],
  ['Динара', [['in', 'Сколько стоит окрашивание?'], ['out', 'От 3500 сом'], ['in', 'Хм, надо подумать'], ['in', 'Я напишу']]],
  ['Jamila', [['in', 'Do you do pedicure?'], ['out', 'Yes, 1500 som'], ['in', 'Not sure yet'], ['in', 'Let me check my week']]],
];

/** A small base set keeps the test quick; the service takes the shipped 310 by default. */
const base = examplesFromLabelled(parseLabelledDialogs(readFileSync('test/fixtures/labelled-dialogs.jsonl', 'utf8')).items).filter((_, i) => i % 6 === 0);

const leadIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  other = await createTestOrg(t);
  let phone = 100;
  for (const [name, lines] of DIALOGS) await dialog(org, { name, phone: `+996 700 000 ${phone++}` }, lines);
  const started = await call(t, as(), 'POST', '/api/dialogs/analyze', {});
  expect(started.status).toBe(202);
  await t.runner.runUntilIdle();
  const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
  expect(list.body.items).toHaveLength(4);
  leadIds.push(...list.body.items.map((item: { leadId: string }) => item.leadId));
});
afterAll(() => t?.close());

const sum = (items: Array<{ points: number }>) => items.reduce((a, b) => a + b.points, 0);

describe('the lead card', () => {
  it('agrees with the lead after a manual stage change: score = Σ breakdown, interest by the bands', async () => {
    const leadId = leadIds[0]!;
    const moved = await call(t, as(), 'PATCH', `/api/dialogs/leads/${leadId}`, { stageKey: 'consultation_booked' });
    expect(moved.status).toBe(200);
    const card = await call(t, as(), 'GET', `/api/dialogs/leads/${leadId}/card`);
    expect(card.status).toBe(200);
    expect(card.body.breakdown[0]).toEqual({ label: 'Stage: consultation_booked', points: 40 });
    expect(card.body.score).toBe(Math.max(0, Math.min(100, sum(card.body.breakdown))));
    expect(card.body.interestLevel).toBe(card.body.score >= 75 ? 'hot' : card.body.score >= 40 ? 'warm' : 'cold');
    expect(moved.body).toMatchObject({ score: card.body.score, interestLevel: card.body.interestLevel });
  });

  it('a manual score of 80 is hot; a chosen interest is shown as chosen; a stage change drops the typed score', async () => {
    const leadId = leadIds[1]!;
    const scored = await call(t, as(), 'PATCH', `/api/dialogs/leads/${leadId}`, { score: 80 });
    expect(scored.body).toMatchObject({ score: 80, interestLevel: 'hot' });
    let card = (await call(t, as(), 'GET', `/api/dialogs/leads/${leadId}/card`)).body;
    expect(card).toMatchObject({ score: 80, interestLevel: 'hot', scoreOverridden: true, interestOverridden: false });
    expect(sum(card.breakdown)).toBe(80);

    const chosen = await call(t, as(), 'PATCH', `/api/dialogs/leads/${leadId}`, { interestLevel: 'cold' });
    expect(chosen.body).toMatchObject({ score: 80, interestLevel: 'cold' });
    card = (await call(t, as(), 'GET', `/api/dialogs/leads/${leadId}/card`)).body;
    expect(card).toMatchObject({ interestLevel: 'cold', interestOverridden: true });

    const moved = await call(t, as(), 'PATCH', `/api/dialogs/leads/${leadId}`, { stageKey: 'deal_lost', interestLevel: null });
    card = (await call(t, as(), 'GET', `/api/dialogs/leads/${leadId}/card`)).body;
    expect(card).toMatchObject({ scoreOverridden: false, interestOverridden: false });
    expect(moved.body).toMatchObject({ score: card.score, interestLevel: card.interestLevel });
  });

  it('is scoped to the organization', async () => {
    const foreign = await call(t, as(other), 'GET', `/api/dialogs/leads/${leadIds[0]}/card`);
    expect(foreign.status).toBe(404);
    expect((await call(t, as(), 'GET', '/api/dialogs/leads/not-a-uuid/card')).status).toBeGreaterThanOrEqual(400);
  });
});

describe('learning from corrections', () => {
  it('keeps each manual interest and stage change as a labelled example, and retraining measures before and after', async () => {
    for (const leadId of leadIds.slice(2)) await call(t, as(), 'PATCH', `/api/dialogs/leads/${leadId}`, { interestLevel: 'hot', stageKey: 'consultation_booked' });
    const status = await call(t, as(), 'GET', '/api/analysis/model');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ source: 'shipped', version: 1 });
    // lead 0: stage; lead 1: interest + stage; leads 2–3: interest + stage
    expect(status.body.corrections).toBe(7);
    expect(status.body.pendingCorrections).toBe(status.body.corrections);
    expect((await call(t, as(other), 'GET', '/api/analysis/model')).body.corrections).toBe(0);

    const result = await retrainOrgModel(t.ctx.db, org.organizationId, new Date(), { base });
    expect(result.version).toBe(2);
    expect(result.corrections).toBe(4);
    expect(result.before.stage.n).toBe(4);
    expect(result.after.stage.n).toBe(4);
    expect(result.after.stage.agreement).not.toBeNull();

    const after = await call(t, as(), 'GET', '/api/analysis/model');
    expect(after.body).toMatchObject({ source: 'organization', version: 2, pendingCorrections: 0 });
    expect(after.body.after.stage.n).toBe(4);
    // The other organization still uses the shipped model.
    expect((await call(t, as(other), 'GET', '/api/analysis/model')).body.source).toBe('shipped');

    // The retrained model now analyses this organization's dialogs.
    const again = await call(t, as(), 'POST', '/api/dialogs/analyze', { force: true });
    expect(again.status).toBe(202);
    await t.runner.runUntilIdle();
    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    expect(list.body.items.every((item: { model: string }) => item.model.includes('dialog-v2'))).toBe(true);
  });
});
