import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestOrg, type TestApp, type TestOrg } from '../helpers/test-app.ts';
import { drivingPath, explainQueriesOf, nodes, planReading, type PlanNode } from '../helpers/query-plans.ts';
import { encodeCursor } from '../../src/platform/http/pagination.ts';
import { listContacts } from '../../src/modules/contacts/contacts.service.ts';
import { listConversations } from '../../src/modules/conversations/conversations.service.ts';
import { searchMessages } from '../../src/modules/conversations/message-search.service.ts';
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

describe('inbox lists and search', () => {
  // An organization with 2,000 conversations (a fifth the owner's, most open) of 10 messages each and fresh
  // statistics, so the planner weighs each query as on a real inbox rather than an empty one.
  let inbox: TestOrg;
  beforeAll(async () => {
    inbox = await createTestOrg(t);
    await sql`
      INSERT INTO contacts (organization_id, display_name, phone_e164)
      SELECT ${inbox.organizationId}, 'Клиент ' || i, '+99670' || lpad(i::text, 7, '0') FROM generate_series(1, 2000) i`.execute(t.ctx.db);
    await sql`
      INSERT INTO conversations (organization_id, channel, channel_account_id, external_chat_id, contact_id, status, assignee_user_id, last_message_at, last_inbound_at)
      SELECT organization_id, 'sandbox', ${inbox.sandboxAccountId}, 'sandbox:' || phone_e164, id,
        (ARRAY['open','open','open','pending','resolved'])[1 + (row_number() OVER () % 5)::int],
        CASE WHEN row_number() OVER () % 5 = 0 THEN ${inbox.ownerId}::uuid END, now() - random() * interval '30 days', now() - random() * interval '30 days'
      FROM contacts WHERE organization_id = ${inbox.organizationId}`.execute(t.ctx.db);
    await sql`
      INSERT INTO messages (organization_id, conversation_id, direction, body, status, sent_at)
      SELECT c.organization_id, c.id, CASE WHEN k % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'сообщение номер ' || k || ' код' || (k * 7919 % 100000),
        CASE WHEN k % 2 = 0 THEN 'received' ELSE 'sent' END, now() - k * interval '1 minute'
      FROM conversations c, generate_series(1, 10) k WHERE c.organization_id = ${inbox.organizationId}`.execute(t.ctx.db);
    await sql`ANALYZE contacts`.execute(t.ctx.db);
    await sql`ANALYZE conversations`.execute(t.ctx.db);
    await sql`ANALYZE messages`.execute(t.ctx.db);
  });

  it('conversations an agent works in (mine + open), with their unread counts read from the inbound-message index alone', async () => {
    for (const pageCursor of [undefined, cursor(new Date().toISOString())]) {
      const plans = await explainQueriesOf(t.ctx.db, (db) =>
        listConversations(db, inbox.organizationId, { limit: 50, view: 'mine', status: 'open', ...(pageCursor ? { cursor: pageCursor } : {}) }, inbox.ownerId),
      );
      const plan = planReading(plans, 'conversations');
      expectIndexOrderedPage(plan, 'conversations', 'conversations_org_status_assignee_recent_idx');
      const unread = nodes(plan).filter((node) => node['Relation Name'] === 'messages');
      expect(unread.map((node) => node['Index Name']), JSON.stringify(plan)).toEqual(['messages_inbound_time_idx']);
    }
  });

  it('messages: the newest messages in time order first, then the full-text GIN index, never a scan of every message', async () => {
    const plans = await explainQueriesOf(t.ctx.db, (db) => searchMessages(db, inbox.organizationId, 'стрижка завтра', 20));
    expect(plans).toHaveLength(2);
    const recent = nodes(plans[0]!).filter((node) => node['Relation Name'] === 'messages');
    expect(recent.map((node) => node['Index Name']), JSON.stringify(plans[0])).toEqual(['messages_org_time_idx']);
    // The second pass, priced as on a large history (where reading the organization's messages in time order
    // and testing each would cost the most): the GIN index finds the matches.
    const [, indexed] = await explainQueriesOf(t.ctx.db, (db) => searchMessages(db, inbox.organizationId, 'стрижка завтра', 20), { indexScan: false, costlyFilters: true });
    const read = nodes(indexed!).filter((node) => node['Relation Name'] === 'messages' || node['Index Name']);
    expect(read.map((node) => node['Index Name'] ?? node['Node Type']), JSON.stringify(indexed)).toEqual(['Bitmap Heap Scan', 'messages_body_tsv_idx']);
  });

  it('conversations by name, phone or title: the matches are found through trigram indexes before the page is read', async () => {
    const plans = await explainQueriesOf(t.ctx.db, (db) => listConversations(db, inbox.organizationId, { limit: 10, q: 'Клиент 555', view: 'all', status: 'all' }, inbox.ownerId), {
      indexScan: false,
      sort: true,
      costlyFilters: true,
    });
    const all = plans.flatMap(nodes);
    expect(all.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']), JSON.stringify(plans)).toEqual([]);
    expect(all.map((node) => node['Index Name']).filter(Boolean), JSON.stringify(plans)).toEqual(expect.arrayContaining(['contacts_name_trgm_idx', 'contacts_phone_trgm_idx', 'conversations_title_trgm_idx']));
  });
});
