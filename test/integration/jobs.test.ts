import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import pino from 'pino';
import { ManualClock } from '../../src/platform/clock.ts';
import { claimJobs, completeJob, defineJob, enqueueJob, PermanentJobError, RetryLaterError } from '../../src/platform/jobs/job-queue.ts';
import { JobRunner } from '../../src/platform/jobs/job-runner.ts';
import type { Db } from '../../src/platform/db/client.ts';
import { createContact } from '../../src/modules/contacts/index.ts';
import { findOrCreateConversation } from '../../src/modules/conversations/index.ts';
import { queueOutboundMessage } from '../../src/modules/outreach/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { createTestApp, createTestOrg } from '../helpers/test-app.ts';

const silent = pino({ level: 'silent' });
let testDb: TestDatabase;
let db: Db;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
});
afterAll(() => testDb?.drop());

function runnerFor(database: Db, clock: ManualClock, definitions: Parameters<typeof defineJob>[0][], concurrency = 4) {
  return new JobRunner<null>({ db: database, clock, logger: silent, ctx: null, definitions: definitions as never, concurrency });
}

async function jobRow(key: string) {
  return db.selectFrom('jobs').selectAll().where('job_key', '=', key).executeTakeFirstOrThrow();
}

describe('job queue', () => {
  it('retries a failing job with growing backoff, then completes it', async () => {
    const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    let calls = 0;
    const flaky = defineJob({
      task: 'test.flaky',
      payload: z.object({ n: z.number() }),
      async handler() {
        calls++;
        if (calls < 3) throw new Error(`boom ${calls}`);
      },
    });
    const runner = runnerFor(db, clock, [flaky]);
    await enqueueJob(db, 'test.flaky', { n: 1 }, { jobKey: 'flaky-1', runAt: clock.now() });

    expect(await runner.runOnce()).toBe(1);
    const first = await jobRow('flaky-1');
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'boom 1' });
    const firstDelay = first.run_at.getTime() - clock.now().getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(750);

    expect(await runner.runOnce()).toBe(0); // not due yet
    clock.set(first.run_at);
    await runner.runOnce();
    const second = await jobRow('flaky-1');
    expect(second.attempts).toBe(2);
    expect(second.run_at.getTime() - clock.now().getTime()).toBeGreaterThan(firstDelay);

    clock.set(second.run_at);
    await runner.runOnce();
    expect(await jobRow('flaky-1')).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(calls).toBe(3);
  });

  it('fails at once on a permanent error or an invalid payload, and after max attempts otherwise', async () => {
    const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    const runner = runnerFor(db, clock, [
      defineJob({ task: 'test.permanent', payload: z.object({}), handler: async () => { throw new PermanentJobError('no way'); } }),
      defineJob({ task: 'test.always', payload: z.object({}), handler: async () => { throw new Error('again'); } }),
      defineJob({ task: 'test.typed', payload: z.object({ id: z.string() }), handler: async () => undefined }),
    ]);
    await enqueueJob(db, 'test.permanent', {}, { jobKey: 'perm', runAt: clock.now() });
    await enqueueJob(db, 'test.always', {}, { jobKey: 'always', runAt: clock.now(), maxAttempts: 3 });
    await enqueueJob(db, 'test.typed', { id: 42 }, { jobKey: 'typed', runAt: clock.now() });
    for (let i = 0; i < 5; i++) {
      await runner.runOnce();
      clock.advance(60 * 60_000);
    }
    expect(await jobRow('perm')).toMatchObject({ status: 'failed', attempts: 1, last_error: 'no way' });
    expect(await jobRow('always')).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await jobRow('typed')).status).toBe('failed');
    expect((await jobRow('typed')).last_error).toMatch(/invalid payload/);
  });

  it('a deliberate reschedule does not use up attempts', async () => {
    const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    const later = new Date('2026-03-02T10:00:00Z');
    let calls = 0;
    const runner = runnerFor(db, clock, [
      defineJob({
        task: 'test.later',
        payload: z.object({}),
        maxAttempts: 1,
        handler: async () => {
          calls++;
          if (calls === 1) throw new RetryLaterError('outside working hours', later);
        },
      }),
    ]);
    await enqueueJob(db, 'test.later', {}, { jobKey: 'later', runAt: clock.now(), maxAttempts: 1 });
    await runner.runOnce();
    expect(await jobRow('later')).toMatchObject({ status: 'pending', attempts: 0, run_at: later });
    clock.set(later);
    await runner.runOnce();
    expect(await jobRow('later')).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('deduplicates by job key', async () => {
    await enqueueJob(db, 'test.dedupe', { v: 1 }, { jobKey: 'same-key', runAt: new Date() });
    await enqueueJob(db, 'test.dedupe', { v: 2 }, { jobKey: 'same-key', runAt: new Date() });
    const rows = await db.selectFrom('jobs').selectAll().where('job_key', '=', 'same-key').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ v: 1 });
  });

  it('a crashed worker’s lease expires and another worker takes the job; the late finisher cannot overwrite it', async () => {
    const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    await enqueueJob(db, 'test.lease', {}, { jobKey: 'lease', runAt: clock.now() });
    const [claimed] = await claimJobs(db, { workerId: 'crashed-worker', tasks: ['test.lease'], limit: 1, now: clock.now(), leaseMs: 60_000 });
    expect(claimed).toBeDefined();
    expect(await claimJobs(db, { workerId: 'other', tasks: ['test.lease'], limit: 1, now: clock.now(), leaseMs: 60_000 })).toHaveLength(0);

    let ran = 0;
    const runner = runnerFor(db, clock, [defineJob({ task: 'test.lease', payload: z.object({}), leaseMs: 60_000, handler: async () => void ran++ })]);
    clock.advance(30_000);
    expect(await runner.runOnce()).toBe(0); // lease still held
    clock.advance(6 * 60_000);
    expect(await runner.runOnce()).toBe(1);
    expect(ran).toBe(1);
    expect(await jobRow('lease')).toMatchObject({ status: 'done', attempts: 2 });
    expect(await completeJob(db, claimed!, 'crashed-worker', clock.now())).toBe(false);
  });
});

