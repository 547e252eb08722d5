import type { DialogMessage } from './analysis-schema.ts';

/**
 * Turns a dialog into a sparse, hashed feature vector for the trained classifier: word unigrams and bigrams of the
 * client's text, the client's last message on its own (the latest stance decides: "передумала", "book us"), the
 * business' words, character 3–5-grams inside client words (typos, Kyrgyz/Kazakh endings, "скока"/"скок"), and a
 * few shape features (who wrote last, a long silence). Optional `extra` names (the rules' verdicts) join as
 * features too, which is how rules and model combine.
 */

/** Hash space: 2^18 buckets; collisions are rare at this data size, and only used buckets are stored. */
export const FEATURE_BITS = 18;
const MASK = (1 << FEATURE_BITS) - 1;

export interface SparseVector {
  indices: number[];
  values: number[];
}

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms. */
export function hashFeature(name: string): number {
  return (fold(FNV_OFFSET, name) >>> 0) & MASK;
}

const TOKEN = /[\p{L}\p{N}]+|[\u{1F300}-\u{1FAFF}\u2600-\u27BF]/gu;

export function tokenize(text: string): string[] {
  const lower = text.toLowerCase().replace(/ё/gu, 'е');
  const tokens = lower.match(TOKEN) ?? [];
  // Digits carry amounts and times; their shape matters, not the value.
  return tokens.map((t) => (/^\p{N}+$/u.test(t) ? (t.length <= 2 ? '#n' : '#num') : t));
}

const GAP_MS = 36 * 3600_000;

function add(counts: Map<string, number>, name: string, weight = 1): void {
  counts.set(name, (counts.get(name) ?? 0) + weight);
}

function charGrams(counts: Map<string, number>, word: string): void {
  if (word.length < 3 || word.startsWith('#')) return;
  const padded = `<${word}>`;
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= padded.length; i++) add(counts, `c:${padded.slice(i, i + n)}`, 0.5);
  }
}

/** Named features with their weights, before hashing (kept separate so tests can read them). */
export function namedFeatures(messages: readonly DialogMessage[], extra: readonly string[] = []): Map<string, number> {
  const counts = new Map<string, number>();
  let lastClient = -1;
  for (let i = 0; i < messages.length; i++) if (messages[i]!.from === 'client') lastClient = i;

  let clientCount = 0;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const tokens = tokenize(message.text);
    if (message.from === 'client') {
      clientCount++;
      for (let t = 0; t < tokens.length; t++) {
        add(counts, `w:${tokens[t]}`);
        if (t > 0) add(counts, `w2:${tokens[t - 1]}_${tokens[t]}`);
        charGrams(counts, tokens[t]!);
      }
      if (i === lastClient) {
        for (let t = 0; t < tokens.length; t++) {
          add(counts, `l:${tokens[t]}`);
          if (t > 0) add(counts, `l2:${tokens[t - 1]}_${tokens[t]}`);
        }
      }
    } else {
      for (let t = 0; t < tokens.length; t++) {
        add(counts, `b:${tokens[t]}`, 0.5);
        if (t > 0) add(counts, `b2:${tokens[t - 1]}_${tokens[t]}`, 0.5);
      }
      // What the business said after the client's last word (a reminder, a nudge) is its own signal.
      if (i > lastClient) for (const token of tokens) add(counts, `a:${token}`, 0.5);
    }
  }

  const last = messages.at(-1);
  add(counts, `s:last=${last?.from ?? 'none'}`);
  add(counts, `s:clients=${Math.min(clientCount, 6)}`);
  if (lastClient === -1) add(counts, 's:client_silent');
  let trailing = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.from === 'client'; i--) trailing++;
  if (trailing >= 2) add(counts, 's:trailing_client');
  for (let i = 1; i < messages.length; i++) {
    const a = messages[i - 1]!.at;
    const b = messages[i]!.at;
    if (a && b && Date.parse(b) - Date.parse(a) > GAP_MS) {
      add(counts, `s:gap_before=${messages[i]!.from}`);
      break;
    }
  }
  for (const name of extra) add(counts, `r:${name}`, 2);
  return counts;
}

