import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPipelines } from '../../src/modules/pipelines/index.ts';
import { call, createTestApp, createTestOrg, type TestApp } from '../helpers/test-app.ts';
import { testDbKind } from '../helpers/test-database.ts';
import { bundleOf, SEED_004_CHATS, seed004Files, whatsappExport } from '../helpers/whatsapp-dialogs.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const ME = 'Менеджер Soul KG';
const upload = (cookie: string, url: string, payload: Buffer) => t.app.inject({ method: 'POST', url, headers: { cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' }, payload });

async function salesPipeline(organizationId: string) {
  return (await listPipelines(t.ctx.db, organizationId)).find((p) => p.key === 'sales')!;
}

describe('import into seed 004’s pipeline, several files at once, with the authors read first', () => {
  it('reads the authors of a bundle of exports and suggests who you are', async () => {
    const org = await createTestOrg(t);
    const response = await upload(org.cookie, '/api/imports/authors?fileName=exports.zip&bundle=true', await bundleOf(seed004Files(ME)));
    expect(response.statusCode, response.body).toBe(200);
    const preview = JSON.parse(response.body);
    expect(preview.chats).toHaveLength(8);
    expect(preview.authors[0]).toEqual({ name: ME, chats: 7 }); // the first-contact chat has only the client's message;
    expect(preview.suggestedMe).toBe(ME);
    expect(preview.needsChoice).toBe(false);
  });

  it('asks for a choice when one export cannot tell, and refuses what is not an export by naming the field', async () => {
    const org = await createTestOrg(t);
    const ambiguous = whatsappExport('Айгуль', 'Мария', [['c', 'Привет'], ['b', 'Здравствуйте']]);
    const response = await upload(org.cookie, '/api/imports/authors?fileName=chat.txt', Buffer.from(ambiguous));
    const preview = JSON.parse(response.body);
    expect(preview).toMatchObject({ suggestedMe: null, needsChoice: true });
    expect(preview.authors.map((a: { name: string }) => a.name).sort()).toEqual(['Айгуль', 'Мария']);
    const garbage = await upload(org.cookie, '/api/imports/authors?fileName=x.txt', Buffer.from('not a chat at all'));
    expect(garbage.statusCode).toBe(422);
    expect(JSON.parse(garbage.body).error.fields[0].field).toBe('body');
    expect(JSON.stringify(JSON.parse(garbage.body))).not.toMatch(/--me/);
  });

  it('imports the chosen author’s bundle into the Sales pipeline; AI classification (offline) assigns every seed 004 status', async () => {
    const org = await createTestOrg(t);
    const pipeline = await salesPipeline(org.organizationId);
    const query = `source=whatsapp&fileName=exports.zip&bundle=true&useLlm=true&me=${encodeURIComponent(ME)}&pipelineId=${pipeline.id}`;
    const started = await upload(org.cookie, `/api/imports?${query}`, await bundleOf(seed004Files(ME)));
    expect(started.statusCode, started.body).toBe(202);
    await t.runner.runUntilIdle();
    const run = await call(t, { cookie: org.cookie }, 'GET', `/api/imports/${JSON.parse(started.body).id}`);
    expect(run.body.status, run.body.error).toBe('completed');
    const expected = Object.fromEntries(SEED_004_CHATS.map((c) => [c.status, 1]));
    expect(run.body.report.stages).toEqual(expected);
    expect(run.body.report.pipeline).toEqual({ id: pipeline.id, name: pipeline.name });
    expect(run.body.report.stageNames.proposal_sent).toBe('Proposal sent');
    for (const status of ['NEW_LEAD', 'QUALIFIED', 'WARMED', 'PROPOSAL_SENT', 'NEGOTIATION', 'SOLD', 'SERVICE', 'CLOSED']) expect(run.body.reportMarkdown).toContain(`(${status})`);
    expect(run.body.reportMarkdown).toContain('## Recommendations');
    expect(run.body.reportMarkdown).not.toMatch(/--[a-z]/);
    expect(run.body.recommendations.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['checkStages', 'checkContacts', 'checkRerun']));
    const leads = await t.ctx.db.selectFrom('leads').select(['pipeline_id']).where('organization_id', '=', org.organizationId).execute();
    expect(leads).toHaveLength(8);
    expect(new Set(leads.map((l) => l.pipeline_id))).toEqual(new Set([pipeline.id]));
    const calls = await t.ctx.db.selectFrom('ai_calls').select('task').where('organization_id', '=', org.organizationId).execute();
    expect(calls.filter((c) => c.task === 'import.stage')).toHaveLength(8);
  });

  it('a pipeline of another organization is a bad field, not a leak', async () => {
    const a = await createTestOrg(t);
    const b = await createTestOrg(t);
    const pipelineOfA = await salesPipeline(a.organizationId);
    const response = await upload(b.cookie, `/api/imports?source=whatsapp&fileName=x.txt&pipelineId=${pipelineOfA.id}`, Buffer.from(whatsappExport(ME, 'X', [['c', 'hi']])));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.fields[0].field).toBe('query.pipelineId');
    expect(await t.ctx.db.selectFrom('import_runs').select('id').where('organization_id', '=', b.organizationId).execute()).toHaveLength(0);
  });

  it('members who are not admins cannot pre-read uploads', async () => {
    const org = await createTestOrg(t);
    const agent = await call(t, { cookie: org.cookie }, 'POST', '/api/users', { email: 'agent-preview@example.test', name: 'Agent', password: 'agent-password-1', role: 'agent' });
    expect(agent.status).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'agent-preview@example.test', password: 'agent-password-1' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const response = await upload(cookie, '/api/imports/authors?fileName=x.txt', Buffer.from(whatsappExport(ME, 'X', [['c', 'hi']])));
    expect(response.statusCode).toBe(403);
  });

  it('CLI: --organization-id, --pipeline by name and --use-llm, from a folder of exports', async () => {
    if (testDbKind() !== 'postgres') return; // the CLI opens the database itself; PGlite here is in-memory
    const org = await createTestOrg(t);
    const dir = mkdtempSync(join(tmpdir(), 'parley-seed004-'));
    for (const file of seed004Files(ME)) writeFileSync(join(dir, file.name), file.text);
    const env = { ...process.env, DATABASE_URL: t.testDb.url!, LOG_LEVEL: 'warn' };
    const args = ['bin/parley.mjs', 'import', 'whatsapp', dir, '--organization-id', org.organizationId, '--pipeline', 'Sales', '--use-llm', '--limit', '10', '--dry-run'];
    const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('**Pipeline**: Sales');
    expect(result.stdout).toContain('Negotiation (NEGOTIATION) | 1');
    expect(result.stdout).toMatch(/This was a dry run/);
    const unknown = spawnSync(process.execPath, [...args.slice(0, 6), '--pipeline', 'Nope'], { env, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no pipeline "Nope"');
  });
});
