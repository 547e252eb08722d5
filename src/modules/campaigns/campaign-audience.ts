import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { parse } from 'csv-parse/sync';
import type { Db, DbOrTx } from '../../platform/db/client.ts';
import type { ChannelType } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/http/pagination.ts';
import { getChannelAccount } from '../channels/index.ts';
import { companyFieldSql, likePattern, normalizePhone, upsertContactByAddress } from '../contacts/index.ts';
import type { TargetAudience } from './campaigns.schemas.ts';

/**
 * Who a campaign writes to. The audience (seed 002 §4 `target_audience`) is turned into one SQL predicate over
 * `contacts c`, so starting a campaign is a single INSERT … SELECT whatever its size. Every source excludes
 * opted-out contacts and contacts without an address on the sending account's channel; `onlyNew` also excludes
 * anyone already in a campaign of the organization.
 */

/** Contacts the channel can reach: mirrors each adapter's chatIdForContact. */
export function addressPredicate(channel: ChannelType): RawBuilder<boolean> {
  switch (channel) {
    case 'sandbox':
      return sql<boolean>`true`;
    case 'evolution':
    case 'whatsapp_cloud':
      return sql<boolean>`c.phone_e164 IS NOT NULL`;
    case 'telegram_bot':
      return sql<boolean>`c.telegram_id IS NOT NULL`;
    case 'telegram_user':
      return sql<boolean>`(c.telegram_id IS NOT NULL OR c.telegram_username IS NOT NULL OR c.phone_e164 IS NOT NULL)`;
  }
}

export interface AudienceScope {
  organizationId: string;
  campaignId: string;
  channel: ChannelType;
  accountId: string;
}

function has(column: 'telegram' | 'phone' | 'email', wanted: boolean): RawBuilder<boolean> {
  const present =
    column === 'telegram'
      ? sql<boolean>`(c.telegram_id IS NOT NULL OR c.telegram_username IS NOT NULL)`
      : column === 'phone'
        ? sql<boolean>`c.phone_e164 IS NOT NULL`
        : sql<boolean>`(c.email IS NOT NULL AND c.email <> '')`;
  return wanted ? present : sql<boolean>`NOT ${present}`;
}

/** The audience as conditions on `contacts c`, ANDed. */
export function audienceConditions(audience: TargetAudience, scope: AudienceScope, options: { exclusions: boolean } = { exclusions: true }): RawBuilder<boolean>[] {
  const org = scope.organizationId;
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`c.organization_id = ${org}`];
  // Without exclusions: who the filters pick before opted-out, unreachable and already-contacted people are left out.
  if (options.exclusions) conditions.push(sql<boolean>`c.opted_out_at IS NULL`, addressPredicate(scope.channel));
  const source = audience.source ?? 'crm';
  if (source === 'csv') {
    conditions.push(sql<boolean>`c.id IN (SELECT m.contact_id FROM campaign_audience_members m WHERE m.campaign_id = ${scope.campaignId} AND m.organization_id = ${org})`);
  } else if (source === 'telegram_group') {
    const group = audience.telegramGroup;
    if (!group) throw new AppError('BAD_REQUEST', 'a telegram_group audience needs telegramGroup', [{ field: 'body.targetAudience.telegramGroup', message: 'required' }]);
    const groupAccount = group.bdAccountId ?? scope.accountId;
    conditions.push(sql<boolean>`(
      c.id IN (SELECT g.contact_id FROM telegram_group_members g
               WHERE g.organization_id = ${org} AND g.channel_account_id = ${groupAccount} AND g.telegram_chat_id = ${group.telegramChatId})
      OR c.id IN (SELECT m.author_contact_id FROM messages m
                  JOIN conversations v ON v.id = m.conversation_id
                  WHERE v.organization_id = ${org} AND v.channel_account_id = ${groupAccount} AND v.external_chat_id = ${group.telegramChatId}
                    AND v.is_group AND m.direction = 'inbound' AND m.author_contact_id IS NOT NULL))`);
  } else if (audience.contactIds && audience.contactIds.length > 0) {
    conditions.push(sql<boolean>`c.id = ANY(${audience.contactIds}::uuid[])`);
  } else {
    const f = audience.filters ?? {};
    if (f.hasTelegram != null) conditions.push(has('telegram', f.hasTelegram));
    if (f.hasPhone != null) conditions.push(has('phone', f.hasPhone));
    if (f.hasEmail != null) conditions.push(has('email', f.hasEmail));
    if (f.companyId) conditions.push(sql<boolean>`c.company_id = ${f.companyId}`);
    if (f.language) conditions.push(sql<boolean>`c.language = ${f.language}`);
    if (f.tags && f.tags.length > 0) conditions.push(sql<boolean>`c.tags && ${f.tags}::text[]`);
    if (f.search) {
      const pattern = likePattern(f.search);
      conditions.push(sql<boolean>`(c.display_name ILIKE ${pattern} OR c.email ILIKE ${pattern} OR c.phone_e164 LIKE ${likePattern(f.search.replace(/[^\d+]/g, '') || f.search)})`);
    }
    if (f.pipelineId) {
      const stages = f.stageIds && f.stageIds.length > 0 ? sql<boolean>`AND l.stage_id = ANY(${f.stageIds}::uuid[])` : sql<boolean>``;
      conditions.push(sql<boolean>`EXISTS (SELECT 1 FROM leads l WHERE l.organization_id = ${org} AND l.contact_id = c.id AND l.pipeline_id = ${f.pipelineId} ${stages})`);
    }
    if (f.outreachStatus) conditions.push(outreachCondition(org, f.outreachStatus));
  }
  if (audience.onlyNew && options.exclusions) conditions.push(outreachCondition(org, 'new'));
  return conditions;
}

