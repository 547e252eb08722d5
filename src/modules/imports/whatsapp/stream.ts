/**
 * Streaming reader for big `.txt` exports: two passes over the file on disk, never the whole text or message list
 * in memory. Pass 1 (in `streamWhatsAppExport`) decides everything `parseWhatsAppExport` decides from the whole
 * file — date order, known authors, authors, isGroup, problems, message count; pass 2 (`batches()`) re-reads the
 * file and converts each item with the same `convertItem` as the in-memory parser.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isGroupSystemText } from './classify.ts';
import { chatNameForTextFile, isZip, readWhatsAppExportFile, textEncodingOf } from './file.ts';
import {
  DateOrderVotes,
  ItemAssembler,
  LINE_BREAK,
  authorSplit,
  brokenItemProblem,
  classifyBody,
  convertItem,
  itemDateReadable,
  itemDateTime,
  knownAuthorCandidate,
  type ItemBody,
  type MessageItem,
} from './parse.ts';
import { ZoneConverter } from './zone.ts';
import type { DateOrder, WhatsAppMessage, WhatsAppParseOptions, WhatsAppParseProblem } from './types.ts';

export interface WhatsAppStream {
  /** As readWhatsAppExportFile derives it (chatNameFromFileName). */
  chatName: string;
  dateOrder: DateOrder;
  /** Distinct authors in first-appearance order. */
  authors: string[];
  isGroup: boolean;
  /** Messages the second pass will yield. */
  messageCount: number;
  /** From pass 1, as parseWhatsAppExport would report them (sorted by line), the first MAX_STREAM_PROBLEMS only. */
  problems: WhatsAppParseProblem[];
  /** Second pass: yields the messages in file order, in arrays of up to `batchSize` (default 5000). */
  batches(batchSize?: number): AsyncIterable<WhatsAppMessage[]>;
}

export const MAX_STREAM_PROBLEMS = 10_000;
const DEFAULT_BATCH_SIZE = 5000;
const READ_CHUNK_BYTES = 1 << 18;
const HAS_LINE_BREAK = /[\r\n]/;

/**
 * The file's lines, a chunk at a time, exactly as `text.split(/\r\n|\r|\n/)` would give them for the decoded text
 * (so a missing final newline, or a final one, behaves as in the in-memory parser). UTF-8 (BOM stripped) or
 * UTF-16 with a BOM, like readWhatsAppExportFile.
 */
export async function* readLines(path: string): AsyncGenerator<string[]> {
  let decoder: TextDecoder | null = null;
  let carry = '';
  for (const chunk of readChunks(path)) {
    decoder ??= new TextDecoder(textEncodingOf(chunk));
    const fresh = decoder.decode(chunk, { stream: true });
    // No line ends here: keep gathering, without splitting the whole unfinished line again (quadratic on a huge one).
    if (!carry.endsWith('\r') && !HAS_LINE_BREAK.test(fresh)) {
      carry += fresh;
      continue;
    }
    let text = carry + fresh;
    // A CR at the end may be the first half of a CRLF: keep it with the unfinished line.
    let held = '';
    if (text.endsWith('\r')) {
      text = text.slice(0, -1);
      held = '\r';
    }
    const lines = splitLines(text);
    carry = lines.pop()! + held;
    if (lines.length > 0) yield lines;
  }
  yield splitLines(carry + (decoder ? decoder.decode() : ''));
}

/** `text.split(LINE_BREAK)`, with a plain string split when there is no CR (most exports): several times faster. */
function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
}

/**
 * The file a chunk at a time, read synchronously: a 256 KiB read from the page cache takes well under a millisecond,
 * while handing each read to libuv's thread pool and back costs two wake-ups — seconds per pass on a busy machine.
 */
function* readChunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const bytes = readSync(fd, buffer, 0, READ_CHUNK_BYTES, null);
      if (bytes === 0) return;
      yield bytes === READ_CHUNK_BYTES ? buffer : buffer.subarray(0, bytes);
    }
  } finally {
    closeSync(fd);
  }
}

