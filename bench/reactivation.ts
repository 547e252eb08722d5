/**
 * Reactivation benchmark (issue 7): the inactivity detector and the preference analysis over BENCH_REACTIVATION_CLIENTS
 * clients (default 100,000) with BENCH_REACTIVATION_VISITS_PER_CLIENT visits each (default 20: 2,000,000 visits) on
 * PostgreSQL (BENCH_DATABASE_URL). The data is generated set-based in the database: every client has a favourite
 * service, staff member and hour and a personal return interval, with some visits off-pattern and some
 * no-shows; a few percent are opted out, booked ahead or in a recent conversation. Goal: detector + preference
 * analysis under 30 s.
 */
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/client.ts';
import { createContext } from '../src/app/runtime.ts';
import { createOrganization } from '../src/modules/orgs/index.ts';
import { analyseClientPreferences, detectInactiveClients, getReactivationSettings, recomputeRules } from '../src/modules/reactivation/index.ts';
import { memoryLine } from './stats.ts';

const CLIENTS = Number(process.env.BENCH_REACTIVATION_CLIENTS ?? 100_000);
const VISITS_PER_CLIENT = Number(process.env.BENCH_REACTIVATION_VISITS_PER_CLIENT ?? 20);
const SERVICES = 10;
const STAFF = 20;
const TIMEZONE = 'Asia/Bishkek';
const GOAL_MS = 30_000;

async function timed<T>(rows: string[], name: string, run: () => Promise<T>, note: (value: T) => string): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  rows.push(`| ${name.padEnd(58)} | ${(ms / 1000).toFixed(2).padStart(8)} | ${note(value).padEnd(52)} |`);
  return { value, ms };
}

