import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../../platform/db/client.ts';
import type { Insertable } from 'kysely';
import type { Contact, ContactsTable } from '../../../platform/db/schema.ts';
import { composeDisplayName, findContactByAddress, normalizePhone } from '../../contacts/index.ts';
import { findOrCreateConversation } from '../../conversations/index.ts';
import { getDefaultPipeline, getPipeline } from '../../pipelines/index.ts';
import { recordEvent } from '../../events/index.ts';
import { MessageFingerprinter } from './fingerprint.ts';
import { normalizeAuthor, phoneOfAuthor, resolveMe, type MeMatcher } from './identity.ts';
import { authorsOf, messageBatchesOf, type ImportChat, type ImportLineCode, type ImportContactRecord, type ImportMessage, type ImportReport } from './import-types.ts';
import { detectLanguage } from './language.ts';

export type ImportSource = 'whatsapp' | 'telegram' | 'evolution' | 'csv';

export interface ImportProgress {
  chatsTotal: number;
  chatsDone: number;
  messagesRead: number;
  messagesImported: number;
  contacts: number;
}

export interface ImportOptions {
  organizationId: string;
  source: ImportSource;
  dryRun?: boolean;
  /** Import at most this many chats (or CSV rows). */
  limit?: number;
  /** false: existing contacts are updated (names, language) instead of left as they are. */
  skipDuplicates?: boolean;
  me?: string | null;
  defaultRegion?: string;
  now?: Date;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Import `--use-llm`: the default-pipeline stage key for a new contact's one-to-one dialog (its newest messages).
   * Given by the caller so the importer needs no AI of its own; a failure leaves the first stage and is reported.
   */
  classifyStage?: (dialog: Array<{ from: 'client' | 'business'; text: string }>) => Promise<string>;
  /** The pipeline new leads go into (seed 004's sales funnel, say); the default pipeline when not given. */
  pipelineId?: string | null;
}

const BATCH = 5000;
const CHANNEL_OF: Record<ImportSource, 'whatsapp_export' | 'telegram_export' | 'evolution'> = {
  whatsapp: 'whatsapp_export',
  telegram: 'telegram_export',
  evolution: 'evolution',
  csv: 'whatsapp_export',
};

interface RunState {
  report: ImportReport;
  /** Per contact: its id, language, and a bounded sample of what it wrote (for language detection). */
  touchedContacts: Map<string, TouchedContact>;
  progress: ImportProgress;
  startedAt: number;
}

interface TouchedContact {
  id: string | null;
  language: string | null;
  inboundTexts: string[];
  sampledChars: number;
  hadLanguage: boolean;
  /** The newest messages of this contact's one-to-one chat, for stage classification (`classifyStage`). */
  dialog: Array<{ from: 'client' | 'business'; text: string }>;
}

/** Enough of a dialog's end to classify its stage; older messages rarely change where a client stands. */
const CLASSIFY_TAIL = 60;

function emptyReport(source: ImportSource, dryRun: boolean): ImportReport {
  return {
    source,
    dryRun,
    chats: 0,
    contacts: 0,
    imported: 0,
    skippedDuplicates: 0,
    updated: 0,
    messages: 0,
    messagesImported: 0,
    messagesSkippedDuplicates: 0,
    firstMessageAt: null,
    lastMessageAt: null,
    averageMessagesPerContact: 0,
    errors: [],
    invalidPhones: [],
    stages: {},
    stageNames: {},
    pipeline: null,
    languages: {},
    durationMs: 0,
  };
}

/** The organization's region and the names that mean "us" in an export (its accounts' addresses, its users). */
export async function organizationSettings(db: Db, organizationId: string) {
  const org = await db.selectFrom('organizations').select(['default_region']).where('id', '=', organizationId).executeTakeFirstOrThrow();
  const accounts = await db.selectFrom('channel_accounts').select(['name', 'address']).where('organization_id', '=', organizationId).execute();
  const users = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('users.name')
    .where('memberships.organization_id', '=', organizationId)
    .execute();
  const ownNames = [...accounts.flatMap((a) => [a.address ?? '']), ...users.map((u) => u.name)].filter((n) => n.trim().length > 2);
  return { region: org.default_region, ownNames };
}

