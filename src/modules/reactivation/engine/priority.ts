/**
 * Client priority (seed 003): VIP first, then regulars, then new clients — by how often they came and how much they
 * spent. Within a segment, the bigger spender and then the longer overdue goes first.
 */

export type Segment = 'vip' | 'regular' | 'new';

export interface SegmentThresholds {
  vipMinVisits: number;
  /** null: spend alone never makes a VIP. */
  vipMinSpend: number | null;
  regularMinVisits: number;
}

export const SEGMENT_RANK: Record<Segment, number> = { vip: 0, regular: 1, new: 2 };

/** VIP: at least vipMinVisits visits, or at least vipMinSpend spent; regular: at least regularMinVisits visits. */
export function segmentOf(client: { visits: number; spend: number }, thresholds: SegmentThresholds): Segment {
  if (client.visits >= thresholds.vipMinVisits || (thresholds.vipMinSpend != null && client.spend >= thresholds.vipMinSpend)) return 'vip';
  if (client.visits >= thresholds.regularMinVisits) return 'regular';
  return 'new';
}

export interface Prioritised {
  contactId: string;
  segment: Segment;
  spend: number;
  overdueDays: number;
}

export function comparePriority(a: Prioritised, b: Prioritised): number {
  return SEGMENT_RANK[a.segment] - SEGMENT_RANK[b.segment] || b.spend - a.spend || b.overdueDays - a.overdueDays || a.contactId.localeCompare(b.contactId);
}
