import type { IntervalSource } from '../../../platform/db/schema.ts';

/**
 * Return intervals: after how many days a client of a service is due again. The source is chosen in a fixed order
 * (seed 003): what the business set by hand, then what its own history shows, then the AI's estimate, then the
 * default of the business type — the business knows best, its data beats a model, a model beats a constant.
 */

export const BUSINESS_TYPES = ['beauty_salon', 'barbershop', 'nail_studio', 'spa', 'cosmetology', 'dental', 'medical', 'fitness', 'auto_service', 'pet_grooming', 'other'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

/** Days until a typical client of the business type comes back, when nothing better is known. */
export const DEFAULT_INTERVAL_DAYS: Record<BusinessType, number> = {
  beauty_salon: 35,
  barbershop: 28,
  nail_studio: 21,
  spa: 30,
  cosmetology: 30,
  dental: 180,
  medical: 90,
  fitness: 14,
  auto_service: 180,
  pet_grooming: 45,
  other: 45,
};

export interface IntervalCandidates {
  manualDays: number | null;
  historicalDays: number | null;
  /** Return intervals (gaps between consecutive visits of one client) behind historicalDays. */
  historicalSample: number;
  aiDays: number | null;
  defaultDays: number;
}

export interface ChosenInterval {
  days: number;
  source: IntervalSource;
}

/** manual → historical (with at least `minSample` observed returns) → AI → default. */
export function chooseInterval(candidates: IntervalCandidates, minSample: number): ChosenInterval {
  if (candidates.manualDays != null) return { days: candidates.manualDays, source: 'manual' };
  if (candidates.historicalDays != null && candidates.historicalSample >= minSample) return { days: candidates.historicalDays, source: 'historical' };
  if (candidates.aiDays != null) return { days: candidates.aiDays, source: 'ai' };
  return { days: candidates.defaultDays, source: 'default' };
}

export type ClientIntervalSource = IntervalSource | 'client_history';

/**
 * One client's interval for a service: the business's manual value still wins; otherwise a client with at least
 * `clientMinIntervals` returns of their own is due by their own median; otherwise the service's interval applies.
 * (The detector computes the same choice in SQL for every client at once.)
 */
export function clientInterval(
  rule: { manualDays: number | null; days: number; source: IntervalSource; useClientHistory: boolean },
  client: { medianGapDays: number | null; gaps: number },
  clientMinIntervals: number,
): { days: number; source: ClientIntervalSource } {
  if (rule.manualDays != null) return { days: rule.manualDays, source: 'manual' };
  if (rule.useClientHistory && client.medianGapDays != null && client.gaps >= clientMinIntervals) {
    return { days: Math.max(1, Math.round(client.medianGapDays)), source: 'client_history' };
  }
  return { days: rule.days, source: rule.source };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