describe.runIf(process.env.PARLEY_TEST_DB === 'postgres')('several job processes on one PostgreSQL', () => {
  it('two runners with their own connection pools never run the same job twice', async () => {
    const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
    const runs = new Map<string, number>();
    const record = defineJob({
      task: 'test.once',
      payload: z.object({ i: z.number() }),
      async handler({ job }) {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      },
    });
    const total = 300;
    for (let i = 0; i < total; i++) await enqueueJob(db, 'test.once', { i }, { runAt: clock.now() });
    const other = await testDb.openAnother();
    const runners = [runnerFor(db, clock, [record], 8), runnerFor(other.db, clock, [record], 8)];
    await Promise.all(runners.map((r) => r.runUntilIdle()));
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const done = await db.selectFrom('jobs').select(['locked_by', 'status']).where('task', '=', 'test.once').execute();
    expect(done.every((j) => j.status === 'done')).toBe(true);
  });

  it('two `parley jobs` processes send 120 queued messages, each exactly once', async () => {
    const t = await createTestApp();
    const children: ChildProcess[] = [];
    try {
      const org = await createTestOrg(t);
      const now = new Date();
      const messageIds: string[] = [];
      for (let i = 0; i < 120; i++) {
        const contact = await createContact(t.ctx.db, org.organizationId, { firstName: `P${i}`, phone: `+99670050${String(i).padStart(4, '0')}` });
        const conversation = await findOrCreateConversation(
          t.ctx.db,
          org.organizationId,
          { channel: 'sandbox', channelAccountId: org.sandboxAccountId, externalChatId: `sandbox:${contact.phone_e164}` },
          { contactId: contact.id },
        );
        messageIds.push((await queueOutboundMessage(t.ctx.db, org.organizationId, { conversationId: conversation.id, body: `hello ${i}`, authorUserId: null }, now)).id);
      }
      const url = t.testDb.url;
      expect(url).toBeTruthy();
      for (let i = 0; i < 2; i++) {
        const child = spawn(process.execPath, ['bin/parley.mjs', 'jobs'], {
          env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', JOBS_POLL_MS: '50', JOBS_CONCURRENCY: '4' },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        children.push(child);
      }
      const deadline = Date.now() + 60_000; // a bound on waiting, not a performance assertion
      let pending = messageIds.length;
      while (pending > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const row = await t.ctx.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'in', messageIds)
          .where('status', '!=', 'sent')
          .executeTakeFirstOrThrow();
        pending = Number(row.n);
      }
      expect(pending).toBe(0);
      const jobs = await t.ctx.db.selectFrom('jobs').select(['attempts', 'status']).where('task', '=', 'message.dispatch').execute();
      expect(jobs).toHaveLength(120);
      expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
      const deliveries = await t.ctx.db.selectFrom('sandbox_deliveries').select('client_ref').execute();
      expect(new Set(deliveries.map((d) => d.client_ref)).size).toBe(120);
      expect(deliveries).toHaveLength(120);
    } finally {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve)))));
      await t.close();
    }
  });
});