/** Authors whose "Name:" was only seen loosely (no space) before any clean "Name: " line: settled at the end. */
interface PendingAuthor {
  firstLine: number | undefined;
  groupIfKnown: boolean;
  groupIfUnknown: boolean;
}

function isGroupSystem(body: ItemBody): boolean {
  return body.kind === 'system' && isGroupSystemText(body.text);
}

/** What pass 1 knows about the messages under one candidate date order (dates impossible under it are dropped). */
class OrderTally {
  failures = 0;
  readonly problems: WhatsAppParseProblem[] = [];
  readonly firstLine = new Map<string, number>();
  group = false;
  readonly pending = new Map<string, PendingAuthor>();

  note(body: ItemBody, line: number): void {
    if (body.author !== null && !this.firstLine.has(body.author)) this.firstLine.set(body.author, line);
    if (!this.group && isGroupSystem(body)) this.group = true;
  }

  notePending(name: string, ifKnown: ItemBody, ifUnknown: ItemBody, line: number): void {
    let p = this.pending.get(name);
    if (!p) {
      p = { firstLine: undefined, groupIfKnown: false, groupIfUnknown: false };
      this.pending.set(name, p);
    }
    if (ifKnown.author !== null && p.firstLine === undefined) p.firstLine = line;
    if (!p.groupIfKnown && isGroupSystem(ifKnown)) p.groupIfKnown = true;
    if (!p.groupIfUnknown && isGroupSystem(ifUnknown)) p.groupIfUnknown = true;
  }

  settle(knownAuthors: ReadonlySet<string>): { authors: string[]; group: boolean } {
    const first = new Map(this.firstLine);
    let group = this.group;
    for (const [name, p] of this.pending) {
      if (knownAuthors.has(name)) {
        const seen = first.get(name);
        if (p.firstLine !== undefined && (seen === undefined || p.firstLine < seen)) first.set(name, p.firstLine);
        group ||= p.groupIfKnown;
      } else {
        group ||= p.groupIfUnknown;
      }
    }
    const authors = [...first].sort((a, b) => a[1] - b[1]).map(([name]) => name);
    return { authors, group };
  }
}

/** Merges two line-sorted problem lists, keeping the first `cap`. */
function mergeProblems(a: WhatsAppParseProblem[], b: WhatsAppParseProblem[], cap: number): WhatsAppParseProblem[] {
  const out: WhatsAppParseProblem[] = [];
  let i = 0;
  let j = 0;
  while (out.length < cap && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i]!.line <= b[j]!.line)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

async function startsLikeZip(path: string): Promise<boolean> {
  if (/\.zip$/i.test(path)) return true;
  const handle = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return isZip(head.subarray(0, bytesRead), path);
  } finally {
    await handle.close();
  }
}

/**
 * Reads a `.txt` WhatsApp export from disk in two streaming passes; memory stays bounded by one batch (plus the
 * set of author names). The result equals `readWhatsAppExportFile` / `parseWhatsAppExport` (messages, authors,
 * isGroup, dateOrder, problems — the latter capped at MAX_STREAM_PROBLEMS). A `.zip` is read in memory with
 * readWhatsAppExportFile and served through the same interface. Throws RangeError for an unknown `timeZone`.
 */
