import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../platform/db/client.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { recordAiCall } from './ai-calls.repository.ts';

let database: Database;
let organizationId: string;

beforeAll(async () => {
  database = await openDatabase({ dataDir: null });
  await migrate(database);
  const org = await sql<{ id: string }>`insert into organizations (slug, name) values ('ai-test', 'AI Test') returning id`.execute(database.db);
  organizationId = org.rows[0]!.id;
}, 60_000);

afterAll(async () => {
  await database?.close();
});

describe('recordAiCall', () => {
  it('stores tokens, cost, latency and the fallback reason', async () => {
    const id = await recordAiCall(
      database.db,
      organizationId,
      {
        value: { any: 'thing' },
        provider: 'offline',
        model: 'parley-offline-1',
        usage: { promptTokens: 1234, completionTokens: 56 },
        costUsd: 0.012345,
        latencyMs: 87.6,
        fallbackReason: 'rate_limited',
      },
      'dialog.analysis',
    );
    const row = await database.db.selectFrom('ai_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organization_id: organizationId,
      task: 'dialog.analysis',
      provider: 'offline',
      model: 'parley-offline-1',
      prompt_tokens: 1234,
      completion_tokens: 56,
      latency_ms: 88,
      fallback_reason: 'rate_limited',
    });
    expect(Number(row.cost_usd)).toBeCloseTo(0.012345, 6);
    expect(row.created_at).toBeInstanceOf(Date);
  });

  it('stores a null fallback reason for a provider answer, and cascades with the organization', async () => {
    const id = await recordAiCall(
      database.db,
      organizationId,
      { value: null, provider: 'openai', model: 'gpt-test', usage: { promptTokens: 1, completionTokens: 1 }, costUsd: 0, latencyMs: 3 },
      'dialog.analysis',
    );
    const row = await database.db.selectFrom('ai_calls').select(['fallback_reason', 'cost_usd']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.fallback_reason).toBeNull();
    expect(Number(row.cost_usd)).toBe(0);
    await database.db.deleteFrom('organizations').where('id', '=', organizationId).execute();
    expect(await database.db.selectFrom('ai_calls').select('id').execute()).toEqual([]);
  });
});
