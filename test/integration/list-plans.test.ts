import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { drivingPath, explainQueriesOf, nodes, planReading, type PlanNode } from '../helpers/query-plans.ts';
import { encodeCursor } from '../../src/platform/http/pagination.ts';
import { listContacts } from '../../src/modules/contacts/contacts.service.ts';
import { listConversations } from '../../src/modules/conversations/conversations.service.ts';
import { searchLeads } from '../../src/modules/analysis/lead-search.ts';
import { listParticipants } from '../../src/modules/campaigns/campaign-stats.ts';
import { listAttempts } from '../../src/modules/reactivation/queue.service.ts';

/**
 * The lists the UI pages through are keyset pages read in index order: whatever the table's size, a page
 * reads about `limit` rows of the index and never sorts or scans the table. Checked on the plans of the
 * queries the services really send.
 */
let t: TestApp;
let org: TestOrg;
let campaignId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await createTestOrg(t);
  const campaign = await sql<{ id: string }>`
    INSERT INTO campaigns (organization_id, name) VALUES (${org.organizationId}, 'Plans') RETURNING id`.execute(t.ctx.db);
  campaignId = campaign.rows[0]!.id;
});
afterAll(() => t?.close());

const cursor = (value: string | number) => encodeCursor({ value, id: randomUUID() });

/** The page is produced by walking `index` on `table`, with no sort between the index and the page. */
function expectIndexOrderedPage(plan: PlanNode, table: string, index: string) {
  const path = drivingPath(plan);
  const leaf = path.at(-1)!;
  expect(path.map((node) => node['Node Type']), JSON.stringify(plan)).not.toContain('Sort');
  expect(path.map((node) => node['Node Type']), JSON.stringify(plan)).not.toContain('Incremental Sort');
  expect(['Index Scan', 'Index Only Scan'], JSON.stringify(plan)).toContain(leaf['Node Type']);
  expect(leaf['Relation Name']).toBe(table);
  expect(leaf['Index Name']).toBe(index);
}

describe('list pages are served by an index', () => {
  it('leads by score (the analysed-leads list and the board), first and later pages', async () => {
    for (const pageCursor of [undefined, cursor(42), cursor(-1)]) {
      const plans = await explainQueriesOf(t.ctx.db, (db) =>
        searchLeads(db, org.organizationId, { analysedOnly: true }, { sort: 'score_desc', limit: 50, ...(pageCursor ? { cursor: pageCursor } : {}) }),
      );
      expectIndexOrderedPage(planReading(plans, 'leads'), 'leads', 'leads_org_score_page_idx');
    }
  });

  it('leads by score ascending and by creation', async () => {
    expectIndexOrderedPage(
      planReading(await explainQueriesOf(t.ctx.db, (db) => searchLeads(db, org.organizationId, {}, { sort: 'score_asc', limit: 100 })), 'leads'),
      'leads',
      'leads_org_score_page_idx',
    );
    expectIndexOrderedPage(
      planReading(await explainQueriesOf(t.ctx.db, (db) => searchLeads(db, org.organizationId, {}, { sort: 'created_desc', limit: 100, cursor: cursor(new Date().toISOString()) })), 'leads'),
      'leads',
      'leads_org_created_idx',
    );
  });

  it('conversations', async () => {
    for (const pageCursor of [undefined, cursor(new Date().toISOString())]) {
      const plans = await explainQueriesOf(t.ctx.db, (db) => listConversations(db, org.organizationId, { limit: 50, ...(pageCursor ? { cursor: pageCursor } : {}) }));
      expectIndexOrderedPage(planReading(plans, 'conversations'), 'conversations', 'conversations_org_activity_idx');
    }
  });

  it('contacts', async () => {
    const plans = await explainQueriesOf(t.ctx.db, (db) => listContacts(db, org.organizationId, { limit: 50, cursor: cursor(new Date().toISOString()) }));
    expectIndexOrderedPage(planReading(plans, 'contacts'), 'contacts', 'contacts_org_created_idx');
  });

  it('campaign participants', async () => {
    const plans = await explainQueriesOf(t.ctx.db, (db) => listParticipants(db, org.organizationId, campaignId, { limit: 50, cursor: cursor(new Date().toISOString()) }));
    expectIndexOrderedPage(planReading(plans, 'campaign_participants'), 'campaign_participants', 'campaign_participants_page_idx');
  });

  it('reactivation attempts', async () => {
    const plans = await explainQueriesOf(t.ctx.db, (db) => listAttempts(db, org.organizationId, { limit: 50, cursor: cursor(new Date().toISOString()) }));
    expectIndexOrderedPage(planReading(plans, 'reactivation_attempts'), 'reactivation_attempts', 'reactivation_attempts_page_idx');
  });
});

describe('contact search', () => {
  it('finds substrings of names, e-mails, Telegram usernames and phone digits through trigram indexes', async () => {
    // An organization with contacts and fresh statistics, so the planner weighs the search against reading
    // them all; ordered index scans are priced out, since a search's matches are few and sorted.
    const searched = await createTestOrg(t);
    await sql`
      INSERT INTO contacts (organization_id, display_name, phone_e164, email, telegram_username)
      SELECT ${searched.organizationId}, 'Клиент ' || i, '+99670' || lpad(i::text, 7, '0'), 'client' || i || '@example.test', 'client_' || i
      FROM generate_series(1, 1000) i`.execute(t.ctx.db);
    await sql`ANALYZE contacts`.execute(t.ctx.db);
    const plans = await explainQueriesOf(t.ctx.db, (db) => listContacts(db, searched.organizationId, { limit: 20, q: 'Асель 555' }), { indexScan: false, sort: true, costlyFilters: true });
    const all = nodes(planReading(plans, 'contacts'));
    expect(all.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    const indexes = all.map((node) => node['Index Name']).filter(Boolean);
    expect(indexes, JSON.stringify(planReading(plans, 'contacts'))).toEqual(
      expect.arrayContaining(['contacts_name_trgm_idx', 'contacts_email_trgm_idx', 'contacts_telegram_username_trgm_idx', 'contacts_phone_trgm_idx']),
    );
  });
});