/**
 * Imports chat histories: contacts for the other side (or every author of a group), one conversation per
 * chat, its messages, a language per contact, and a lead in the first stage for contacts without one.
 * Idempotent — messages carry the source's id or a fingerprint, unique per conversation — so a re-run
 * adds nothing and an interrupted run completes the rest. `dryRun` reads and matches but writes nothing.
 */
export async function importChats(db: Db, chats: ImportChat[], options: ImportOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const state: RunState = {
    report: emptyReport(options.source, dryRun),
    touchedContacts: new Map(),
    progress: { chatsTotal: 0, chatsDone: 0, messagesRead: 0, messagesImported: 0, contacts: 0 },
    startedAt: performance.now(),
  };
  const { region: orgRegion, ownNames } = await organizationSettings(db, options.organizationId);
  const region = options.defaultRegion ?? orgRegion;
  const selected = options.limit ? chats.slice(0, options.limit) : chats;
  state.progress.chatsTotal = selected.length;
  const me = resolveMe(selected, region, { me: options.me, ownNames });

  for (const chat of selected) {
    state.report.chats++;
    for (const problem of chat.problems) state.report.errors.push({ chat: chat.origin, line: problem.line, reason: problem.reason });
    try {
      await importOneChat(db, chat, { ...options, dryRun, region }, me, state);
    } catch (error) {
      state.report.errors.push({ chat: chat.origin, line: null, reason: `chat not imported: ${(error as Error).message}` });
    }
    state.progress.chatsDone++;
    options.onProgress?.({ ...state.progress });
  }
  await finishContacts(db, options, dryRun, state);
  return finalize(state, options);
}

