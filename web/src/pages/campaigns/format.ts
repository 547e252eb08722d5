// Small number formats shared by the campaign pages.
import type { Formatters, Translate } from '../../i18n.tsx';

export function percent(rate: number | null | undefined, fmt: Formatters): string {
  if (rate === null || rate === undefined) return '—';
  return `${fmt.number(Math.round(rate * 1000) / 10)} %`;
}

/** 90 → "1 min 30 s", 7200 → "2 h", 200000 → "2 d 7 h". */
export function duration(seconds: number | null | undefined, t: Translate): string {
  if (seconds === null || seconds === undefined) return '—';
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  const parts: string[] = [];
  if (d) parts.push(t('campaigns.unit.d', { n: d }));
  if (h) parts.push(t('campaigns.unit.h', { n: h }));
  if (m && !d) parts.push(t('campaigns.unit.m', { n: m }));
  if (s && !d && !h) parts.push(t('campaigns.unit.s', { n: s }));
  return parts.length ? parts.join(' ') : t('campaigns.unit.s', { n: 0 });
}
