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
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
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
export function dialogFeatures(messages: readonly DialogMessage[], extra: readonly string[] = []): SparseVector {
  const buckets = new Map<number, number>();
  for (const [name, count] of namedFeatures(messages, extra)) {
    const index = hashFeature(name);
    buckets.set(index, (buckets.get(index) ?? 0) + Math.log1p(count));
  }
  let norm = 0;
  for (const value of buckets.values()) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  const indices = [...buckets.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => buckets.get(i)! / norm) };
}
