import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, login, type TestApp, type TestOrg } from '../helpers/test-app.ts';

let t: TestApp;
let org: TestOrg;
const as = () => ({ cookie: org.cookie });

/** The client writes through the sandbox channel; the business answers through the conversation. */
async function dialog(o: TestOrg, from: { name: string; phone: string }, lines: Array<['in' | 'out', string]>): Promise<string> {
  let conversationId = '';
  for (const [direction, text] of lines) {
    if (direction === 'in') {
      const response = await call(t, { cookie: o.cookie }, 'POST', `/api/sandbox/${o.sandboxAccountId}/inbound`, { text, from });
      expect(response.status).toBeLessThan(300);
      conversationId = response.body.conversationId;
    } else {
      const response = await call(t, { cookie: o.cookie }, 'POST', `/api/conversations/${conversationId}/messages`, { body: text });
      expect(response.status).toBeLessThan(300);
    }
  }
  await t.runner.runUntilIdle();
  return conversationId;
}

async function analyze(body: Record<string, unknown> = {}, o: TestOrg = org) {
  const started = await call(t, { cookie: o.cookie }, 'POST', '/api/dialogs/analyze', body);
  expect(started.status).toBe(202);
  await t.runner.runUntilIdle();
  const run = await call(t, { cookie: o.cookie }, 'GET', `/api/dialogs/analyze/${started.body.runId}`);
  expect(run.body.status).toBe('succeeded');
  return run.body;
}

const CLINIC: Array<['in' | 'out', string]> = [
  ['in', 'Здравствуйте! У меня своя стоматологическая клиника, я владелец. Сколько стоит ваша услуга?'],
  ['out', 'Здравствуйте! Пакет от 50 000 ₽ в месяц, детали на консультации.'],
  ['in', 'Бюджет на рекламу около 100 000 рублей в месяц, нам нужны пациенты на имплантацию.'],
  ['in', 'Давайте запишемся на консультацию в четверг в 15:00'],
  ['out', 'Записал вас на консультацию в четверг в 15:00, пришлю ссылку.'],
  ['in', 'Отлично, спасибо!'],
];
const SMM: Array<['in' | 'out', string]> = [
  ['in', 'Hi, I am an SMM specialist and targetologist, I run ads for clients.'],
  ['out', 'Hello! We work with business owners directly.'],
  ['in', 'How much do you charge? Maybe we could partner up.'],
  ['in', 'ok, thanks'],
];
const REFUSAL: Array<['in' | 'out', string]> = [
  ['in', 'Добрый день, что это за рассылка?'],
  ['out', 'Здравствуйте! Мы помогаем клиникам привлекать пациентов.'],
  ['in', 'Нам это не интересно.'],
  ['in', 'Не пишите больше, пожалуйста.'],
];
const SHORT: Array<['in' | 'out', string]> = [
  ['in', 'Hello, how much is it?'],
  ['out', 'Hi! From $500 a month.'],
  ['in', 'ok'],
];

let clinicConversation = '';
let refusalConversation = '';

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  clinicConversation = await dialog(org, { name: 'Айбек Стоматолог', phone: '+996 700 111 222' }, CLINIC);
  await dialog(org, { name: 'Mike SMM', phone: '+1 415 555 0101' }, SMM);
  refusalConversation = await dialog(org, { name: 'Ольга Отказ', phone: '+996 555 333 444' }, REFUSAL);
  await dialog(org, { name: 'Short Talk', phone: '+1 415 555 0102' }, SHORT);
});
afterAll(() => t?.close());

