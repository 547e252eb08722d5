import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, login, type TestApp, type TestOrg } from '../helpers/test-app.ts';

let t: TestApp;
let org: TestOrg;
const as = () => ({ cookie: org.cookie });

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t, { slug: 'presets-org' });
});
afterAll(() => t?.close());

describe('business-type presets (issue 15)', () => {
  it('lists a preset per business type in the asked language', async () => {
    const en = await call(t, as(), 'GET', '/api/analysis/presets?lang=en');
    expect(en.status).toBe(200);
    expect(en.body.items.map((p: { businessType: string }) => p.businessType)).toEqual(['beauty_salon', 'clinic', 'education', 'b2b_services', 'infobusiness']);
    const clinic = en.body.items.find((p: { businessType: string }) => p.businessType === 'clinic');
    expect(clinic.scoring.modifiers.flatMap((m: { values: string[] }) => m.values)).toEqual(expect.arrayContaining(['symptoms_described', 'specialist_named']));
    expect(clinic.brief.funnel.stages.find((s: { key: string }) => s.key === 'consultation_booked').meaning).toMatch(/appointment/i);
    const ru = await call(t, as(), 'GET', '/api/analysis/presets?lang=ru');
    expect(ru.body.items[1].brief.funnel.stages[3].meaning).toMatch(/приём/);
    const bad = await call(t, as(), 'GET', '/api/analysis/presets?lang=de');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('lang');
  });

  it('applies a preset, then keeps a person’s edits when the type changes without applying', async () => {
    const before = (await call(t, as(), 'GET', '/api/analysis/profile')).body;
    expect(before.businessType).toBeNull();

    const applied = await call(t, as(), 'PUT', '/api/analysis/profile/business-type', { businessType: 'clinic', applyPreset: true, language: 'en' });
    expect(applied.status).toBe(200);
    expect(applied.body.businessType).toBe('clinic');
    expect(applied.body.presetEdits).toEqual([]);
    expect(applied.body.scoring.modifiers.map((m: { label: string }) => m.label)).toContain('Describes symptoms');
    expect(applied.body.brief.funnel.qualificationQuestions[0]).toMatch(/symptoms/);
    // The business section stays the organization's own.
    expect(applied.body.brief.business).toEqual(before.brief.business);

    const edited = { ...applied.body.scoring, modifiers: applied.body.scoring.modifiers.map((m: { id: string; points: number }) => (m.id === 'symptoms' ? { ...m, points: 20 } : m)) };
    expect((await call(t, as(), 'PUT', '/api/analysis/scoring', edited)).status).toBe(200);
    expect((await call(t, as(), 'GET', '/api/analysis/profile')).body.presetEdits).toEqual(['scoring']);

    const typeOnly = await call(t, as(), 'PUT', '/api/analysis/profile/business-type', { businessType: 'education', applyPreset: false });
    expect(typeOnly.status).toBe(200);
    expect(typeOnly.body.businessType).toBe('education');
    expect(typeOnly.body.scoring).toEqual(edited);
    expect(typeOnly.body.presetEdits).toEqual(['scoring', 'stages', 'questions', 'signals']);

    // The organization's locale (English for test organizations unless set) picks the preset's language.
    const educated = await call(t, as(), 'PUT', '/api/analysis/profile/business-type', { businessType: 'education', applyPreset: true });
    expect(educated.body.presetEdits).toEqual([]);
    expect(educated.body.scoring.modifiers.map((m: { values: string[] }) => m.values[0])).toContain('format_asked');
  });

  it('analyses a clinic dialog with the clinic criteria', async () => {
    await call(t, as(), 'PUT', '/api/analysis/profile/business-type', { businessType: 'clinic', applyPreset: true, language: 'ru' });
    const from = { name: 'Пациент', phone: '+996 700 555 010' };
    await call(t, as(), 'POST', `/api/sandbox/${org.sandboxAccountId}/inbound`, { text: 'Здравствуйте, второй день болит зуб, можно к стоматологу на завтра?', from });
    await t.runner.runUntilIdle();
    const started = await call(t, as(), 'POST', '/api/dialogs/analyze', { minIncoming: 1 });
    expect(started.status).toBe(202);
    await t.runner.runUntilIdle();
    const list = await call(t, as(), 'GET', '/api/dialogs/analysis');
    const labels = list.body.items[0].breakdown.map((line: { label: string }) => line.label);
    expect(labels).toEqual(expect.arrayContaining(['Описывает симптомы', 'Называет врача или специалиста']));
    expect(list.body.items[0].signals).toEqual(expect.arrayContaining(['symptoms_described']));
  });

  it('names the field it cannot accept and lets only admins change the type', async () => {
    const bad = await call(t, as(), 'PUT', '/api/analysis/profile/business-type', { businessType: 'bakery', applyPreset: true });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('body.businessType');
    const missing = await call(t, as(), 'PUT', '/api/analysis/profile/business-type', { businessType: 'clinic' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.fields)).toContain('body.applyPreset');

    expect((await call(t, as(), 'POST', '/api/users', { email: 'agent-presets@example.test', name: 'Agent', password: 'agent-password-1', role: 'agent' })).status).toBe(201);
    const agent = { cookie: await login(t, 'agent-presets@example.test', 'agent-password-1', org.slug) };
    expect((await call(t, agent, 'PUT', '/api/analysis/profile/business-type', { businessType: 'clinic', applyPreset: true })).status).toBe(403);
    expect((await call(t, agent, 'GET', '/api/analysis/presets')).status).toBe(200);
  });
});