/** log(1 + count) per feature, then scaled to unit length so long dialogs do not shout. */
function toSparse<K>(counts: Map<K, number>, indexOf: (key: K) => number): SparseVector {
  const buckets = new Map<number, number>();
  for (const [key, count] of counts) {
    const index = indexOf(key);
    buckets.set(index, (buckets.get(index) ?? 0) + Math.log1p(count));
  }
  let norm = 0;
  for (const value of buckets.values()) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  const indices = [...buckets.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => buckets.get(i)! / norm) };
}

/** The features from their names: the readable definition, kept to check the fast path against. */
export function dialogFeaturesByName(messages: readonly DialogMessage[], extra: readonly string[] = []): SparseVector {
  return toSparse(namedFeatures(messages, extra), hashFeature);
}

// ---------------------------------------------------------------------------------------------------------------
// The fast path: the same features, hashed as they are read — FNV-1a folded over the prefix and then the token's
// characters gives the hash of the concatenated name without building the string. Counts are keyed by the full
// 32-bit hash (distinct names of one dialog never share it in practice; a unit test checks the labelled set), in
// the names' first-seen order, so the sums — and the model's predictions — are bit for bit the same.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fold(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

const P = {
  w: fold(FNV_OFFSET, 'w:'),
  w2: fold(FNV_OFFSET, 'w2:'),
  l: fold(FNV_OFFSET, 'l:'),
  l2: fold(FNV_OFFSET, 'l2:'),
  b: fold(FNV_OFFSET, 'b:'),
  b2: fold(FNV_OFFSET, 'b2:'),
  a: fold(FNV_OFFSET, 'a:'),
  c: fold(FNV_OFFSET, 'c:'),
};
const UNDERSCORE = '_'.charCodeAt(0);
const LT = '<'.charCodeAt(0);
const GT = '>'.charCodeAt(0);

/**
 * Counts keyed by the 32-bit hash, in first-seen order: an open-addressing table in typed arrays, reused between
 * dialogs (analysis is synchronous, so one table per process is enough) — no Map, no garbage per feature.
 */
class HashCounts {
  private capacity = 1 << 14;
  private keys = new Uint32Array(this.capacity);
  private used = new Uint8Array(this.capacity);
  private slotValues = new Float64Array(this.capacity);
  /** Slots in first-seen order. */
  order = new Int32Array(this.capacity);
  size = 0;

