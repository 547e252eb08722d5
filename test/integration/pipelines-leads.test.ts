import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';

interface Stage {
  id: string;
  key: string;
  name: string;
  position: number;
  kind: 'open' | 'won' | 'lost';
  baseScore: number | null;
}
interface Pipeline {
  id: string;
  key: string;
  name: string;
  isDefault: boolean;
  stages: Stage[];
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const as = (o: TestOrg) => ({ cookie: o.cookie });

async function pipelinesOf(o: TestOrg): Promise<Pipeline[]> {
  const response = await call(t, as(o), 'GET', '/api/pipelines');
  expect(response.status).toBe(200);
  return response.body.items;
}

async function pipelineByKey(o: TestOrg, key: string): Promise<Pipeline> {
  const pipeline = (await pipelinesOf(o)).find((p) => p.key === key);
  if (!pipeline) throw new Error(`no pipeline ${key}`);
  return pipeline;
}

const stageOf = (pipeline: Pipeline, key: string): Stage => {
  const stage = pipeline.stages.find((s) => s.key === key);
  if (!stage) throw new Error(`no stage ${key} in ${pipeline.key}`);
  return stage;
};

function expectContiguous(pipeline: Pipeline) {
  expect(pipeline.stages.map((s) => s.position)).toEqual(pipeline.stages.map((_s, index) => index));
}

describe('default pipelines', () => {
  it('a new organization has the consultation funnel (default, with base scores) and the sales funnel', async () => {
    const org = await createTestOrg(t);
    const pipelines = await pipelinesOf(org);
    expect(pipelines.map((p) => p.key)).toEqual(['consultation', 'sales']);
    const [consultation, sales] = pipelines as [Pipeline, Pipeline];

    expect(consultation.isDefault).toBe(true);
    expect(sales.isDefault).toBe(false);
    expect(consultation.stages.map((s) => [s.key, s.baseScore])).toEqual([
      ['new_lead', 5],
      ['not_qualified', 15],
      ['qualified', 30],
      ['consultation_booked', 40],
      ['consultation_completed', 55],
      ['deal_closed', 75],
      ['deal_lost', 0],
    ]);
    expect(stageOf(consultation, 'deal_closed').kind).toBe('won');
    expect(stageOf(consultation, 'deal_lost').kind).toBe('lost');
    expect(sales.stages.map((s) => s.key)).toEqual(['new_lead', 'qualified', 'warmed', 'proposal_sent', 'negotiation', 'sold', 'service', 'closed']);
    expectContiguous(consultation);
    expectContiguous(sales);

    const single = await call(t, as(org), 'GET', `/api/pipelines/${consultation.id}`);
    expect(single.status).toBe(200);
    expect(single.body).toEqual(consultation);
  });

  it('each organization gets its own copy', async () => {
    const [a, b] = [await createTestOrg(t), await createTestOrg(t)];
    const idsA = (await pipelinesOf(a)).flatMap((p) => [p.id, ...p.stages.map((s) => s.id)]);
    const idsB = (await pipelinesOf(b)).flatMap((p) => [p.id, ...p.stages.map((s) => s.id)]);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
  });
});

describe('editing stages', () => {
  let org: TestOrg;
  let sales: Pipeline;

  beforeAll(async () => {
    org = await createTestOrg(t);
    sales = await pipelineByKey(org, 'sales');
  });

  const stagesUrl = (stageId?: string) => `/api/pipelines/${sales.id}/stages${stageId ? `/${stageId}` : ''}`;

  it('renames a stage and changes its kind and score', async () => {
    const warmed = stageOf(sales, 'warmed');
    const response = await call(t, as(org), 'PATCH', stagesUrl(warmed.id), { name: 'Прогрет', baseScore: 35 });
    expect(response.status).toBe(200);
    const renamed = stageOf(response.body, 'warmed');
    expect(renamed).toMatchObject({ id: warmed.id, name: 'Прогрет', baseScore: 35, kind: 'open', position: warmed.position });
    sales = response.body;
  });

  it('reorders: moving a stage shifts the others and keeps positions contiguous', async () => {
    const negotiation = stageOf(sales, 'negotiation');
    const moved = await call(t, as(org), 'PATCH', stagesUrl(negotiation.id), { position: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body.stages.map((s: Stage) => s.key)).toEqual(['new_lead', 'negotiation', 'qualified', 'warmed', 'proposal_sent', 'sold', 'service', 'closed']);
    expectContiguous(moved.body);

    const toEnd = await call(t, as(org), 'PATCH', stagesUrl(negotiation.id), { position: 99 });
    expect(toEnd.body.stages.map((s: Stage) => s.key)).toEqual(['new_lead', 'qualified', 'warmed', 'proposal_sent', 'sold', 'service', 'closed', 'negotiation']);
    expectContiguous(toEnd.body);
    const back = await call(t, as(org), 'PATCH', stagesUrl(negotiation.id), { position: 4 });
    expect(back.body.stages.map((s: Stage) => s.key)).toEqual(['new_lead', 'qualified', 'warmed', 'proposal_sent', 'negotiation', 'sold', 'service', 'closed']);
    sales = back.body;
  });

  it('adds a stage at a position, or at the end', async () => {
    const added = await call(t, as(org), 'POST', stagesUrl(), { key: 'demo_done', name: 'Demo done', position: 3, baseScore: 45 });
    expect(added.status).toBe(201);
    expect(added.body.stages.map((s: Stage) => s.key)).toEqual(['new_lead', 'qualified', 'warmed', 'demo_done', 'proposal_sent', 'negotiation', 'sold', 'service', 'closed']);
    expect(stageOf(added.body, 'demo_done')).toMatchObject({ position: 3, kind: 'open', baseScore: 45 });
    expectContiguous(added.body);

    const last = await call(t, as(org), 'POST', stagesUrl(), { key: 'archived', name: 'Archived', kind: 'lost' });
    expect(last.status).toBe(201);
    expect(last.body.stages.at(-1)).toMatchObject({ key: 'archived', kind: 'lost', position: 9, baseScore: null });

    const duplicate = await call(t, as(org), 'POST', stagesUrl(), { key: 'archived', name: 'Again' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.fields[0].field).toBe('body.key');
    const badKey = await call(t, as(org), 'POST', stagesUrl(), { key: 'Not Snake', name: 'Bad' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.fields[0].field).toBe('body.key');
    sales = last.body;
  });

  it('deletes an empty stage and closes the gap; a later insert lands where asked', async () => {
    const demo = stageOf(sales, 'demo_done');
    const deleted = await call(t, as(org), 'DELETE', stagesUrl(demo.id));
    expect(deleted.status).toBe(200);
    expect(deleted.body.stages.map((s: Stage) => s.key)).not.toContain('demo_done');
    expectContiguous(deleted.body);

    // Insert before the stage the client sees at position 3.
    const atThree = deleted.body.stages[3] as Stage;
    const inserted = await call(t, as(org), 'POST', stagesUrl(), { key: 'call_scheduled', name: 'Call scheduled', position: atThree.position });
    expect(inserted.status).toBe(201);
    const keys = inserted.body.stages.map((s: Stage) => s.key);
    expect(keys.indexOf('call_scheduled')).toBe(keys.indexOf(atThree.key) - 1);
    expectContiguous(inserted.body);
    sales = inserted.body;

    expect((await call(t, as(org), 'DELETE', stagesUrl(demo.id))).status).toBe(404);
    expect((await call(t, as(org), 'DELETE', stagesUrl(randomUUID()))).status).toBe(404);
  });

  it('refuses to delete a stage that still has leads (422), then allows it once they moved', async () => {
    const contact = await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Stage holder' });
    const proposal = stageOf(sales, 'proposal_sent');
    const lead = await call(t, as(org), 'POST', '/api/leads', { contactId: contact.body.id, pipelineId: sales.id, stageId: proposal.id });
    expect(lead.status).toBe(201);
    const refused = await call(t, as(org), 'DELETE', stagesUrl(proposal.id));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('UNPROCESSABLE');
    expect(stageOf(await pipelineByKey(org, 'sales'), 'proposal_sent').id).toBe(proposal.id);

    await call(t, as(org), 'PATCH', `/api/leads/${lead.body.id}`, { stageId: stageOf(sales, 'negotiation').id });
    expect((await call(t, as(org), 'DELETE', stagesUrl(proposal.id))).status).toBe(200);
  });

  it('refuses to delete the last stage of a pipeline (422)', async () => {
    const created = await call(t, as(org), 'POST', '/api/pipelines', { key: 'tiny', name: 'Tiny', stages: [{ key: 'only', name: 'Only' }, { key: 'second', name: 'Second' }] });
    expect(created.status).toBe(201);
    const tiny: Pipeline = created.body;
    const first = await call(t, as(org), 'DELETE', `/api/pipelines/${tiny.id}/stages/${stageOf(tiny, 'second').id}`);
    expect(first.status).toBe(200);
    const last = await call(t, as(org), 'DELETE', `/api/pipelines/${tiny.id}/stages/${stageOf(tiny, 'only').id}`);
    expect(last.status).toBe(422);
    expect(last.body.error.code).toBe('UNPROCESSABLE');
    expect((await call(t, as(org), 'GET', `/api/pipelines/${tiny.id}`)).body.stages).toHaveLength(1);
  });

  it('a stage id of another pipeline is not found under this one', async () => {
    const consultation = await pipelineByKey(org, 'consultation');
    const foreign = stageOf(consultation, 'qualified');
    expect((await call(t, as(org), 'PATCH', stagesUrl(foreign.id), { name: 'Wrong' })).status).toBe(404);
    expect((await call(t, as(org), 'DELETE', stagesUrl(foreign.id))).status).toBe(404);
    expect(stageOf(await pipelineByKey(org, 'consultation'), 'qualified').name).toBe(foreign.name);
  });
});

describe('pipelines', () => {
  it('creating a pipeline with isDefault moves the default flag; PATCH moves it back', async () => {
    const org = await createTestOrg(t);
    const created = await call(t, as(org), 'POST', '/api/pipelines', {
      key: 'renewals',
      name: 'Renewals',
      isDefault: true,
      stages: [
        { key: 'due', name: 'Due', baseScore: 10 },
        { key: 'renewed', name: 'Renewed', kind: 'won' },
        { key: 'churned', name: 'Churned', kind: 'lost' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'renewals', isDefault: true });
    expect(created.body.stages.map((s: Stage) => [s.key, s.kind, s.position])).toEqual([
      ['due', 'open', 0],
      ['renewed', 'won', 1],
      ['churned', 'lost', 2],
    ]);
    const all = await pipelinesOf(org);
    expect(all.filter((p) => p.isDefault).map((p) => p.key)).toEqual(['renewals']);
    expect(all.map((p) => p.key)).toEqual(['consultation', 'sales', 'renewals']);

    // A new lead without a pipeline now lands in the new default.
    const contact = await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Renewal' });
    const lead = await call(t, as(org), 'POST', '/api/leads', { contactId: contact.body.id });
    expect(lead.body).toMatchObject({ pipelineId: created.body.id, stageKey: 'due' });

    const consultation = all.find((p) => p.key === 'consultation')!;
    const back = await call(t, as(org), 'PATCH', `/api/pipelines/${consultation.id}`, { isDefault: true, name: 'Консультации' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ isDefault: true, name: 'Консультации' });
    expect((await pipelinesOf(org)).filter((p) => p.isDefault).map((p) => p.key)).toEqual(['consultation']);

    const notDefault = await call(t, as(org), 'POST', '/api/pipelines', { key: 'side', name: 'Side', stages: [{ key: 'a', name: 'A' }] });
    expect(notDefault.body.isDefault).toBe(false);
    expect((await pipelinesOf(org)).filter((p) => p.isDefault).map((p) => p.key)).toEqual(['consultation']);
  });

  it('refuses duplicate pipeline keys and duplicate stage keys', async () => {
    const org = await createTestOrg(t);
    const sameKey = await call(t, as(org), 'POST', '/api/pipelines', { key: 'sales', name: 'Sales again', stages: [{ key: 'a', name: 'A' }] });
    expect(sameKey.status).toBe(409);
    expect(sameKey.body.error.fields[0].field).toBe('body.key');
    const sameStage = await call(t, as(org), 'POST', '/api/pipelines', { key: 'dup', name: 'Dup', stages: [{ key: 'a', name: 'A' }, { key: 'a', name: 'A2' }] });
    expect(sameStage.status).toBe(409);
    expect(sameStage.body.error.fields[0].field).toBe('body.stages');
    const noStages = await call(t, as(org), 'POST', '/api/pipelines', { key: 'empty', name: 'Empty', stages: [] });
    expect(noStages.status).toBe(400);
    expect(noStages.body.error.fields[0].field).toBe('body.stages');
    expect((await pipelinesOf(org)).map((p) => p.key)).toEqual(['consultation', 'sales']);
  });
});

describe('leads', () => {
  let org: TestOrg;
  let consultation: Pipeline;
  let sales: Pipeline;
  let contactId: string;
  let otherContactId: string;

  beforeAll(async () => {
    org = await createTestOrg(t);
    consultation = await pipelineByKey(org, 'consultation');
    sales = await pipelineByKey(org, 'sales');
    contactId = (await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Гулзат', phone: '0700 400 001' })).body.id;
    otherContactId = (await call(t, as(org), 'POST', '/api/contacts', { firstName: 'Other', phone: '0700 400 002' })).body.id;
  });

  it('a new lead defaults to the first stage of the default pipeline', async () => {
    const lead = await call(t, as(org), 'POST', '/api/leads', { contactId, title: 'Консультация', value: 1500, currency: 'KGS' });
    expect(lead.status).toBe(201);
    expect(lead.body).toMatchObject({
      contactId,
      contactName: 'Гулзат',
      pipelineId: consultation.id,
      stageId: consultation.stages[0]!.id,
      stageKey: 'new_lead',
      title: 'Консультация',
      value: 1500,
      currency: 'KGS',
      source: 'manual',
      closedAt: null,
    });
    expect((await call(t, as(org), 'GET', `/api/leads/${lead.body.id}`)).body).toEqual(lead.body);

    const inSales = await call(t, as(org), 'POST', '/api/leads', { contactId, pipelineId: sales.id });
    expect(inSales.body).toMatchObject({ pipelineId: sales.id, stageKey: 'new_lead', stageId: sales.stages[0]!.id });
  });

  it('refuses an unknown contact, an unknown pipeline and a stage outside the pipeline', async () => {
    const unknownContact = await call(t, as(org), 'POST', '/api/leads', { contactId: randomUUID() });
    expect(unknownContact.status).toBe(400);
    expect(unknownContact.body.error.fields[0].field).toBe('body.contactId');
    const unknownPipeline = await call(t, as(org), 'POST', '/api/leads', { contactId, pipelineId: randomUUID() });
    expect(unknownPipeline.status).toBe(400);
    expect(unknownPipeline.body.error.fields[0].field).toBe('body.pipelineId');
    const wrongStage = await call(t, as(org), 'POST', '/api/leads', { contactId, pipelineId: consultation.id, stageId: stageOf(sales, 'warmed').id });
    expect(wrongStage.status).toBe(400);
    expect(wrongStage.body.error.fields[0].field).toBe('body.stageId');
    // Without pipelineId, the stage must belong to the default pipeline.
    const implied = await call(t, as(org), 'POST', '/api/leads', { contactId, stageId: stageOf(sales, 'warmed').id });
    expect(implied.status).toBe(400);
    expect(implied.body.error.fields[0].field).toBe('body.stageId');
  });

  it('moving a stage records history with the reason and a lead.stage_changed event', async () => {
    const lead = (await call(t, as(org), 'POST', '/api/leads', { contactId: otherContactId })).body;
    const qualified = stageOf(consultation, 'qualified');
    const moved = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { stageId: qualified.id, reason: 'Asked for prices twice' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stageId: qualified.id, stageKey: 'qualified', closedAt: null });

    // Saving the same stage again is not a move.
    const same = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { stageId: qualified.id, title: 'Retitled' });
    expect(same.status).toBe(200);
    expect(same.body.title).toBe('Retitled');

    const history = await call(t, as(org), 'GET', `/api/leads/${lead.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items[0]).toMatchObject({ fromStageId: null, toStageId: consultation.stages[0]!.id, changedByUserId: org.ownerId, reason: null });
    expect(history.body.items[1]).toMatchObject({
      fromStageId: consultation.stages[0]!.id,
      toStageId: qualified.id,
      changedByUserId: org.ownerId,
      source: 'manual',
      reason: 'Asked for prices twice',
    });

    const events = await call(t, as(org), 'GET', '/api/events?types=lead.stage_changed');
    const mine = events.body.items.filter((e: any) => e.subject.id === lead.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      type: 'lead.stage_changed',
      subject: { type: 'lead', id: lead.id },
      data: { fromStageKey: 'new_lead', toStageKey: 'qualified', contactId: otherContactId },
    });
    const created = await call(t, as(org), 'GET', '/api/events?types=lead.created');
    expect(created.body.items.some((e: any) => e.subject.id === lead.id && e.data.stageKey === 'new_lead')).toBe(true);
  });

  it('a won or lost stage closes the lead; reopening clears closedAt', async () => {
    const lead = (await call(t, as(org), 'POST', '/api/leads', { contactId })).body;
    const won = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { stageId: stageOf(consultation, 'deal_closed').id });
    expect(won.body.closedAt).not.toBeNull();
    const reopened = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { stageId: stageOf(consultation, 'consultation_booked').id });
    expect(reopened.body.closedAt).toBeNull();
  });

  it('a stageId from another pipeline → 400 body.stageId, lead unchanged', async () => {
    const lead = (await call(t, as(org), 'POST', '/api/leads', { contactId })).body;
    const response = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { stageId: stageOf(sales, 'qualified').id });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].field).toBe('body.stageId');
    expect((await call(t, as(org), 'GET', `/api/leads/${lead.id}`)).body.stageKey).toBe('new_lead');
    expect((await call(t, as(org), 'GET', `/api/leads/${lead.id}/history`)).body.items).toHaveLength(1);
  });

  it('an owner must be a member of the organization', async () => {
    const lead = (await call(t, as(org), 'POST', '/api/leads', { contactId })).body;
    const assigned = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { ownerUserId: org.ownerId });
    expect(assigned.body.ownerUserId).toBe(org.ownerId);
    const stranger = await call(t, as(org), 'PATCH', `/api/leads/${lead.id}`, { ownerUserId: randomUUID() });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.fields[0].field).toBe('body.ownerUserId');
  });

  it('lists by pipeline, stage and contact, and pages', async () => {
    const listOrg = await createTestOrg(t);
    const [pConsult, pSales] = [await pipelineByKey(listOrg, 'consultation'), await pipelineByKey(listOrg, 'sales')];
    const c1 = (await call(t, as(listOrg), 'POST', '/api/contacts', { firstName: 'One' })).body.id;
    const c2 = (await call(t, as(listOrg), 'POST', '/api/contacts', { firstName: 'Two' })).body.id;
    const mk = async (body: Record<string, unknown>) => (await call(t, as(listOrg), 'POST', '/api/leads', body)).body.id as string;
    const l1 = await mk({ contactId: c1 });
    const l2 = await mk({ contactId: c1, pipelineId: pSales.id });
    const l3 = await mk({ contactId: c2, pipelineId: pConsult.id, stageId: stageOf(pConsult, 'qualified').id });
    const l4 = await mk({ contactId: c2, pipelineId: pSales.id, stageId: stageOf(pSales, 'sold').id });

    const list = async (query: string) => {
      const response = await call(t, as(listOrg), 'GET', `/api/leads${query ? `?${query}` : ''}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return (response.body.items as { id: string }[]).map((l) => l.id).sort();
    };
    expect(await list('')).toEqual([l1, l2, l3, l4].sort());
    expect(await list(`pipelineId=${pSales.id}`)).toEqual([l2, l4].sort());
    expect(await list(`stageId=${stageOf(pConsult, 'qualified').id}`)).toEqual([l3]);
    expect(await list(`contactId=${c1}`)).toEqual([l1, l2].sort());
    expect(await list(`contactId=${c2}&pipelineId=${pSales.id}`)).toEqual([l4]);
    expect(await list(`stageId=${stageOf(pConsult, 'deal_lost').id}`)).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(t, as(listOrg), 'GET', `/api/leads?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.body.items.map((l: { id: string }) => l.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([l1, l2, l3, l4].sort());
    const badCursor = await call(t, as(listOrg), 'GET', `/api/leads?cursor=${Buffer.from(JSON.stringify(['yesterday', randomUUID()])).toString('base64url')}`);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.fields[0].field).toBe('query.cursor');
  });

  it('deletes a lead with its history', async () => {
    const lead = (await call(t, as(org), 'POST', '/api/leads', { contactId })).body;
    const deleted = await call(t, as(org), 'DELETE', `/api/leads/${lead.id}`);
    expect(deleted.status).toBe(200);
    expect((await call(t, as(org), 'GET', `/api/leads/${lead.id}`)).status).toBe(404);
    expect((await call(t, as(org), 'GET', `/api/leads/${lead.id}/history`)).status).toBe(404);
    expect((await call(t, as(org), 'DELETE', `/api/leads/${lead.id}`)).status).toBe(404);
    const rows = await t.ctx.db.selectFrom('lead_stage_history').select('id').where('lead_id', '=', lead.id).execute();
    expect(rows).toEqual([]);
    const events = await call(t, as(org), 'GET', '/api/events?types=lead.deleted');
    expect(events.body.items.map((e: any) => e.subject.id)).toContain(lead.id);
  });
});