/**
 * The audience before and after its exclusions, with a count per reason (each contact counted under the first
 * reason that leaves it out): opted out, no address on the sending channel, already written to by a campaign
 * (left out only with `onlyNew`; otherwise counted in `alreadyContactedKept`).
 */
export async function audienceBreakdown(db: DbOrTx, audience: TargetAudience, scope: AudienceScope) {
  const base = whereAll(audienceConditions(audience, scope, { exclusions: false }));
  const address = addressPredicate(scope.channel);
  const contacted = outreachCondition(scope.organizationId, 'in_outreach');
  const result = await sql<{ selected: string | number; opted_out: string | number; no_address: string | number; contacted: string | number }>`
    SELECT count(*) AS selected,
      count(*) FILTER (WHERE c.opted_out_at IS NOT NULL) AS opted_out,
      count(*) FILTER (WHERE c.opted_out_at IS NULL AND NOT ${address}) AS no_address,
      count(*) FILTER (WHERE c.opted_out_at IS NULL AND ${address} AND ${contacted}) AS contacted
    FROM contacts c WHERE ${base}`.execute(db);
  const row = result.rows[0];
  const selected = Number(row?.selected ?? 0);
  const optedOut = Number(row?.opted_out ?? 0);
  const noAddress = Number(row?.no_address ?? 0);
  const alreadyContacted = Number(row?.contacted ?? 0);
  const reachable = selected - optedOut - noAddress - (audience.onlyNew ? alreadyContacted : 0);
  return {
    selected,
    excluded: { optedOut, noAddress, alreadyContacted: audience.onlyNew ? alreadyContacted : 0 },
    alreadyContactedKept: audience.onlyNew ? 0 : alreadyContacted,
    limitedBy: audience.limit && audience.limit < reachable ? audience.limit : null,
    willJoin: audience.limit ? Math.min(audience.limit, reachable) : reachable,
  };
}