describe('business profile and analysis prompt (seed 000)', () => {
  it('before onboarding the profile is seed 001’s default and not completed', async () => {
    const response = await call(t, as(), 'GET', '/api/analysis/profile');
    expect(response.status).toBe(200);
    expect(response.body.completedAt).toBeNull();
    expect(response.body.currentPrompt).toBeNull();
    expect(response.body.brief.funnel.qualificationQuestions.length).toBeGreaterThanOrEqual(4);
    expect(response.body.scoring).toMatchObject({ thresholds: { hot: 75, warm: 40 }, minIncoming: 3 });
    const labels = response.body.scoring.modifiers.map((m: { points: number }) => m.points).sort((x: number, y: number) => x - y);
    expect(labels).toEqual([-30, 10, 10, 10, 15]);
  });

  it('saves the three-step brief, generates a versioned prompt offline, and keeps edits as new versions', async () => {
    const profile = (await call(t, as(), 'GET', '/api/analysis/profile')).body;
    const brief = { ...profile.brief, business: { ...profile.brief.business, name: 'Clinic Growth Lab' }, signals: { ...profile.brief.signals, toneOfVoice: 'Friendly, concise' } };
    const saved = await call(t, as(), 'PUT', '/api/analysis/profile', { brief, complete: true });
    expect(saved.status).toBe(200);
    expect(saved.body.completedAt).not.toBeNull();
    expect(saved.body.brief.business.name).toBe('Clinic Growth Lab');

    const generated = await call(t, as(), 'POST', '/api/analysis/profile/generate-prompt');
    expect(generated.status).toBe(201);
    expect(generated.body.prompt).toMatchObject({ version: 1, source: 'template', provider: 'offline' });
    expect(generated.body.prompt.text).toContain('Clinic Growth Lab');
    for (const question of brief.funnel.qualificationQuestions) expect(generated.body.prompt.text).toContain(question);

    const edited = await call(t, as(), 'POST', '/api/analysis/prompts', { text: `${generated.body.prompt.text}\nAlways answer in the client's language.` });
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ version: 2, source: 'edited' });
    const versions = await call(t, as(), 'GET', '/api/analysis/prompts');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await call(t, as(), 'GET', '/api/analysis/profile')).body.currentPrompt.version).toBe(2);
  });

  it('rejects a bad brief and bad scoring rules naming the field, and lets only admins change them', async () => {
    const missing = await call(t, as(), 'PUT', '/api/analysis/profile', { brief: { business: { name: 'x' } } });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.fields)).toContain('body.brief');
    const profile = (await call(t, as(), 'GET', '/api/analysis/profile')).body;
    const inverted = await call(t, as(), 'PUT', '/api/analysis/scoring', { ...profile.scoring, thresholds: { hot: 30, warm: 40 } });
    expect(inverted.status).toBe(400);
    expect(JSON.stringify(inverted.body.error.fields)).toContain('thresholds');

    const agent = await call(t, as(), 'POST', '/api/users', { email: 'agent-analysis@example.test', name: 'Agent', password: 'agent-password-1', role: 'agent' });
    expect(agent.status).toBe(201);
    const agentCookie = await login(t, 'agent-analysis@example.test', 'agent-password-1', org.slug);
    expect((await call(t, { cookie: agentCookie }, 'PUT', '/api/analysis/scoring', profile.scoring)).status).toBe(403);
    expect((await call(t, { cookie: agentCookie }, 'GET', '/api/analysis/profile')).status).toBe(200);
  });
});