async function importOneChat(db: Db, chat: ImportChat, options: ImportOptions & { dryRun: boolean; region: string }, me: MeMatcher, state: RunState) {
  const { organizationId } = options;
  const authorIsMe = (m: ImportMessage) => (m.isFromMe !== undefined ? m.isFromMe : me.isMe(m.author, chat));
  const others = new Map<string, string>(); // normalized author → author as written
  let hasMe = false;
  if (chat.stream) {
    for (const author of chat.stream.authors) {
      if (me.isMe(author, chat)) hasMe = true;
      else others.set(normalizeAuthor(author), author);
    }
  } else {
    for (const message of chat.messages) {
      if (message.author === null) continue;
      if (authorIsMe(message)) hasMe = true;
      else others.set(normalizeAuthor(message.author), message.author);
    }
  }
  if (!chat.isGroup && others.size > 1 && !hasMe) throw new Error('cannot tell which author is you; name yourself and import again (see Recommendations)');
  if (others.size === 0 && authorsOf(chat).length > 0) {
    throw new Error(me.basis.startsWith('--me') ? 'every author is you' : 'cannot tell which author is you; name yourself and import again (see Recommendations)');
  }

  // Contacts: the other side of a personal chat, every other author of a group.
  const contactIds = new Map<string, string | null>();
  for (const [key, author] of others) {
    const contactId = await upsertImportedContact(db, options, chat, author, state);
    contactIds.set(key, contactId);
  }

  const singleContactId = !chat.isGroup && others.size === 1 ? [...contactIds.values()][0]! : null;
  const dialogOf = options.classifyStage && !chat.isGroup && others.size === 1 ? state.touchedContacts.get([...others.keys()][0]!) : undefined;
  const conversation =
    options.dryRun
      ? await findExistingConversation(db, organizationId, CHANNEL_OF[options.source], chat.key)
      : await findOrCreateConversation(
          db,
          organizationId,
          { channel: CHANNEL_OF[options.source], channelAccountId: null, externalChatId: chat.key },
          { contactId: singleContactId, isGroup: chat.isGroup, title: chat.title },
        );

  const fingerprints = new MessageFingerprinter(chat.key);
  let batch: Array<ReturnType<typeof toRow>> = [];
  // One batch is inserted while the next is being read: on PostgreSQL the two overlap on separate
  // connections; on PGlite they simply queue. At most two batches are held in memory.
  let inFlight: Promise<void> | null = null;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const previous = inFlight;
    inFlight = (async () => {
      const inserted = conversation ? await insertMessages(db, organizationId, conversation.id, rows, options.dryRun) : rows.length;
      await previous;
      state.report.messagesImported += inserted;
      state.report.messagesSkippedDuplicates += rows.length - inserted;
      state.progress.messagesImported += inserted;
      options.onProgress?.({ ...state.progress });
    })();
    // Marked handled here; the error still surfaces at the next await of this batch.
    inFlight.catch(() => undefined);
    if (previous) await previous;
  };

  let lastAt: Date | null = null;
  let lastInboundAt: Date | null = null;
  let lastPreview = '';
  let firstMs = Infinity;
  let lastMs = -Infinity;
  // Who an author is depends only on the name (and isFromMe, when the source says it): worked out once per
  // author rather than per message (normalising a name and matching it as a phone are the costly part).
  const authorFacts = new Map<string, AuthorFacts>();
  const factsOf = (message: ImportMessage): AuthorFacts | null => {
    if (message.author === null) return null;
    const cacheKey = message.isFromMe === undefined ? message.author : `${message.isFromMe ? 'me' : 'other'}\u0000${message.author}`;
    let facts = authorFacts.get(cacheKey);
    if (!facts) {
      const isMine = authorIsMe(message);
      const key = normalizeAuthor(message.author);
      facts = { isMine, key, contactId: isMine ? null : (contactIds.get(key) ?? null), touched: isMine ? undefined : state.touchedContacts.get(key) };
      authorFacts.set(cacheKey, facts);
    }
    return facts;
  };
  let isoMs = NaN;
  let iso = '';
  for await (const messages of messageBatchesOf(chat)) for (const message of messages) {
    state.report.messages++;
    state.progress.messagesRead++;
    const ms = message.timestamp.getTime();
    if (ms !== isoMs) {
      isoMs = ms;
      iso = message.timestamp.toISOString();
    }
    if (ms < firstMs) firstMs = ms;
    if (ms > lastMs) lastMs = ms;
    const facts = factsOf(message);
    const isMine = facts?.isMine ?? false;
    const contactId = facts?.contactId ?? null;
    if (facts && !isMine && message.kind === 'text') sampleText(facts.touched, message.text);
    const shown = message.shownText ?? message.text;
    if (dialogOf && message.author !== null && shown) {
      dialogOf.dialog.push({ from: isMine ? 'business' : 'client', text: shown });
      if (dialogOf.dialog.length > CLASSIFY_TAIL * 2) dialogOf.dialog.splice(0, dialogOf.dialog.length - CLASSIFY_TAIL);
    }
    const externalId = message.sourceId ? `src:${message.sourceId}` : fingerprints.next(iso, message.author, message.text);
    batch.push(toRow(message, externalId, isMine, contactId, iso));
    if (!lastAt || message.timestamp >= lastAt) {
      lastAt = message.timestamp;
      lastPreview = shown || (message.media ? `[${message.media.type}]` : '');
    }
    if (!isMine && message.author !== null && (!lastInboundAt || message.timestamp > lastInboundAt)) lastInboundAt = message.timestamp;
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await inFlight;
  if (firstMs !== Infinity) {
    const first = new Date(firstMs).toISOString();
    const last = new Date(lastMs).toISOString();
    if (!state.report.firstMessageAt || first < state.report.firstMessageAt) state.report.firstMessageAt = first;
    if (!state.report.lastMessageAt || last > state.report.lastMessageAt) state.report.lastMessageAt = last;
  }

  if (conversation && !options.dryRun && lastAt) {
    await db
      .updateTable('conversations')
      .set((eb) => ({
        last_message_at: sql`greatest(${eb.ref('last_message_at')}, ${lastAt.toISOString()}::timestamptz)`,
        last_inbound_at: lastInboundAt ? sql`greatest(${eb.ref('last_inbound_at')}, ${lastInboundAt.toISOString()}::timestamptz)` : eb.ref('last_inbound_at'),
        last_message_preview: sql`CASE WHEN ${eb.ref('last_message_at')} IS NULL OR ${eb.ref('last_message_at')} <= ${lastAt.toISOString()}::timestamptz THEN ${lastPreview.slice(0, 140)} ELSE ${eb.ref('last_message_preview')} END`,
        updated_at: new Date(),
      }))
      .where('id', '=', conversation.id)
      .execute();
    const ids = [...contactIds.values()].filter((id): id is string => id !== null);
    if (ids.length > 0) {
      await db
        .updateTable('contacts')
        .set((eb) => ({ last_message_at: sql`greatest(${eb.ref('last_message_at')}, ${lastAt.toISOString()}::timestamptz)` }))
        .where('organization_id', '=', organizationId)
        .where('id', 'in', ids)
        .execute();
    }
  }
}

