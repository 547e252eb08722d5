import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { IntervalSource } from '../../platform/db/schema.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';
import { recordAiCall, type AiService } from '../ai/index.ts';
import { getOrganization } from '../orgs/index.ts';
import { buildIntervalRequest } from './engine/interval-suggestion.ts';
import { chooseInterval, DEFAULT_INTERVAL_DAYS } from './engine/intervals.ts';
import { getReactivationSettings, type ReactivationSettings } from './reactivation-settings.service.ts';
import type { CreateRuleInput, UpdateRuleInput } from './reactivation.schemas.ts';

/**
 * Service reactivation rules. Each keeps every candidate interval — manual, historical (median of the gaps between
 * one client's consecutive completed visits of the service, over all clients), the AI's suggestion, the
 * business-type default — and the chosen one with its source.
 */

interface RuleRow {
  id: string;
  service_id: string;
  service_name: string;
  is_active: boolean;
  manual_interval_days: number | null;
  historical_interval_days: number | null;
  historical_sample: number;
  ai_interval_days: number | null;
  ai_reasoning: string | null;
  ai_model: string | null;
  default_interval_days: number;
  interval_days: number;
  interval_source: IntervalSource;
  use_client_history: boolean;
  attempt_discounts: number[];
  computed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export function toRuleDto(row: RuleRow) {
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    isActive: row.is_active,
    intervalDays: row.interval_days,
    intervalSource: row.interval_source,
    candidates: {
      manualDays: row.manual_interval_days,
      historicalDays: row.historical_interval_days,
      historicalSample: row.historical_sample,
      aiDays: row.ai_interval_days,
      aiReasoning: row.ai_reasoning,
      aiModel: row.ai_model,
      defaultDays: row.default_interval_days,
    },
    useClientHistory: row.use_client_history,
    attemptDiscounts: row.attempt_discounts,
    computedAt: iso(row.computed_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

function selectRules(db: DbOrTx, organizationId: string) {
  return db
    .selectFrom('reactivation_rules as r')
    .innerJoin('booking_services as s', 's.id', 'r.service_id')
    .selectAll('r')
    .select('s.name as service_name')
    .where('r.organization_id', '=', organizationId);
}

export async function listRules(db: DbOrTx, organizationId: string): Promise<RuleRow[]> {
  return (await selectRules(db, organizationId).orderBy('s.name').orderBy('r.id').execute()) as RuleRow[];
}

export async function getRule(db: DbOrTx, organizationId: string, ruleId: string): Promise<RuleRow> {
  const row = await selectRules(db, organizationId).where('r.id', '=', ruleId).executeTakeFirst();
  if (!row) throw notFound('reactivation rule');
  return row as RuleRow;
}

/** Median return interval per service over all clients, from completed visits, in one pass. */
export async function historicalIntervals(db: DbOrTx, organizationId: string): Promise<Map<string, { days: number; sample: number }>> {
  const { rows } = await sql<{ service_id: string; median_days: number; sample: number }>`
    WITH gaps AS (
      SELECT service_id, start_at - lag(start_at) OVER (PARTITION BY service_id, contact_id ORDER BY start_at) AS gap
      FROM booking_visits
      WHERE organization_id = ${organizationId} AND status = 'completed'
    )
    SELECT service_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM gap) / 86400) AS median_days,
           count(*)::int AS sample
    FROM gaps
    -- Same-day repeats are one visit split in two; two years apart is a new client, not a return.
    WHERE gap >= interval '1 day' AND gap <= interval '730 days'
    GROUP BY service_id`.execute(db);
  return new Map(rows.map((r) => [r.service_id, { days: Math.max(1, Math.round(Number(r.median_days))), sample: Number(r.sample) }]));
}

interface ServiceFacts {
  id: string;
  name: string;
  category: string | null;
  duration_minutes: number;
  price: string;
  currency: string;
}

async function askAi(db: Db, ai: AiService, organizationId: string, service: ServiceFacts, settings: ReactivationSettings, useLlm: boolean) {
  const organization = await getOrganization(db, organizationId);
  const { provider } = await ai.providerFor(db, organizationId, { useLlm });
  const request = buildIntervalRequest({
    businessType: settings.businessType,
    language: organization.locale.startsWith('ru') ? 'ru' : 'en',
    service: { name: service.name, category: service.category, durationMinutes: service.duration_minutes, price: Number(service.price), currency: service.currency },
  });
  const result = await provider.generateJson(request);
  await recordAiCall(db, organizationId, result, request.task);
  return { days: result.value.intervalDays, reasoning: result.value.reasoning, model: result.model };
}

function decide(row: { manual: number | null; hist: { days: number; sample: number } | undefined; aiDays: number | null }, settings: ReactivationSettings) {
  const defaultDays = DEFAULT_INTERVAL_DAYS[settings.businessType];
  const chosen = chooseInterval(
    { manualDays: row.manual, historicalDays: row.hist?.days ?? null, historicalSample: row.hist?.sample ?? 0, aiDays: row.aiDays, defaultDays },
    settings.serviceMinIntervals,
  );
  return { defaultDays, chosen };
}

/** Whether the chain would reach the AI step (no manual value, not enough history). */
const needsAi = (manual: number | null, hist: { sample: number } | undefined, settings: ReactivationSettings) => manual == null && (hist?.sample ?? 0) < settings.serviceMinIntervals;

export async function createRule(db: Db, ai: AiService, organizationId: string, input: CreateRuleInput, now: Date): Promise<RuleRow> {
  const service = await db
    .selectFrom('booking_services')
    .select(['id', 'name', 'category', 'duration_minutes', 'price', 'currency'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', input.serviceId)
    .executeTakeFirst();
  if (!service) throw new AppError('BAD_REQUEST', 'service not found', [{ field: 'body.serviceId', message: 'no such service in this organization' }]);
  const existing = await db.selectFrom('reactivation_rules').select('id').where('organization_id', '=', organizationId).where('service_id', '=', input.serviceId).executeTakeFirst();
  if (existing) throw conflict('this service already has a reactivation rule; change it instead', 'body.serviceId');
  const settings = await getReactivationSettings(db, organizationId);
  const hist = (await historicalIntervals(db, organizationId)).get(service.id);
  const manual = input.manualIntervalDays ?? null;
  const suggestion = needsAi(manual, hist, settings) ? await askAi(db, ai, organizationId, service, settings, true) : null;
  const { defaultDays, chosen } = decide({ manual, hist, aiDays: suggestion?.days ?? null }, settings);
  const row = await db
    .insertInto('reactivation_rules')
    .values({
      organization_id: organizationId,
      service_id: service.id,
      is_active: input.isActive ?? true,
      manual_interval_days: manual,
      historical_interval_days: hist?.days ?? null,
      historical_sample: hist?.sample ?? 0,
      ai_interval_days: suggestion?.days ?? null,
      ai_reasoning: suggestion?.reasoning ?? null,
      ai_model: suggestion?.model ?? null,
      default_interval_days: defaultDays,
      interval_days: chosen.days,
      interval_source: chosen.source,
      use_client_history: input.useClientHistory ?? true,
      ...(input.attemptDiscounts ? { attempt_discounts: input.attemptDiscounts } : {}),
      computed_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'service_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw conflict('this service already has a reactivation rule; change it instead', 'body.serviceId');
  return getRule(db, organizationId, row.id);
}

export async function updateRule(db: Db, ai: AiService, organizationId: string, ruleId: string, input: UpdateRuleInput, now: Date): Promise<RuleRow> {
  const rule = await getRule(db, organizationId, ruleId);
  const settings = await getReactivationSettings(db, organizationId);
  const manual = input.manualIntervalDays === undefined ? rule.manual_interval_days : input.manualIntervalDays;
  const hist = rule.historical_sample > 0 && rule.historical_interval_days != null ? { days: rule.historical_interval_days, sample: rule.historical_sample } : undefined;
  let ai_ = { days: rule.ai_interval_days, reasoning: rule.ai_reasoning, model: rule.ai_model };
  if (needsAi(manual, hist, settings) && !rule.ai_model) {
    const service = await db.selectFrom('booking_services').select(['id', 'name', 'category', 'duration_minutes', 'price', 'currency']).where('id', '=', rule.service_id).executeTakeFirstOrThrow();
    ai_ = await askAi(db, ai, organizationId, service, settings, true);
  }
  const { defaultDays, chosen } = decide({ manual, hist, aiDays: ai_.days }, settings);
  await db
    .updateTable('reactivation_rules')
    .set({
      manual_interval_days: manual,
      ...(input.isActive !== undefined ? { is_active: input.isActive } : {}),
      ...(input.useClientHistory !== undefined ? { use_client_history: input.useClientHistory } : {}),
      ...(input.attemptDiscounts ? { attempt_discounts: input.attemptDiscounts } : {}),
      ai_interval_days: ai_.days,
      ai_reasoning: ai_.reasoning,
      ai_model: ai_.model,
      default_interval_days: defaultDays,
      interval_days: chosen.days,
      interval_source: chosen.source,
      computed_at: now,
      updated_at: now,
    })
    .where('organization_id', '=', organizationId)
    .where('id', '=', ruleId)
    .execute();
  return getRule(db, organizationId, ruleId);
}

export async function deleteRule(db: Db, organizationId: string, ruleId: string): Promise<void> {
  const result = await db.deleteFrom('reactivation_rules').where('organization_id', '=', organizationId).where('id', '=', ruleId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound('reactivation rule');
}

/**
 * Brings every rule up to date: a rule for each active service that has none, fresh historical medians, the AI asked
 * where the chain reaches it and it has not answered yet (or always with refreshAi), and the interval re-chosen.
 */
export async function recomputeRules(db: Db, ai: AiService, organizationId: string, options: { refreshAi?: boolean; useLlm?: boolean }, now: Date): Promise<RuleRow[]> {
  const settings = await getReactivationSettings(db, organizationId);
  const defaultDays = DEFAULT_INTERVAL_DAYS[settings.businessType];
  await db
    .insertInto('reactivation_rules')
    .columns(['organization_id', 'service_id', 'default_interval_days', 'interval_days', 'interval_source', 'created_at', 'updated_at'])
    .expression((eb) =>
      eb
        .selectFrom('booking_services as s')
        .select([
          's.organization_id',
          's.id',
          sql<number>`${defaultDays}::int`.as('d1'),
          sql<number>`${defaultDays}::int`.as('d2'),
          sql<string>`'default'`.as('src'),
          sql<Date>`${now}::timestamptz`.as('c'),
          sql<Date>`${now}::timestamptz`.as('u'),
        ])
        .where('s.organization_id', '=', organizationId)
        .where('s.is_active', '=', true)
        .where((w) => w.not(w.exists(w.selectFrom('reactivation_rules as r').select('r.id').whereRef('r.service_id', '=', 's.id')))),
    )
    .onConflict((oc) => oc.columns(['organization_id', 'service_id']).doNothing())
    .execute();
  const history = await historicalIntervals(db, organizationId);
  const rules = await db
    .selectFrom('reactivation_rules as r')
    .innerJoin('booking_services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.manual_interval_days', 'r.ai_interval_days', 'r.ai_reasoning', 'r.ai_model', 's.id as service_id', 's.name', 's.category', 's.duration_minutes', 's.price', 's.currency'])
    .where('r.organization_id', '=', organizationId)
    .execute();
  for (const rule of rules) {
    const hist = history.get(rule.service_id);
    let suggestion = { days: rule.ai_interval_days, reasoning: rule.ai_reasoning, model: rule.ai_model };
    if (needsAi(rule.manual_interval_days, hist, settings) && (options.refreshAi || !rule.ai_model)) {
      suggestion = await askAi(db, ai, organizationId, { id: rule.service_id, name: rule.name, category: rule.category, duration_minutes: rule.duration_minutes, price: rule.price, currency: rule.currency }, settings, options.useLlm ?? true);
    }
    const { chosen } = decide({ manual: rule.manual_interval_days, hist, aiDays: suggestion.days }, settings);
    await db
      .updateTable('reactivation_rules')
      .set({
        historical_interval_days: hist?.days ?? null,
        historical_sample: hist?.sample ?? 0,
        ai_interval_days: suggestion.days,
        ai_reasoning: suggestion.reasoning,
        ai_model: suggestion.model,
        default_interval_days: defaultDays,
        interval_days: chosen.days,
        interval_source: chosen.source,
        computed_at: now,
        updated_at: now,
      })
      .where('id', '=', rule.id)
      .execute();
  }
  return listRules(db, organizationId);
}