/** SQL for where a template variable's value lives on a recipient row `t` (the contact with its company's `co_*` columns); null: not per recipient. */
function variableColumn(segments: string[]): RawBuilder<unknown> | null {
  const [root, field, key] = segments;
  const custom = (column: RawBuilder<unknown>) => (key === undefined ? null : sql`(${column} ->> ${key})`);
  if (root === 'contact') {
    switch (field) {
      case 'first_name':
      case 'last_name':
      case 'email':
      case 'telegram_username':
      case 'telegram_id':
      case 'language':
        return sql.ref(`t.${field}`);
      case 'name':
      case 'display_name':
        return sql`t.display_name`;
      case 'phone':
        return sql`t.phone_e164`;
      case 'custom':
      case 'custom_fields':
        return custom(sql`t.custom_fields`);
      default:
        return null;
    }
  }
  if (root === 'company') {
    if (field === 'name' || field === 'domain') return sql.ref(`t.co_${field}`);
    if (field === 'custom' || field === 'custom_fields') return custom(sql`t.co_custom_fields`);
  }
  return null;
}

/** Whether a variable's value comes from the recipient (contact or company), so it can be counted per audience. */
export function isRecipientVariable(segments: string[]): boolean {
  return variableColumn(segments) !== null;
}

/**
 * For each recipient variable: how many of the audience would get it empty, and one of them (an example to show).
 */
export async function emptyVariableCounts(db: DbOrTx, audience: TargetAudience, scope: AudienceScope, variables: Array<{ path: string; segments: string[] }>) {
  const counted = variables.map((v) => ({ ...v, column: variableColumn(v.segments) })).filter((v) => v.column !== null);
  const found = new Map<string, { count: number; exampleContactId: string | null }>();
  if (counted.length === 0) return found;
  const conditions = whereAll(audienceConditions(audience, scope));
  const selects = counted.map(
    (v, i) => sql`count(*) FILTER (WHERE btrim(coalesce(${v.column}::text, '')) = '') AS ${sql.ref(`n${i}`)},
      (array_agg(t.id) FILTER (WHERE btrim(coalesce(${v.column}::text, '')) = ''))[1] AS ${sql.ref(`e${i}`)}`,
  );
  const limited = audience.limit ? sql`ORDER BY c.created_at, c.id LIMIT ${audience.limit}` : sql``;
  const result = await sql<Record<string, string | number | null>>`
    SELECT ${sql.join(selects)} FROM (
      SELECT c.id, c.first_name, c.last_name, c.display_name, c.email, c.phone_e164, c.telegram_username, c.telegram_id, c.language, c.custom_fields,
             ${companyFieldSql('c', 'name')} AS co_name, ${companyFieldSql('c', 'domain')} AS co_domain, ${companyFieldSql('c', 'custom_fields')} AS co_custom_fields
      FROM contacts c
      WHERE ${conditions} ${limited}
    ) AS t`.execute(db);
  const row = result.rows[0] ?? {};
  counted.forEach((v, i) => {
    const count = Number(row[`n${i}`] ?? 0);
    if (count > 0) found.set(v.path, { count, exampleContactId: (row[`e${i}`] as string | null) ?? null });
  });
  return found;
}

function outreachCondition(organizationId: string, status: 'new' | 'in_outreach'): RawBuilder<boolean> {
  const inCampaign = sql<boolean>`EXISTS (SELECT 1 FROM campaign_participants p WHERE p.contact_id = c.id AND p.organization_id = ${organizationId})`;
  return status === 'new' ? sql<boolean>`NOT ${inCampaign}` : inCampaign;
}