export async function streamWhatsAppExport(path: string, options: WhatsAppParseOptions = {}): Promise<WhatsAppStream> {
  new ZoneConverter(options.timeZone ?? 'UTC'); // throws RangeError early for an unknown zone
  if (await startsLikeZip(path)) return inMemoryStream(path, options);

  // Pass 1. The date order is only known at the end, so each candidate order keeps its own tallies (failures,
  // date problems, first appearances, group hints); the decision itself needs only running counts (DateOrderVotes).
  const votes = new DateOrderVotes();
  const knownAuthors = new Set<string>();
  const orders: DateOrder[] = options.dateOrder ? [options.dateOrder] : ['DMY', 'MDY', 'YMD'];
  const tallies = orders.map((order) => [order, new OrderTally()] as const);
  const brokenProblems: WhatsAppParseProblem[] = [];
  let itemCount = 0;

  const onMessage = (item: MessageItem): void => {
    itemCount++;
    votes.add(item.header);
    const candidate = knownAuthorCandidate(item);
    if (candidate) knownAuthors.add(candidate);
    // The author rule needs the whole file's known authors; only a loose `Name:` whose name has not been seen
    // cleanly yet is undecided: classify it both ways and settle once pass 1 ends.
    const split = authorSplit(item);
    const decided = split === null || knownAuthors.has(split.name);
    // Pass 1 only needs who wrote it and whether it is a system message (see OrderTally): systemOnly.
    const body = decided ? classifyBody(item, split, true) : null;
    const ifKnown = decided ? null : classifyBody(item, split, true);
    const ifUnknown = decided ? null : classifyBody(item, null, true);
    for (const [order, tally] of tallies) {
      if (!itemDateReadable(item, order)) {
        tally.failures++;
        if (tally.problems.length < MAX_STREAM_PROBLEMS) tally.problems.push(itemDateTime(item, order) as WhatsAppParseProblem);
      } else if (body) {
        tally.note(body, item.line);
      } else {
        tally.notePending(split!.name, ifKnown!, ifUnknown!, item.line);
      }
    }
  };
  const assembler = new ItemAssembler((item) => {
    if (item.kind === 'message') onMessage(item);
    else if (brokenProblems.length < MAX_STREAM_PROBLEMS) brokenProblems.push(brokenItemProblem(item));
  });
  for await (const lines of readLines(path)) for (const line of lines) assembler.push(line);
  assembler.finish();

  const dateOrder = votes.decide(options);
  const tally = tallies.find(([order]) => order === dateOrder)![1];
  const { authors, group } = tally.settle(knownAuthors);

  return {
    chatName: chatNameForTextFile(path),
    dateOrder,
    authors,
    isGroup: authors.length > 2 || group,
    messageCount: itemCount - tally.failures,
    problems: mergeProblems(brokenProblems, tally.problems, MAX_STREAM_PROBLEMS),
    batches: (batchSize = DEFAULT_BATCH_SIZE) => secondPass(path, dateOrder, knownAuthors, options, batchSize),
  };
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
}

async function* secondPass(
  path: string,
  dateOrder: DateOrder,
  knownAuthors: ReadonlySet<string>,
  options: WhatsAppParseOptions,
  batchSize: number,
): AsyncGenerator<WhatsAppMessage[]> {
  checkBatchSize(batchSize);
  const zone = new ZoneConverter(options.timeZone ?? 'UTC');
  let index = 0;
  let batch: WhatsAppMessage[] = [];
  // Full batches made from one read chunk (256 KiB) wait here until the consumer takes them.
  const ready: WhatsAppMessage[][] = [];
  const assembler = new ItemAssembler((item) => {
    if (item.kind !== 'message') return;
    const converted = convertItem(item, dateOrder, knownAuthors, zone, index);
    if (!converted.ok) return; // reported by pass 1
    index++;
    batch.push(converted.message);
    if (batch.length >= batchSize) {
      ready.push(batch);
      batch = [];
    }
  });
  for await (const lines of readLines(path)) {
    for (const line of lines) assembler.push(line);
    for (const full of ready.splice(0)) yield full;
  }
  assembler.finish();
  for (const full of ready.splice(0)) yield full;
  if (batch.length > 0) yield batch;
}

/** A .zip export: parsed in memory (readWhatsAppExportFile), served in batches. */
async function inMemoryStream(path: string, options: WhatsAppParseOptions): Promise<WhatsAppStream> {
  const { chatName, result } = await readWhatsAppExportFile(path, options);
  const { messages } = result;
  return {
    chatName,
    dateOrder: result.dateOrder,
    authors: result.authors,
    isGroup: result.isGroup,
    messageCount: messages.length,
    problems: result.problems.slice(0, MAX_STREAM_PROBLEMS),
    async *batches(batchSize = DEFAULT_BATCH_SIZE) {
      checkBatchSize(batchSize);
      for (let i = 0; i < messages.length; i += batchSize) yield messages.slice(i, i + batchSize);
    },
  };
}
