import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import pino from 'pino';
import { ManualClock, systemClock, type Clock } from '../../src/platform/clock.ts';
import { claimJobs, defineJob, enqueueJob } from '../../src/platform/jobs/job-queue.ts';
import { JobRunner } from '../../src/platform/jobs/job-runner.ts';
import { importRunJob } from '../../src/modules/imports/index.ts';
import { createTestApp, createTestOrg, type TestApp } from '../helpers/test-app.ts';

const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t?.close());

function runnerFor(definitions: Parameters<typeof defineJob>[0][], runnerClock: Clock = clock) {
  return new JobRunner<null>({ db: t.ctx.db, clock: runnerClock, logger: pino({ level: 'silent' }), ctx: null, definitions: definitions as never });
}

const lockedUntilOf = async (jobKey: string) => (await t.ctx.db.selectFrom('jobs').select('locked_until').where('job_key', '=', jobKey).executeTakeFirstOrThrow()).locked_until!;

describe('job leases', () => {
  it('each job is claimed with its own task’s lease, not the longest of all', async () => {
    const seen: Record<string, number> = {};
    const record = (key: string) => async () => void (seen[key] = (await lockedUntilOf(key)).getTime() - clock.now().getTime());
    const runner = runnerFor([
      defineJob({ task: 'lease.quick', payload: z.object({}), leaseMs: 10_000, handler: record('quick') }),
      defineJob({ task: 'lease.slow', payload: z.object({}), leaseMs: 10 * 60_000, handler: record('slow') }),
      defineJob({ task: 'lease.default', payload: z.object({}), handler: record('default') }),
    ]);
    for (const [task, key] of [['lease.quick', 'quick'], ['lease.slow', 'slow'], ['lease.default', 'default']]) await enqueueJob(t.ctx.db, task!, {}, { jobKey: key, runAt: clock.now() });
    await runner.runUntilIdle();
    expect(seen).toEqual({ quick: 10_000, slow: 600_000, default: 60_000 });
  });

  it('a running job’s lease is renewed by a heartbeat, so a short lease holds for a long job', async () => {
    let renewed = 0;
    const job = defineJob({
      task: 'lease.long-running',
      payload: z.object({}),
      leaseMs: 300,
      async handler() {
        const first = await lockedUntilOf('long-running');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        renewed = (await lockedUntilOf('long-running')).getTime() - first.getTime();
      },
    });
    await enqueueJob(t.ctx.db, 'lease.long-running', {}, { jobKey: 'long-running', runAt: systemClock.now() });
    await runnerFor([job], systemClock).runUntilIdle();
    expect(renewed).toBeGreaterThan(500);
    expect((await t.ctx.db.selectFrom('jobs').select('status').where('job_key', '=', 'long-running').executeTakeFirstOrThrow()).status).toBe('done');
  });

  it('an import whose worker crashed is taken over about a minute later and completes', async () => {
    const org = await createTestOrg(t);
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/imports?source=csv&fileName=contacts.csv',
      headers: { cookie: org.cookie, 'x-parley-client': 'test', 'content-type': 'application/octet-stream' },
      payload: 'name,phone\nAlice,+996700100200\nBob,+996700100201\n',
    });
    expect(upload.statusCode).toBe(202);
    const runId = JSON.parse(upload.body).id as string;
    // A worker claims the import and dies without finishing.
    const [claimed] = await claimJobs(t.ctx.db, { workerId: 'crashed-worker', tasks: [importRunJob.task], limit: 1, now: clock.now(), leaseMs: 60_000, leaseByTask: { [importRunJob.task]: importRunJob.leaseMs! } });
    expect(claimed).toBeDefined();
    expect(await t.runner.runOnce()).toBe(0);
    clock.advance(61_000);
    await t.runner.runUntilIdle();
    const run = await t.ctx.db.selectFrom('import_runs').select(['status']).where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
  });
});