function whereAll(conditions: RawBuilder<boolean>[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

/**
 * Materialises the participants in one INSERT … SELECT (the campaign is a draft, so it has none yet). Every
 * participant is due at `firstAt` plus an offset of up to `jitterMs` (spreading a crowd moved to a window
 * opening). Returns how many joined.
 */
export async function insertParticipants(
  db: DbOrTx,
  audience: TargetAudience,
  scope: AudienceScope,
  timing: { now: Date; firstAt: Date; jitterMs: number },
): Promise<number> {
  const conditions = audienceConditions(audience, scope);
  const limit = audience.limit ? sql`ORDER BY c.created_at, c.id LIMIT ${audience.limit}` : sql`OFFSET 0`;
  // Every index is filled in key order, which keeps a million-row start inside the buffer cache instead of touching
  // random pages: rows go in sorted by contact id; ids are the start time, 48 random bits and the row's rank (a
  // valid version-4 uuid); the start offset grows with the contact id (its first 32 bits are random, so the offsets
  // are evenly spread).
  const random = randomBytes(6).toString('hex');
  const idPrefix = `${timing.now.getTime().toString(16).padStart(12, '0')}4${random.slice(0, 3)}8${random.slice(3, 12)}`;
  const dueAt =
    timing.jitterMs > 0
      ? sql`${timing.firstAt}::timestamptz + floor(('x' || substr(s.id::text, 1, 8))::bit(32)::bigint / 4294967296.0 * ${timing.jitterMs}) * interval '1 millisecond'`
      : sql`${timing.firstAt}::timestamptz`;
  const result = await sql`
    INSERT INTO campaign_participants (id, organization_id, campaign_id, contact_id, channel_account_id, status, current_step, anchor_at, next_send_at, created_at, updated_at)
    SELECT (${idPrefix} || lpad(to_hex(row_number() OVER (ORDER BY s.id)), 6, '0'))::uuid,
           ${scope.organizationId}, ${scope.campaignId}, s.id, ${scope.accountId}, 'pending', 0, ${timing.now}, ${dueAt}, ${timing.now}, ${timing.now}
    FROM (SELECT c.id FROM contacts c WHERE ${whereAll(conditions)} ${limit}) s
    ORDER BY s.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** How many contacts the audience selects now, and a few of them, for the builder. */
export async function previewAudience(db: DbOrTx, audience: TargetAudience, scope: AudienceScope) {
  const conditions = whereAll(audienceConditions(audience, scope));
  const [count, sample] = await Promise.all([
    sql<{ n: string | number }>`SELECT count(*) AS n FROM contacts c WHERE ${conditions}`.execute(db),
    sql<{ id: string; display_name: string; phone_e164: string | null; telegram_username: string | null }>`
      SELECT c.id, c.display_name, c.phone_e164, c.telegram_username FROM contacts c WHERE ${conditions} ORDER BY c.created_at, c.id LIMIT 10`.execute(db),
  ]);
  const matching = Number(count.rows[0]?.n ?? 0);
  return {
    matching,
    willJoin: audience.limit ? Math.min(audience.limit, matching) : matching,
    sample: sample.rows.map((r) => ({ id: r.id, displayName: r.display_name, phone: r.phone_e164, telegramUsername: r.telegram_username })),
  };
}

/** Seed 002 picker: contacts with their outreach status (new = never in a campaign, in_outreach = in one). */
export async function contactsForPicker(
  db: DbOrTx,
  organizationId: string,
  query: { cursor?: string; limit: number; outreachStatus?: 'new' | 'in_outreach'; search?: string; bdAccountId?: string },
) {
  const cursor = decodeCursor(query.cursor, 'timestamp');
  const conditions: RawBuilder<boolean>[] = [sql<boolean>`c.organization_id = ${organizationId}`, sql<boolean>`c.opted_out_at IS NULL`];
  if (query.bdAccountId) conditions.push(addressPredicate((await getChannelAccount(db, organizationId, query.bdAccountId)).channel));
  else conditions.push(has('telegram', true));
  if (query.outreachStatus) conditions.push(outreachCondition(organizationId, query.outreachStatus));
  if (query.search) {
    const pattern = likePattern(query.search);
    conditions.push(sql<boolean>`(c.display_name ILIKE ${pattern} OR c.telegram_username ILIKE ${likePattern(query.search.replace(/^@/, ''))} OR c.phone_e164 LIKE ${likePattern(query.search.replace(/[^\d+]/g, '') || query.search)} OR c.email ILIKE ${pattern})`);
  }
  if (cursor) conditions.push(sql<boolean>`(c.created_at, c.id) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`);
  const rows = await sql<{
    id: string;
    display_name: string;
    phone_e164: string | null;
    email: string | null;
    telegram_id: string | null;
    telegram_username: string | null;
    in_outreach: boolean;
    sort_key: string;
  }>`
    SELECT c.id, c.display_name, c.phone_e164, c.email, c.telegram_id, c.telegram_username, c.created_at::text AS sort_key,
           EXISTS (SELECT 1 FROM campaign_participants p WHERE p.contact_id = c.id AND p.organization_id = ${organizationId}) AS in_outreach
    FROM contacts c WHERE ${whereAll(conditions)}
    ORDER BY c.created_at DESC, c.id DESC LIMIT ${query.limit + 1}`.execute(db);
  return toPage(
    rows.rows,
    query.limit,
    (r) => ({
      id: r.id,
      displayName: r.display_name,
      phone: r.phone_e164,
      email: r.email,
      telegramId: r.telegram_id,
      telegramUsername: r.telegram_username,
      outreachStatus: r.in_outreach ? ('in_outreach' as const) : ('new' as const),
    }),
    (r) => ({ value: r.sort_key, id: r.id }),
  );
}

// --- CSV upload (seed 002: POST /api/campaigns/:id/audience/from-csv) ---

type CsvRole = 'telegramId' | 'telegramUsername' | 'phone' | 'email' | 'firstName' | 'lastName' | 'name';

const HEADER_ROLES: Array<[CsvRole, RegExp]> = [
  ['telegramId', /^(telegramid|tgid|telegramuserid|userid|idtelegram|телеграмid|idтелеграм)$/],
  ['telegramUsername', /^(telegram|telegramusername|username|tg|tgusername|login|телеграм|телеграмм|ник|никнейм|логин)$/],
  ['phone', /^(phone|phonenumber|tel|telephone|mobile|mobilephone|whatsapp|телефон|номер|номертелефона|мобильный)$/],
  ['email', /^(email|mail|emailaddress|почта|электроннаяпочта|емейл)$/],
  ['firstName', /^(firstname|first|givenname|имя)$/],
  ['lastName', /^(lastname|last|surname|familyname|фамилия)$/],
  ['name', /^(name|fullname|contact|contactname|фио|контакт|клиент)$/],
];

const headerKey = (header: string) => header.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');

function roleOfValue(value: string): CsvRole | null {
  const v = value.trim();
  if (!v) return null;
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) return 'email';
  if (/^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(v) || /t(elegram)?\.me\//i.test(v)) return 'telegramUsername';
  if (/^\+?[\d\s()-]{7,20}$/.test(v)) return 'phone';
  return 'name';
}

export interface CsvAudienceResult {
  contactIds: string[];
  created: number;
  matched: number;
  skipped: Array<{ line: number; reason: string }>;
  listSize: number;
}

/**
 * Reads the CSV, finds each row's contact by phone, Telegram id, username or e-mail (creating it when there is
 * none) and adds it to the campaign's list. With a header, columns are known by name (phone, email, telegram_id,
 * telegram/username, first_name, last_name, name, and Russian equivalents); without one, by their values.
 */
export async function addCsvAudience(db: Db, organizationId: string, campaignId: string, input: { content: string; hasHeader?: boolean | null }): Promise<CsvAudienceResult> {
  let records: string[][];
  try {
    records = parse(input.content.replace(/^\ufeff/, ''), { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, delimiter: detectDelimiter(input.content) });
  } catch (error) {
    throw new AppError('BAD_REQUEST', `the CSV cannot be read: ${(error as Error).message}`, [{ field: 'body.content', message: 'not a readable CSV' }]);
  }
  const hasHeader = input.hasHeader ?? true;
  const roles: Array<CsvRole | null> = [];
  let firstLine = 1;
  if (hasHeader) {
    const header = records.shift() ?? [];
    firstLine = 2;
    for (const cell of header) roles.push(HEADER_ROLES.find(([, pattern]) => pattern.test(headerKey(cell)))?.[0] ?? null);
    if (!roles.some((r) => r === 'phone' || r === 'email' || r === 'telegramId' || r === 'telegramUsername')) {
      throw new AppError('BAD_REQUEST', 'the CSV header has no phone, email, telegram_id or telegram (username) column', [{ field: 'body.content', message: 'no address column' }]);
    }
  } else {
    const width = Math.max(0, ...records.map((r) => r.length));
    let hasName = false;
    for (let column = 0; column < width; column++) {
      const value = records.find((r) => (r[column] ?? '').trim() !== '')?.[column] ?? '';
      let role = roleOfValue(value);
      if (role === 'name') role = hasName ? null : 'name';
      if (role === 'name') hasName = true;
      roles.push(role);
    }
  }
  const region = (await db.selectFrom('organizations').select('default_region').where('id', '=', organizationId).executeTakeFirstOrThrow()).default_region;
  const ids = new Set<string>();
  const skipped: CsvAudienceResult['skipped'] = [];
  let created = 0;
  let matched = 0;
  for (const [offset, cells] of records.entries()) {
    const line = firstLine + offset;
    const cell = (role: CsvRole) => {
      const index = roles.indexOf(role);
      return index >= 0 ? (cells[index] ?? '').trim() || null : null;
    };
    const rawPhone = cell('phone');
    const phone = rawPhone ? normalizePhone(rawPhone, region).e164 : null;
    const telegramId = cell('telegramId')?.match(/^-?\d{1,20}$/)?.[0] ?? null;
    const telegramUsername = cell('telegramUsername')?.replace(/^(?:https?:\/\/)?(?:t|telegram)\.me\//i, '').replace(/^@/, '').trim() || null;
    const email = cell('email')?.toLowerCase() ?? null;
    if (!phone && !telegramId && !telegramUsername && !email) {
      skipped.push({ line, reason: rawPhone ? `phone "${rawPhone}" is not a valid number` : 'no phone, email or Telegram id/username' });
      continue;
    }
    const name = cell('name') ?? ([cell('firstName'), cell('lastName')].filter(Boolean).join(' ') || null);
    const { contact, isNew } = await upsertContactByAddress(db, organizationId, { phone, telegramId, telegramUsername, email, name }, 'campaign_csv');
    if (ids.has(contact.id)) continue;
    ids.add(contact.id);
    if (isNew) created++;
    else matched++;
  }
  const contactIds = [...ids];
  for (let i = 0; i < contactIds.length; i += 5000) {
    await db
      .insertInto('campaign_audience_members')
      .values(contactIds.slice(i, i + 5000).map((contactId) => ({ campaign_id: campaignId, organization_id: organizationId, contact_id: contactId, source: 'csv' })))
      .onConflict((oc) => oc.columns(['campaign_id', 'contact_id']).doNothing())
      .execute();
  }
  const size = await db
    .selectFrom('campaign_audience_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return { contactIds, created, matched, skipped, listSize: Number(size.n) };
}

function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

export async function clearAudienceList(db: DbOrTx, organizationId: string, campaignId: string): Promise<void> {
  await db.deleteFrom('campaign_audience_members').where('organization_id', '=', organizationId).where('campaign_id', '=', campaignId).execute();
}

// --- Telegram groups (seed 002: group-sources) ---

/** Telegram groups and channels to take an audience from: stored member lists and group chats we are in. */
export async function listGroupSources(db: DbOrTx, organizationId: string) {
  const stored = await db
    .selectFrom('telegram_group_members')
    .select(['channel_account_id', 'telegram_chat_id', (eb) => eb.fn.max('chat_title').as('title'), (eb) => eb.fn.max('peer_type').as('peer_type'), (eb) => eb.fn.countAll<number>().as('members')])
    .where('organization_id', '=', organizationId)
    .groupBy(['channel_account_id', 'telegram_chat_id'])
    .execute();
  const chats = await sql<{ channel_account_id: string; external_chat_id: string; title: string | null; members: number }>`
    SELECT v.channel_account_id, v.external_chat_id, v.title,
           (SELECT count(DISTINCT m.author_contact_id)::int FROM messages m WHERE m.conversation_id = v.id AND m.direction = 'inbound') AS members
    FROM conversations v
    WHERE v.organization_id = ${organizationId} AND v.is_group AND v.channel IN ('telegram_bot', 'telegram_user') AND v.channel_account_id IS NOT NULL
    ORDER BY v.last_message_at DESC NULLS LAST LIMIT 500`.execute(db);
  const items = new Map<string, { bdAccountId: string; telegramChatId: string; title: string | null; peerType: 'chat' | 'channel'; memberCount: number; sources: Array<'member_list' | 'chat_messages'> }>();
  for (const row of stored) {
    items.set(`${row.channel_account_id}:${row.telegram_chat_id}`, {
      bdAccountId: row.channel_account_id,
      telegramChatId: row.telegram_chat_id,
      title: row.title ?? null,
      peerType: (row.peer_type as 'chat' | 'channel' | null) ?? 'chat',
      memberCount: Number(row.members),
      sources: ['member_list'],
    });
  }
  for (const row of chats.rows) {
    const key = `${row.channel_account_id}:${row.external_chat_id}`;
    const existing = items.get(key);
    if (existing) {
      existing.sources.push('chat_messages');
      existing.title ??= row.title;
    } else {
      items.set(key, { bdAccountId: row.channel_account_id, telegramChatId: row.external_chat_id, title: row.title, peerType: 'chat', memberCount: Number(row.members), sources: ['chat_messages'] });
    }
  }
  return [...items.values()];
}

/** Contact ids of a group: its stored members and everyone who wrote in the chat. */
export async function groupContactIds(db: DbOrTx, organizationId: string, accountId: string, chatId: string): Promise<string[]> {
  await getChannelAccount(db, organizationId, accountId);
  const rows = await sql<{ contact_id: string }>`
    SELECT g.contact_id FROM telegram_group_members g
    WHERE g.organization_id = ${organizationId} AND g.channel_account_id = ${accountId} AND g.telegram_chat_id = ${chatId}
    UNION
    SELECT m.author_contact_id FROM messages m JOIN conversations v ON v.id = m.conversation_id
    WHERE v.organization_id = ${organizationId} AND v.channel_account_id = ${accountId} AND v.external_chat_id = ${chatId}
      AND v.is_group AND m.direction = 'inbound' AND m.author_contact_id IS NOT NULL`.execute(db);
  return rows.rows.map((r) => r.contact_id);
}

/** Stores a group's member list (until the MTProto account of issue 6 reads it), creating missing contacts. */
export async function storeGroupMembers(
  db: Db,
  organizationId: string,
  input: {
    bdAccountId: string;
    telegramChatId: string;
    title?: string | null;
    peerType?: 'chat' | 'channel' | null;
    members: Array<{ telegramId?: string | null; username?: string | null; phone?: string | null; firstName?: string | null; lastName?: string | null }>;
  },
): Promise<{ stored: number; created: number }> {
  await getChannelAccount(db, organizationId, input.bdAccountId);
  let created = 0;
  const contactIds = new Set<string>();
  for (const [index, member] of input.members.entries()) {
    if (!member.telegramId && !member.username && !member.phone) {
      throw new AppError('BAD_REQUEST', 'each member needs a telegramId, username or phone', [{ field: `body.members.${index}`, message: 'no address' }]);
    }
    const name = [member.firstName, member.lastName].filter(Boolean).join(' ') || null;
    const { contact, isNew } = await upsertContactByAddress(
      db,
      organizationId,
      { telegramId: member.telegramId ?? null, telegramUsername: member.username?.replace(/^@/, '') ?? null, phone: member.phone ?? null, name },
      'telegram_group',
    );
    if (isNew) created++;
    contactIds.add(contact.id);
  }
  await db
    .insertInto('telegram_group_members')
    .values(
      [...contactIds].map((contactId) => ({
        organization_id: organizationId,
        channel_account_id: input.bdAccountId,
        telegram_chat_id: input.telegramChatId,
        chat_title: input.title ?? null,
        peer_type: input.peerType ?? 'chat',
        contact_id: contactId,
      })),
    )
    .onConflict((oc) => oc.columns(['channel_account_id', 'telegram_chat_id', 'contact_id']).doUpdateSet({ chat_title: input.title ?? null }))
    .execute();
  return { stored: contactIds.size, created };
}