  add(h: number, weight: number): void {
    const key = h >>> 0;
    const mask = this.capacity - 1;
    let slot = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.used[slot]) {
      if (this.keys[slot] === key) {
        this.slotValues[slot]! += weight;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.used[slot] = 1;
    this.keys[slot] = key;
    this.slotValues[slot] = weight;
    this.order[this.size++] = slot;
    if (this.size * 2 > this.capacity) this.grow();
  }

  key(n: number): number {
    return this.keys[this.order[n]!]!;
  }

  value(n: number): number {
    return this.slotValues[this.order[n]!]!;
  }

  clear(): void {
    for (let n = 0; n < this.size; n++) this.used[this.order[n]!] = 0;
    this.size = 0;
  }

  private grow(): void {
    const entries: Array<[number, number]> = [];
    for (let n = 0; n < this.size; n++) entries.push([this.key(n), this.value(n)]);
    this.capacity *= 2;
    this.keys = new Uint32Array(this.capacity);
    this.used = new Uint8Array(this.capacity);
    this.slotValues = new Float64Array(this.capacity);
    this.order = new Int32Array(this.capacity);
    this.size = 0;
    for (const [key, value] of entries) this.add(key, value);
  }
}

const counts = new HashCounts();
/** Bucket sums for one dialog, indexed by feature; only the touched entries are non-zero and get reset. */
const bucketSums = new Float64Array(1 << FEATURE_BITS);
const bucketTouched = new Int32Array(1 << FEATURE_BITS);

/** log(1 + count) per feature summed per bucket in first-seen order, then unit length: as `toSparse`, without Maps. */
function countsToSparse(): SparseVector {
  let touched = 0;
  for (let n = 0; n < counts.size; n++) {
    const index = counts.key(n) & MASK;
    const add = Math.log1p(counts.value(n));
    // Weights are positive, so a bucket still at 0 has not been touched in this dialog.
    if (bucketSums[index] === 0) bucketTouched[touched++] = index;
    bucketSums[index]! += add;
  }
  let norm = 0;
  for (let k = 0; k < touched; k++) norm += bucketSums[bucketTouched[k]!]! ** 2;
  norm = Math.sqrt(norm) || 1;
  const indices = Array.from(bucketTouched.subarray(0, touched)).sort((a, b) => a - b);
  const values = new Array<number>(indices.length);
  for (let k = 0; k < indices.length; k++) {
    values[k] = bucketSums[indices[k]!]! / norm;
    bucketSums[indices[k]!] = 0;
  }
  counts.clear();
  return { indices, values };
}

const bigram = (prefix: number, first: string, second: string) => fold(Math.imul(fold(prefix, first) ^ UNDERSCORE, FNV_PRIME), second);

function hashedCharGrams(word: string): void {
  if (word.length < 3 || word.startsWith('#')) return;
  const last = word.length + 1;
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= last + 1; i++) {
      let h = P.c;
      for (let k = i; k < i + n; k++) h = Math.imul(h ^ (k === 0 ? LT : k === last ? GT : word.charCodeAt(k - 1)), FNV_PRIME);
      counts.add(h, 0.5);
    }
  }
}

export function dialogFeatures(messages: readonly DialogMessage[], extra: readonly string[] = []): SparseVector {
  let lastClient = -1;
  for (let i = 0; i < messages.length; i++) if (messages[i]!.from === 'client') lastClient = i;

  let clientCount = 0;
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i]!;
    const tokens = tokenize(message.text);
    if (message.from === 'client') {
      clientCount++;
      for (let t = 0; t < tokens.length; t++) {
        counts.add(fold(P.w, tokens[t]!), 1);
        if (t > 0) counts.add(bigram(P.w2, tokens[t - 1]!, tokens[t]!), 1);
        hashedCharGrams(tokens[t]!);
      }
      if (i === lastClient) {
        for (let t = 0; t < tokens.length; t++) {
          counts.add(fold(P.l, tokens[t]!), 1);
          if (t > 0) counts.add(bigram(P.l2, tokens[t - 1]!, tokens[t]!), 1);
        }
      }
    } else {
      for (let t = 0; t < tokens.length; t++) {
        counts.add(fold(P.b, tokens[t]!), 0.5);
        if (t > 0) counts.add(bigram(P.b2, tokens[t - 1]!, tokens[t]!), 0.5);
      }
      if (i > lastClient) for (const token of tokens) counts.add(fold(P.a, token), 0.5);
    }
  }

  const last = messages.at(-1);
  const named = (name: string, weight = 1) => counts.add(fold(FNV_OFFSET, name), weight);
  named(`s:last=${last?.from ?? 'none'}`);
  named(`s:clients=${Math.min(clientCount, 6)}`);
  if (lastClient === -1) named('s:client_silent');
  let trailing = 0;
  for (let i = messages.length - 1; i >= 0 && messages[i]!.from === 'client'; i--) trailing++;
  if (trailing >= 2) named('s:trailing_client');
  for (let i = 1; i < messages.length; i++) {
    const a = messages[i - 1]!.at;
    const b = messages[i]!.at;
    if (a && b && Date.parse(b) - Date.parse(a) > GAP_MS) {
      named(`s:gap_before=${messages[i]!.from}`);
      break;
    }
  }
  for (const name of extra) named(`r:${name}`, 2);
  return countsToSparse();
}