describe('dialog analysis (seed 001)', () => {
  it('analyses dialogs with at least minIncoming client messages, creates leads at the analysed stage and scores them by the seed table', async () => {
    const run = await analyze();
    expect(run.stats).toMatchObject({ total: 3, analyzed: 3, skipped: 0, new_leads: 3, errors: 0 });
    expect(run.progress).toEqual({ total: 3, done: 3 });
    expect(run.stats.hot + run.stats.warm + run.stats.cold).toBe(3);

    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(3);
    const clinic = list.body.items.find((item: { conversationId: string }) => item.conversationId === clinicConversation);
    expect(clinic).toMatchObject({ funnelStage: 'consultation_booked', niche: 'medicine', role: 'owner', interestLevel: 'hot', score: 75, leadStageKey: 'consultation_booked', leadScore: 75 });
    expect(clinic.breakdown.map((b: { points: number }) => b.points)).toEqual([40, 15, 10, 10]);
    expect(clinic.signals).toEqual(expect.arrayContaining(['price_asked', 'budget_named', 'booking_agreed']));
    expect(clinic.language).toBe('ru');
    expect(clinic.provider).toBe('offline');
    expect(clinic.summary.length).toBeGreaterThan(10);
    expect(clinic.nextAction.length).toBeGreaterThan(5);
    expect(clinic.qualification).toHaveLength(4);

    const smm = list.body.items.find((item: { contactName: string }) => item.contactName === 'Mike SMM');
    expect(smm).toMatchObject({ role: expect.stringMatching(/smm|targetologist/), interestLevel: 'cold' });
    const refusal = list.body.items.find((item: { conversationId: string }) => item.conversationId === refusalConversation);
    expect(refusal).toMatchObject({ funnelStage: 'deal_lost', interestLevel: 'cold', score: 0 });
    expect(list.body.items.some((item: { contactName: string }) => item.contactName === 'Short Talk')).toBe(false);

    const history = await call(t, as(), 'GET', `/api/leads/${clinic.leadId}/history`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({ source: 'analysis' });
    const calls = await t.ctx.db.selectFrom('ai_calls').select(['task', 'provider', 'fallback_reason']).where('organization_id', '=', org.organizationId).where('task', '=', 'dialog.analysis').execute();
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.provider === 'offline' && c.fallback_reason === 'no_key')).toBe(true);
  });

  it('is incremental: unchanged dialogs are skipped, a new message re-analyses only its dialog, force re-analyses all', async () => {
    expect((await analyze()).stats).toMatchObject({ total: 3, analyzed: 0, skipped: 3 });
    await dialog(org, { name: 'Ольга Отказ', phone: '+996 555 333 444' }, [['in', 'Хотя подождите, сколько стоит консультация?']]);
    expect((await analyze()).stats).toMatchObject({ analyzed: 1, skipped: 2, new_leads: 0 });
    expect((await analyze({ force: true })).stats).toMatchObject({ analyzed: 3, skipped: 0, new_leads: 0 });

    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    const refusal = list.body.items.find((item: { conversationId: string }) => item.conversationId === refusalConversation);
    const detail = await call(t, as(), 'GET', `/api/dialogs/analysis/${refusal.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.isCurrent).toBe(true);
    expect(detail.body.history).toHaveLength(2);
    expect(detail.body.history.every((h: { isCurrent: boolean }) => !h.isCurrent)).toBe(true);
    expect(detail.body.lead.id).toBe(refusal.leadId);
  });

  it('respects minIncoming from the request and maxDialogs', async () => {
    const run = await analyze({ minIncoming: 2, force: true, maxDialogs: 2 });
    expect(run.stats.total).toBe(2);
    const all = await analyze({ minIncoming: 2 });
    expect(all.stats.total).toBe(4);
    // The two-message dialog becomes a lead in whichever of the two runs reaches it first.
    expect(run.stats.new_leads + all.stats.new_leads).toBe(1);
    expect(all.stats.skipped).toBeGreaterThanOrEqual(2);
  });

  it('a stage a person chose is kept by later analyses, and moving a lead re-scores it by the same rules', async () => {
    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    const clinic = list.body.items.find((item: { conversationId: string }) => item.conversationId === clinicConversation);
    const moved = await call(t, as(), 'PATCH', `/api/dialogs/leads/${clinic.leadId}`, { stageKey: 'deal_closed' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stageKey: 'deal_closed', score: 100, interestLevel: 'hot' });
    await analyze({ force: true, conversationIds: [clinicConversation] });
    const after = await call(t, as(), 'GET', `/api/leads/${clinic.leadId}`);
    expect(after.body.stageKey).toBe('deal_closed');
    const history = await call(t, as(), 'GET', `/api/leads/${clinic.leadId}/history`);
    expect(history.body.items.map((h: { source: string }) => h.source)).toEqual(['analysis', 'manual']);

    const unknown = await call(t, as(), 'PATCH', `/api/dialogs/leads/${clinic.leadId}`, { stageKey: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('body.stageKey');
    const toggled = await call(t, as(), 'PATCH', `/api/dialogs/leads/${clinic.leadId}`, { autopilot: true });
    expect(toggled.body.autopilot).toBe(true);
  });

  it('filters, sorts and pages the analysed leads, and counts them', async () => {
    const hot = await call(t, as(), 'GET', '/api/dialogs/analysis?interestLevel=hot');
    expect(hot.body.items.every((item: { leadInterestLevel: string }) => item.leadInterestLevel === 'hot')).toBe(true);
    expect(hot.body.count).toBe(hot.body.items.length);
    const min = await call(t, as(), 'GET', '/api/dialogs/analysis?minScore=50');
    expect(min.body.items.every((item: { leadScore: number }) => item.leadScore >= 50)).toBe(true);
    const stage = await call(t, as(), 'GET', '/api/dialogs/analysis?funnelStage=deal_closed');
    expect(stage.body.items.map((item: { leadStageKey: string }) => item.leadStageKey)).toEqual(['deal_closed']);
    const search = await call(t, as(), 'GET', `/api/dialogs/analysis?q=${encodeURIComponent('стоматолог')}`);
    expect(search.body.items).toHaveLength(1);
    const byPhone = await call(t, as(), 'GET', '/api/dialogs/analysis?q=555%20333');
    expect(byPhone.body.items.map((item: { contactName: string }) => item.contactName)).toEqual(['Ольга Отказ']);
    const byAccount = await call(t, as(), 'GET', '/api/dialogs/analysis?instanceName=Sandbox');
    expect(byAccount.body.count).toBe(4);
    expect((await call(t, as(), 'GET', '/api/dialogs/analysis?instanceName=Elsewhere')).body.count).toBe(0);
    const complete = await call(t, as(), 'GET', '/api/dialogs/analysis?qualificationComplete=false');
    expect(complete.body.items.every((item: { qualificationComplete: boolean }) => !item.qualificationComplete)).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    let scores: number[] = [];
    do {
      const page: { body: { items: Array<{ id: string; leadScore: number }>; nextCursor: string | null } } = await call(t, as(), 'GET', `/api/dialogs/analysis?limit=1&sort=score_desc${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((item) => item.id));
      scores = scores.concat(page.body.items.map((item) => item.leadScore));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);

    const wrongCursor = await call(t, as(), 'GET', `/api/dialogs/analysis?sort=analyzed_desc&cursor=${(await call(t, as(), 'GET', '/api/dialogs/analysis?limit=1')).body.nextCursor}`);
    expect(wrongCursor.status).toBe(400);
    expect(wrongCursor.body.error.fields[0].field).toBe('query.cursor');
    const badLevel = await call(t, as(), 'GET', '/api/dialogs/analysis?interestLevel=boiling');
    expect(badLevel.status).toBe(400);
    expect(JSON.stringify(badLevel.body.error.fields)).toContain('interestLevel');
  });

  it('answers stats over the same filters', async () => {
    const stats = await call(t, as(), 'GET', '/api/dialogs/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.total).toBe(4);
    expect(stats.body.hot + stats.body.warm + stats.body.cold).toBe(4);
    expect(stats.body.byStage.deal_closed).toBe(1);
    expect(stats.body.byLanguage.ru).toBeGreaterThanOrEqual(2);
    expect(typeof stats.body.averageScore).toBe('number');
    const hot = await call(t, as(), 'GET', '/api/dialogs/stats?interestLevel=hot');
    expect(hot.body.total).toBe(stats.body.hot);
  });

  it('exports CSV with a BOM that Excel reads as UTF-8, Russian headers and semicolons on request, and formula-safe text', async () => {
    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    const refusal = list.body.items.find((item: { conversationId: string }) => item.conversationId === refusalConversation);
    await call(t, as(), 'PATCH', `/api/contacts/${refusal.contactId}`, { displayName: '=HYPERLINK("http://evil")' });

    const response = await t.app.inject({ method: 'GET', url: '/api/dialogs/export-csv?delimiter=semicolon&lang=ru', headers: { cookie: org.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="parley-leads-\d{4}-\d{2}-\d{2}\.csv"/);
    const raw = response.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.startsWith('Имя;Телефон;Канал')).toBe(true);
    expect(lines).toHaveLength(5);
    expect(response.body).toContain('Айбек Стоматолог');
    expect(response.body).toContain('Сделка закрыта');
    expect(response.body).toContain(`'=HYPERLINK`);

    const english = await t.app.inject({ method: 'GET', url: '/api/dialogs/export-csv?interestLevel=hot', headers: { cookie: org.cookie } });
    const englishLines = english.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(englishLines[0]).toMatch(/^Name,Phone,Channel/);
    expect(englishLines.length - 1).toBe((await call(t, as(), 'GET', '/api/dialogs/stats?interestLevel=hot')).body.total);
  });
});

describe('leads by hand, notes and deletion', () => {
  it('creates a lead for a new contact by phone, or an existing contact, and rejects bad input by field', async () => {
    const created = await call(t, as(), 'POST', '/api/dialogs/leads', { name: 'Walk-in Client', phone: '+996 700 555 666', stageKey: 'qualified', interestLevel: 'warm', score: 50, note: 'Came by the office' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contactName: 'Walk-in Client', contactPhone: '+996700555666', stageKey: 'qualified', score: 50, interestLevel: 'warm', source: 'manual', analysis: null });
    const notes = await call(t, as(), 'GET', `/api/leads/${created.body.id}/notes`);
    expect(notes.body.items.map((n: { body: string }) => n.body)).toEqual(['Came by the office']);
    const again = await call(t, as(), 'POST', '/api/dialogs/leads', { phone: '+996700555666' });
    expect(again.body.contactId).toBe(created.body.contactId);

    const badPhone = await call(t, as(), 'POST', '/api/dialogs/leads', { name: 'X', phone: '12' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.fields[0].field).toBe('body.phone');
    const nothing = await call(t, as(), 'POST', '/api/dialogs/leads', {});
    expect(nothing.status).toBe(400);
    const badStage = await call(t, as(), 'POST', '/api/dialogs/leads', { name: 'Y', stageKey: 'unknown_stage' });
    expect(badStage.status).toBe(400);
    expect(badStage.body.error.fields[0].field).toBe('body.stageKey');
  });

  it('notes: authors and admins delete them, other agents cannot', async () => {
    const board = await call(t, as(), 'GET', '/api/leads?limit=1');
    const leadId = board.body.items[0].id;
    const note = await call(t, as(), 'POST', `/api/leads/${leadId}/notes`, { body: 'Owner note' });
    expect(note.status).toBe(201);
    expect(note.body.authorName).toContain('Owner');
    const agentCookie = await login(t, 'agent-analysis@example.test', 'agent-password-1', org.slug);
    const agentNote = await call(t, { cookie: agentCookie }, 'POST', `/api/leads/${leadId}/notes`, { body: 'Agent note' });
    expect((await call(t, { cookie: agentCookie }, 'DELETE', `/api/leads/${leadId}/notes/${note.body.id}`)).status).toBe(403);
    expect((await call(t, { cookie: agentCookie }, 'DELETE', `/api/leads/${leadId}/notes/${agentNote.body.id}`)).status).toBe(200);
    expect((await call(t, as(), 'DELETE', `/api/leads/${leadId}/notes/${note.body.id}`)).status).toBe(200);
    expect((await call(t, as(), 'POST', `/api/leads/${leadId}/notes`, { body: '' })).status).toBe(400);
  });

  it('the board lists leads with their analysis and filters them like the analysis view', async () => {
    const board = await call(t, as(), 'GET', '/api/leads?sort=score_desc&limit=50');
    expect(board.status).toBe(200);
    expect(board.body.items.length).toBe(6);
    const clinic = board.body.items.find((lead: { conversationId: string }) => lead.conversationId === clinicConversation);
    expect(clinic.analysis).toMatchObject({ niche: 'medicine', conversationId: clinicConversation });
    expect(clinic.channelAccountName).toBe('Sandbox');
    const warm = await call(t, as(), 'GET', '/api/leads?interestLevel=warm');
    expect(warm.body.items.every((lead: { interestLevel: string }) => lead.interestLevel === 'warm')).toBe(true);
  });

  it('deleting an analysed lead removes it and its analyses; the dialog is not analysed again unless asked for', async () => {
    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    const refusal = list.body.items.find((item: { conversationId: string }) => item.conversationId === refusalConversation);
    const deleted = await call(t, as(), 'DELETE', `/api/dialogs/analysis/${refusal.id}`);
    expect(deleted.status).toBe(200);
    expect((await call(t, as(), 'GET', `/api/leads/${refusal.leadId}`)).status).toBe(404);
    expect((await call(t, as(), 'GET', `/api/dialogs/analysis/${refusal.id}`)).status).toBe(404);
    expect((await call(t, as(), 'DELETE', `/api/dialogs/analysis/${refusal.id}`)).status).toBe(404);
    const contact = await call(t, as(), 'GET', `/api/contacts/${refusal.contactId}`);
    expect(contact.status).toBe(200);

    const normal = await analyze({ minIncoming: 2 });
    expect(normal.stats.new_leads).toBe(0);
    const asked = await analyze({ conversationIds: [refusalConversation] });
    expect(asked.stats).toMatchObject({ analyzed: 1, new_leads: 1 });
  });
});