/** Language detection needs a few thousand characters; keeping more would grow with the history. */
const LANGUAGE_SAMPLE_CHARS = 4000;

function sampleText(entry: { inboundTexts: string[]; sampledChars: number } | undefined, text: string): void {
  if (!entry || entry.sampledChars >= LANGUAGE_SAMPLE_CHARS) return;
  entry.inboundTexts.push(text);
  entry.sampledChars += text.length;
}

interface AuthorFacts {
  isMine: boolean;
  /** normalizeAuthor of the name: the key of contactIds and touchedContacts. */
  key: string;
  contactId: string | null;
  touched: TouchedContact | undefined;
}

function toRow(message: ImportMessage, externalId: string, isMine: boolean, contactId: string | null, sentAt: string) {
  return {
    direction: isMine ? 'outbound' : 'inbound',
    kind: message.kind,
    externalId,
    authorContactId: contactId,
    authorName: message.author,
    body: message.shownText ?? message.text,
    media: message.media ? JSON.stringify(message.media) : null,
    status: isMine ? 'sent' : 'received',
    sentAt,
  };
}

/** One statement per batch: arrays unnested into rows; an existing (conversation, external id) is skipped. */
async function insertMessages(db: DbOrTx, organizationId: string, conversationId: string, rows: Array<ReturnType<typeof toRow>>, dryRun: boolean): Promise<number> {
  const column = <K extends keyof ReturnType<typeof toRow>>(key: K) => rows.map((r) => r[key]);
  if (dryRun) {
    const existing = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('conversation_id', '=', conversationId)
      .where('external_id', 'in', column('externalId'))
      .executeTakeFirstOrThrow();
    return rows.length - Number(existing.n);
  }
  // One JSON parameter per batch: cheaper to build and to parse than nine text arrays, on both drivers.
  const result = await sql`
    INSERT INTO messages (organization_id, conversation_id, direction, kind, external_id, author_contact_id, author_name, body, media, status, sent_at)
    SELECT ${organizationId}::uuid, ${conversationId}::uuid, x.direction, x.kind, x."externalId", x."authorContactId", x."authorName", x.body, x.media::jsonb, x.status, x."sentAt"
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(
      direction text, kind text, "externalId" text, "authorContactId" uuid, "authorName" text, body text, media text, status text, "sentAt" timestamptz
    )
    ON CONFLICT (conversation_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

async function findExistingConversation(db: Db, organizationId: string, channel: string, key: string) {
  return db
    .selectFrom('conversations')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('channel', '=', channel as never)
    .where('channel_account_id', 'is', null)
    .where('external_chat_id', '=', key)
    .executeTakeFirst();
}

/** Finds the contact behind an author (phone, Telegram id, then an imported contact of the same name) or creates it. */
async function upsertImportedContact(
  db: Db,
  options: ImportOptions & { dryRun: boolean; region: string },
  chat: ImportChat,
  author: string,
  state: RunState,
): Promise<string | null> {
  const key = normalizeAuthor(author);
  const known = state.touchedContacts.get(key);
  if (known) return known.id;
  const address = chat.authorAddresses?.[author] ?? {};
  const rawPhone = address.phone ?? (phoneOfAuthor(author, options.region) ? author : null);
  const phone = rawPhone ? normalizePhone(rawPhone, options.region) : null;
  if (rawPhone && !phone?.e164) state.report.invalidPhones.push({ contact: author, phone: rawPhone, reason: phone?.problem ?? 'invalid', ...phoneProblemCode(phone?.problem) });
  const name = phoneOfAuthor(author, options.region) ? null : author;
  const existing = await findContact(db, options.organizationId, { phone: phone?.e164 ?? null, telegramId: address.telegramId ?? null, name });
  state.report.contacts++;
  state.progress.contacts++;
  let id: string | null = existing?.id ?? null;
  if (existing) {
    if (options.skipDuplicates === false && !options.dryRun) {
      await db
        .updateTable('contacts')
        .set({
          ...(name ? { display_name: name, first_name: name.split(' ')[0] ?? null, last_name: name.split(' ').slice(1).join(' ') || null } : {}),
          ...(address.telegramUsername ? { telegram_username: address.telegramUsername } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', existing.id)
        .execute();
      state.report.updated++;
    } else {
      state.report.skippedDuplicates++;
    }
  } else {
    state.report.imported++;
    if (!options.dryRun) {
      const created = await insertImportedContact(db, options.organizationId, {
        display_name: composeDisplayName({ displayName: name, phone: phone?.e164 ?? null, telegramUsername: address.telegramUsername }),
        first_name: name?.split(' ')[0] ?? null,
        last_name: name?.split(' ').slice(1).join(' ') || null,
        phone_e164: phone?.e164 ?? null,
        phone_raw: rawPhone,
        telegram_id: address.telegramId ?? null,
        telegram_username: address.telegramUsername ?? null,
      }, `import:${options.source}`);
      id = created ?? (await findContact(db, options.organizationId, { phone: phone?.e164 ?? null, telegramId: address.telegramId ?? null, name }))?.id ?? null;
    }
  }
  state.touchedContacts.set(key, { id, language: existing?.language ?? null, inboundTexts: [], sampledChars: 0, hadLanguage: Boolean(existing?.language), dialog: [] });
  return id;
}

async function findContact(db: Db, organizationId: string, by: { phone: string | null; telegramId: string | null; name: string | null }): Promise<Contact | undefined> {
  if (by.phone || by.telegramId) return findContactByAddress(db, organizationId, { phone: by.phone, telegramId: by.telegramId });
  if (!by.name) return undefined;
  // Name-only authors (saved names in an export) match an earlier imported contact of the same name.
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`lower(display_name) = ${by.name.toLowerCase()}`)
    .where('phone_e164', 'is', null)
    .where('source', 'like', 'import:%')
    .orderBy('created_at')
    .executeTakeFirst();
}

/**
 * Languages from what each contact wrote; a lead in the default pipeline for contacts without one — in the first
 * stage, or where `classifyStage` (import `--use-llm`) puts its dialog. Existing leads keep their stage.
 */
async function finishContacts(db: Db, options: ImportOptions, dryRun: boolean, state: RunState) {
  const pipeline = options.pipelineId ? await getPipeline(db, options.organizationId, options.pipelineId) : await getDefaultPipeline(db, options.organizationId);
  const firstStage = pipeline.stages[0]!;
  state.report.pipeline = { id: pipeline.id, name: pipeline.name };
  state.report.stageNames = Object.fromEntries(pipeline.stages.map((s) => [s.key, s.name]));
  const stageFor = async (entry: TouchedContact) => {
    if (!options.classifyStage || !entry.dialog.some((m) => m.from === 'client')) return firstStage;
    try {
      const key = await options.classifyStage(entry.dialog.slice(-CLASSIFY_TAIL));
      return pipeline.stages.find((stage) => stage.key === key) ?? firstStage;
    } catch (error) {
      state.report.errors.push({ chat: `contact ${entry.id ?? '(new)'}`, line: null, reason: `stage not classified: ${(error as Error).message}` });
      return firstStage;
    }
  };
  for (const entry of state.touchedContacts.values()) {
    const detected = detectLanguage(entry.inboundTexts);
    const language = entry.hadLanguage && options.skipDuplicates !== false ? entry.language : (detected ?? entry.language);
    state.report.languages[language ?? 'unknown'] = (state.report.languages[language ?? 'unknown'] ?? 0) + 1;
    if (dryRun || !entry.id) {
      if (!entry.id) {
        const stage = await stageFor(entry);
        state.report.stages[stage.key] = (state.report.stages[stage.key] ?? 0) + 1;
      }
      continue;
    }
    if (language && language !== entry.language) {
      await db.updateTable('contacts').set({ language }).where('id', '=', entry.id).execute();
    }
    const lead = await db
      .selectFrom('leads')
      .innerJoin('pipeline_stages', 'pipeline_stages.id', 'leads.stage_id')
      .select(['leads.id', 'pipeline_stages.key'])
      .where('leads.organization_id', '=', options.organizationId)
      .where('leads.contact_id', '=', entry.id)
      // A pipeline chosen for the import gets its own lead; otherwise any lead of the contact counts.
      .$if(Boolean(options.pipelineId), (q) => q.where('leads.pipeline_id', '=', pipeline.id))
      .orderBy('leads.created_at', 'desc')
      .executeTakeFirst();
    let stageKey = lead?.key;
    if (!lead) {
      const stage = await stageFor(entry);
      const reason = options.classifyStage && stage !== firstStage ? `imported from ${options.source}; stage classified from the dialog` : `imported from ${options.source}`;
      await db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('leads')
          .values({
            organization_id: options.organizationId,
            contact_id: entry.id!,
            pipeline_id: pipeline.id,
            stage_id: stage.id,
            source: `import:${options.source}`,
            closed_at: stage.kind === 'open' ? null : new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('lead_stage_history')
          .values({ organization_id: options.organizationId, lead_id: created.id, to_stage_id: stage.id, source: 'import', reason })
          .execute();
        await recordEvent(tx, {
          organizationId: options.organizationId,
          type: 'lead.created',
          subjectType: 'lead',
          subjectId: created.id,
          payload: { contactId: entry.id, pipelineId: pipeline.id, stageKey: stage.key, source: `import:${options.source}` },
        });
      });
      stageKey = stage.key;
    }
    state.report.stages[stageKey!] = (state.report.stages[stageKey!] ?? 0) + 1;
  }
}

function finalize(state: RunState, options: ImportOptions): ImportReport {
  const report = state.report;
  report.averageMessagesPerContact = report.contacts ? Math.round((report.messages / report.contacts) * 10) / 10 : 0;
  report.durationMs = Math.round(performance.now() - state.startedAt);
  options.onProgress?.({ ...state.progress });
  return report;
}

/** Imports contact rows (CSV): matched by phone, then email, then Telegram username; the rest created. */
export async function importContactRecords(db: Db, records: ImportContactRecord[], options: ImportOptions): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const state: RunState = {
    report: emptyReport('csv', dryRun),
    touchedContacts: new Map(),
    progress: { chatsTotal: 0, chatsDone: 0, messagesRead: 0, messagesImported: 0, contacts: 0 },
    startedAt: performance.now(),
  };
  const { region: orgRegion } = await organizationSettings(db, options.organizationId);
  const region = options.defaultRegion ?? orgRegion;
  const selected = options.limit ? records.slice(0, options.limit) : records;
  for (const record of selected) {
    try {
      await importContactRecord(db, record, { ...options, dryRun, region }, state);
    } catch (error) {
      state.report.errors.push({ chat: 'csv', line: record.line, reason: (error as Error).message });
    }
    options.onProgress?.({ ...state.progress });
  }
  await finishContacts(db, options, dryRun, state);
  return finalize(state, options);
}

async function importContactRecord(db: Db, record: ImportContactRecord, options: ImportOptions & { dryRun: boolean; region: string }, state: RunState) {
  const { organizationId } = options;
  const fullName = record.fullName ?? ([record.firstName, record.lastName].filter(Boolean).join(' ') || null);
  const phone = record.phone ? normalizePhone(record.phone, options.region) : null;
  if (record.phone && !phone?.e164) state.report.invalidPhones.push({ contact: fullName ?? `line ${record.line}`, phone: record.phone, reason: phone?.problem ?? 'invalid', ...phoneProblemCode(phone?.problem) });
  const email = record.email?.trim().toLowerCase() || null;
  const username = record.telegramUsername?.replace(/^@/, '') || null;
  if (!fullName && !phone?.e164 && !email && !username) {
    state.report.errors.push({ chat: 'csv', line: record.line, reason: 'row has no name, phone, email or Telegram username', code: 'csv_no_identity' });
    return;
  }
  const key = phone?.e164 ?? email ?? username ?? `line:${record.line}`;
  if (state.touchedContacts.has(key)) {
    state.report.skippedDuplicates++;
    return;
  }
  state.report.contacts++;
  state.progress.contacts++;
  const existing = await findContactByAddress(db, organizationId, { phone: phone?.e164 ?? null, email, telegramUsername: username });
  let id = existing?.id ?? null;
  const companyId = record.company && !options.dryRun ? await ensureCompany(db, organizationId, record.company) : null;
  const fields = {
    first_name: record.firstName ?? fullName?.split(' ')[0] ?? null,
    last_name: record.lastName ?? (fullName?.split(' ').slice(1).join(' ') || null),
    display_name: composeDisplayName({ displayName: fullName, phone: phone?.e164 ?? null, email, telegramUsername: username }),
    email,
    telegram_username: username,
    ...(record.language ? { language: record.language } : {}),
    ...(companyId ? { company_id: companyId } : {}),
  };
  if (existing) {
    if (options.skipDuplicates === false) {
      state.report.updated++;
      if (!options.dryRun) {
        await db
          .updateTable('contacts')
          .set({
            ...fields,
            tags: [...new Set([...existing.tags, ...record.tags])],
            custom_fields: JSON.stringify({ ...existing.custom_fields, ...record.customFields }),
            updated_at: new Date(),
          })
          .where('id', '=', existing.id)
          .execute();
      }
    } else {
      state.report.skippedDuplicates++;
    }
  } else {
    state.report.imported++;
    if (!options.dryRun) {
      const created = await insertImportedContact(db, organizationId, {
        ...fields,
        phone_e164: phone?.e164 ?? null,
        phone_raw: record.phone,
        tags: [...new Set(record.tags)],
        custom_fields: JSON.stringify(record.customFields),
      }, 'import:csv');
      id = created;
    }
  }
  state.touchedContacts.set(key, { id, language: existing?.language ?? record.language, inboundTexts: [], sampledChars: 0, hadLanguage: Boolean(existing?.language ?? record.language), dialog: [] });
}

async function ensureCompany(db: Db, organizationId: string, name: string): Promise<string> {
  const existing = await db
    .selectFrom('companies')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where(sql<boolean>`lower(name) = ${name.trim().toLowerCase()}`)
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await db.insertInto('companies').values({ organization_id: organizationId, name: name.trim() }).returning('id').executeTakeFirstOrThrow();
  return created.id;
}

/** Inserts an imported contact with its `contact.created` event; null when a concurrent import created it first. */
async function insertImportedContact(db: Db, organizationId: string, values: Omit<Insertable<ContactsTable>, 'organization_id' | 'source'>, source: string): Promise<string | null> {
  return db.transaction().execute(async (tx) => {
    const contact = await tx
      .insertInto('contacts')
      .values({ ...values, organization_id: organizationId, source })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!contact) return null;
    await recordEvent(tx, { organizationId, type: 'contact.created', subjectType: 'contact', subjectId: contact.id, payload: { source } });
    return contact.id;
  });
}

/** The phone reader's English reason as a code (and the country it was read for) a client words in its language. */
function phoneProblemCode(problem: string | null | undefined): { code: ImportLineCode; params?: Record<string, string> } {
  if (problem === 'no digits') return { code: 'phone_no_digits' };
  const country = /not a valid ([A-Z]{2}) number/.exec(problem ?? '')?.[1];
  if (country) return { code: 'phone_invalid', params: { country } };
  return { code: 'phone_not_a_number' };
}
