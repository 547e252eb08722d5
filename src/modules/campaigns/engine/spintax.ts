/**
 * Spintax: `{Hi|Hello|Hey} {{ contact.first_name }}` picks one option per group, groups may nest
 * (`{Hi|Hello {there|friend}}`). Liquid's `{{ … }}` and `{% … %}` are left untouched, and braces without a `|`
 * at their top level are plain text. Expansion is applied to the template source before Liquid renders it, so
 * a contact's own data is never spun.
 */
type Node = string | Node[][];

export class SpintaxError extends Error {}

function isLiquidOpen(text: string, i: number): boolean {
  return text[i] === '{' && (text[i + 1] === '{' || text[i + 1] === '%');
}

function liquidEnd(text: string, i: number): number {
  const close = text[i + 1] === '{' ? '}}' : '%}';
  const end = text.indexOf(close, i + 2);
  if (end === -1) throw new SpintaxError(`unclosed "${text.slice(i, i + 2)}" at position ${i + 1}`);
  return end + 2;
}

/** Parses a sequence until `}` (inside a group) or the end; returns the nodes and where it stopped. */
function parseSequence(text: string, start: number, inGroup: boolean): { options: Node[][]; end: number } {
  const options: Node[][] = [[]];
  let literal = '';
  let i = start;
  const flush = () => {
    if (literal) options[options.length - 1]!.push(literal);
    literal = '';
  };
  while (i < text.length) {
    if (isLiquidOpen(text, i)) {
      const end = liquidEnd(text, i);
      literal += text.slice(i, end);
      i = end;
      continue;
    }
    const ch = text[i]!;
    if (ch === '{') {
      flush();
      const inner = parseSequence(text, i + 1, true);
      if (inner.options.length > 1) options[options.length - 1]!.push(inner.options);
      else {
        // No "|": the braces are text.
        options[options.length - 1]!.push('{', ...inner.options[0]!, '}');
      }
      i = inner.end + 1;
      continue;
    }
    if (inGroup && ch === '|') {
      flush();
      options.push([]);
      i++;
      continue;
    }
    if (inGroup && ch === '}') {
      flush();
      return { options, end: i };
    }
    literal += ch;
    i++;
  }
  if (inGroup) throw new SpintaxError(`unclosed "{" (spintax group) before position ${start}`);
  flush();
  return { options, end: i };
}

export interface ParsedSpintax {
  nodes: Node[];
  /** Whether the text has any choice at all. */
  hasChoices: boolean;
}

export function parseSpintax(text: string): ParsedSpintax {
  const { options } = parseSequence(text, 0, false);
  const nodes = options[0]!;
  return { nodes, hasChoices: nodes.some((n) => typeof n !== 'string') };
}

function render(nodes: Node[], pick: (count: number) => number): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') out += node;
    else out += render(node[pick(node.length)] ?? [], pick);
  }
  return out;
}

export function expandSpintax(parsed: ParsedSpintax, random: () => number): string {
  return render(parsed.nodes, (count) => Math.min(count - 1, Math.floor(random() * count)));
}

/** Every expansion, up to `max` of them (for checking each option at save time). */
export function allExpansions(parsed: ParsedSpintax, max = 64): string[] {
  let results = [''];
  const walk = (nodes: Node[], prefixes: string[]): string[] => {
    let current = prefixes;
    for (const node of nodes) {
      if (typeof node === 'string') current = current.map((p) => p + node);
      else {
        const next: string[] = [];
        for (const option of node) for (const expanded of walk(option, current)) if (next.length < max) next.push(expanded);
        current = next;
      }
    }
    return current;
  };
  results = walk(parsed.nodes, results);
  return results.slice(0, max);
}

/** A small deterministic PRNG (mulberry32) seeded from a string: the same participant and step spin the same way. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weighted choice of a variant, deterministic for a seed. */
export function pickWeighted<T extends { weight: number }>(items: T[], random: () => number): T {
  const total = items.reduce((sum, item) => sum + Math.max(0, item.weight), 0);
  if (total <= 0) return items[0]!;
  let roll = random() * total;
  for (const item of items) {
    roll -= Math.max(0, item.weight);
    if (roll < 0) return item;
  }
  return items[items.length - 1]!;
}
