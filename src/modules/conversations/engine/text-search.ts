/** Words of a search box, as tsquery-safe tokens: letters and digits only, at most eight. */
export function searchTokens(q: string): string[] {
  return (q.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

/**
 * The tsquery of a search box (`стрижка & завтр:*`): every word but the last is whole (the person typed a
 * space after it), the last is a prefix, so a half-typed word still finds its message. Whole words are exact
 * index entries, which the GIN index intersects far faster than prefix ranges.
 */
export function searchQuery(tokens: string[]): string {
  return tokens.map((token, at) => (at === tokens.length - 1 ? `${token}:*` : token)).join(' & ');
}

/** About `width` characters of the text around the first place a searched word starts, with ellipses. */
export function excerptAround(text: string, tokens: string[], width = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  const lower = flat.toLocaleLowerCase();
  const hits = tokens.map((token) => lower.indexOf(token.slice(0, Math.max(3, Math.min(token.length, 5))))).filter((at) => at >= 0);
  const at = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), flat.length - width));
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}