export async function runReactivationBench(): Promise<void> {
  console.log(`\n## Reactivation — ${CLIENTS.toLocaleString('en')} clients, ${(CLIENTS * VISITS_PER_CLIENT).toLocaleString('en')} visits\n`);
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    console.log('(set BENCH_DATABASE_URL=postgres://… to run the reactivation benchmark: it needs PostgreSQL)');
    return;
  }
  const name = `parley_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  try {
    const ctx = await createContext({ config: loadConfig({}, { NODE_ENV: 'production', LOG_LEVEL: 'silent', SECRET_KEY: randomBytes(32).toString('hex') }), database, logger: pino({ level: 'silent' }) });
    const { db } = ctx;
    const { organization } = await createOrganization(db, {
      slug: 'bench-salon',
      name: 'Bench salon',
      timezone: TIMEZONE,
      currency: 'KGS',
      owner: { email: 'bench-reactivation@example.test', name: 'Bench', password: 'bench-password' },
    });
    const org = organization.id;
    const now = new Date();
    const rows: string[] = [];

    await timed(rows, `generate ${CLIENTS.toLocaleString('en')} clients, ${SERVICES} services, ${STAFF} staff`, async () => {
      await sql`
        INSERT INTO contacts (organization_id, display_name, first_name, phone_e164, source)
        SELECT ${org}, 'Клиент ' || g, 'Клиент', '+99670' || lpad(g::text, 7, '0'), 'bench'
        FROM generate_series(1, ${CLIENTS}::int) g`.execute(db);
      await sql`
        INSERT INTO booking_services (organization_id, name, duration_minutes, price, currency)
        SELECT ${org}, 'Услуга ' || g, 30 + (g % 4) * 30, 500 + g * 150, 'KGS' FROM generate_series(1, ${SERVICES}::int) g`.execute(db);
      await sql`
        INSERT INTO booking_staff (organization_id, name, working_hours)
        SELECT ${org}, 'Мастер ' || g, '{"mon":[["10:00","20:00"]],"tue":[["10:00","20:00"]],"wed":[["10:00","20:00"]],"thu":[["10:00","20:00"]],"fri":[["10:00","20:00"]],"sat":[["10:00","20:00"]]}'::jsonb
        FROM generate_series(1, ${STAFF}::int) g`.execute(db);
      await sql`
        INSERT INTO booking_staff_services (organization_id, staff_id, service_id)
        SELECT ${org}, st.id, s.id FROM booking_staff st CROSS JOIN booking_services s WHERE st.organization_id = ${org} AND s.organization_id = ${org}`.execute(db);
    }, () => 'set-based INSERT … SELECT generate_series');

    const visits = await timed(rows, `generate ${(CLIENTS * VISITS_PER_CLIENT).toLocaleString('en')} visits`, async () => {
      // Client n: favourite service n % 10, staff n % 20, hour from n, return interval 20–64 days, last visit 1–75 days
      // ago; every fifth visit is off-pattern (another service, staff, day, hour), one in 20 a no-show.
      const result = await sql`
        WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM contacts WHERE organization_id = ${org}),
             s AS (SELECT array_agg(id ORDER BY name) AS ids, array_agg(price ORDER BY name) AS prices FROM booking_services WHERE organization_id = ${org}),
             st AS (SELECT array_agg(id ORDER BY name) AS ids FROM booking_staff WHERE organization_id = ${org}),
             v AS (
               SELECT c.id AS contact_id, c.n, k, ((c.n + k) % 5 = 0) AS off,
                      date_trunc('day', ${now}::timestamptz AT TIME ZONE ${TIMEZONE})
                        - make_interval(days => ((c.n * 13) % 75)::int + 1 + k * (20 + (c.n % 45))::int + ((c.n * 7 + k * 3) % 5)::int) AS day
               FROM c CROSS JOIN generate_series(0, ${VISITS_PER_CLIENT - 1}::int) k
             )
        INSERT INTO booking_visits (organization_id, contact_id, service_id, staff_id, start_at, price_paid, currency, status, source, fingerprint)
        SELECT ${org}, v.contact_id,
               s.ids[1 + (CASE WHEN v.off THEN v.n + v.k ELSE v.n END) % ${SERVICES}],
               st.ids[1 + (CASE WHEN v.off THEN v.n * 3 + v.k ELSE v.n END) % ${STAFF}],
               (v.day + make_interval(hours => (CASE WHEN v.off THEN 10 + (v.k % 9) ELSE 10 + (v.n % 9) END)::int)) AT TIME ZONE ${TIMEZONE},
               CASE WHEN (v.n * 31 + v.k * 7) % 20 = 0 THEN 0 ELSE s.prices[1 + (CASE WHEN v.off THEN v.n + v.k ELSE v.n END) % ${SERVICES}] END,
               'KGS',
               CASE WHEN (v.n * 31 + v.k * 7) % 20 = 0 THEN 'no_show' ELSE 'completed' END,
               'bench', v.n || ':' || v.k
        FROM v, s, st`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    }, (n) => `${n.toLocaleString('en')} rows`);

    await timed(rows, 'exclusions: 2 % opted out, 1 % booked, 1 % in a recent dialog', async () => {
      await sql`UPDATE contacts SET opted_out_at = ${now}::timestamptz, opt_out_reason = 'bench' WHERE organization_id = ${org} AND right(phone_e164, 2) IN ('07', '57')`.execute(db);
      await sql`
        INSERT INTO booking_appointments (organization_id, contact_id, service_id, staff_id, start_at, end_at, price, currency)
        SELECT ${org}, c.id, s.id, st.id, ${now}::timestamptz + interval '3 days', ${now}::timestamptz + interval '3 days 1 hour', 1000, 'KGS'
        FROM contacts c, (SELECT id FROM booking_services WHERE organization_id = ${org} LIMIT 1) s, (SELECT id FROM booking_staff WHERE organization_id = ${org} LIMIT 1) st
        WHERE c.organization_id = ${org} AND right(c.phone_e164, 2) = '13'`.execute(db);
      await sql`
        INSERT INTO conversations (organization_id, channel, external_chat_id, contact_id, last_message_at)
        SELECT ${org}, 'sandbox', 'bench:' || c.phone_e164, c.id, ${now}::timestamptz - interval '2 days'
        FROM contacts c WHERE c.organization_id = ${org} AND right(c.phone_e164, 2) = '21'`.execute(db);
      await sql`ANALYZE`.execute(db);
    }, () => 'then ANALYZE');

    const rules = await timed(rows, 'rules: historical medians of every service, offline AI step', () => recomputeRules(db, ctx.ai, org, { useLlm: false }, now), (r) =>
      `${r.length} rules, sources: ${[...new Set(r.map((x) => x.interval_source))].join(', ')}`,
    );
    void rules;
    const settings = await getReactivationSettings(db, org);
    const full = await timed(rows, 'detector: every eligible client (no limit)', () => detectInactiveClients(db, org, { now, settings, limit: null }), (r) =>
      `${r.candidates.length.toLocaleString('en')} candidates; ${r.excluded.optedOut}/${r.excluded.booked}/${r.excluded.recentlyContacted} excl.`,
    );
    const daily = await timed(rows, 'detector: today’s list (daily limit 50)', () => detectInactiveClients(db, org, { now, settings, limit: 50 }), (r) =>
      `overdue ${r.overdue.toLocaleString('en')}, eligible ${r.eligible.toLocaleString('en')}`,
    );
    const prefsDaily = await timed(rows, 'preferences: today’s 50 candidates', () =>
      analyseClientPreferences(db, org, { contactIds: daily.value.candidates.map((c) => c.contactId), timezone: TIMEZONE, now }), (m) => `${m.size} clients`);
    const prefsCandidates = await timed(rows, 'preferences: every eligible candidate', () =>
      analyseClientPreferences(db, org, { contactIds: full.value.candidates.map((c) => c.contactId), timezone: TIMEZONE, now }), (m) => `${m.size.toLocaleString('en')} clients`);
    const prefsAll = await timed(rows, 'preferences: every client', () => analyseClientPreferences(db, org, { contactIds: null, timezone: TIMEZONE, now }), (m) =>
      `${m.size.toLocaleString('en')} clients`,
    );

    console.log(`| ${'step'.padEnd(58)} | ${'seconds'.padStart(8)} | ${'result'.padEnd(52)} |`);
    console.log(`|${'-'.repeat(60)}|${'-'.repeat(10)}|${'-'.repeat(54)}|`);
    for (const row of rows) console.log(row);
    const daily2 = daily.ms + prefsDaily.ms;
    const fullRun = full.ms + prefsCandidates.ms;
    const everything = full.ms + prefsAll.ms;
    console.log(`\ndaily run (detector + preferences of the 50): ${(daily2 / 1000).toFixed(2)} s`);
    console.log(`detector (all eligible) + preferences of every eligible candidate: ${(fullRun / 1000).toFixed(2)} s — goal < ${GOAL_MS / 1000} s: ${fullRun < GOAL_MS ? 'met' : 'NOT met'}`);
    console.log(`detector (all eligible) + preferences of every client: ${(everything / 1000).toFixed(2)} s`);
    console.log(`visits generated: ${visits.value.toLocaleString('en')}; ${memoryLine()}`);
  } finally {
    await database.close();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runReactivationBench();
