/**
 * The preference analyser (seed 003 part 2): from a client's completed visits, when they like to come (time of day,
 * weekdays), to whom (favourite staff), for what (favourite services) and how regularly — each with a confidence in
 * [0, 1]. The counts come from one SQL pass over the visits (preferences service); this file turns them into
 * preferences, so the rules are testable without a database.
 *
 * Confidence = evidence × sample factor, where the sample factor n / (n + 3) keeps one or two visits from looking
 * certain (1 visit → 0.25, 3 → 0.5, 9 → 0.75, 27 → 0.9):
 * - time of day and staff: evidence = the share of visits in the top bucket / with the top staff member;
 * - weekdays: the smallest set of top days (at most 3) holding ≥ 60 % of visits; evidence = how far that share is
 *   above what k uniform days would hold: (share − k/7) / (1 − k/7);
 * - regularity: the coefficient of variation of the gaps between visits (≤ 0.35 regular, ≤ 0.7 semi-regular, else
 *   irregular); its confidence is the sample factor of the number of gaps.
 */

export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];
export type TimeOfDay = 'morning' | 'afternoon' | 'evening';

/** Local time buckets: morning before 12:00, afternoon 12:00–17:00, evening from 17:00. */
export function timeOfDayOf(minuteOfDay: number): TimeOfDay {
  if (minuteOfDay < 12 * 60) return 'morning';
  if (minuteOfDay < 17 * 60) return 'afternoon';
  return 'evening';
}

export interface VisitAggregate {
  /** Completed visits. */
  visits: number;
  morning: number;
  afternoon: number;
  evening: number;
  /** Visits per ISO weekday, Monday first. */
  weekdays: number[];
  /** Median local minute of day of the visits. */
  medianMinute: number | null;
  /** Staff by visits, most first (the top few). */
  staff: Array<{ staffId: string; count: number }>;
  /** Visits with a known staff member; defaults to the sum over `staff`. */
  staffTotal?: number;
  /** Services by visits, most first. */
  services: Array<{ serviceId: string; count: number }>;
  gaps: { count: number; meanDays: number | null; medianDays: number | null; stddevDays: number | null };
  lastVisitAt: Date | null;
}

export interface ClientPreferences {
  visits: number;
  timeOfDay: { value: TimeOfDay | null; share: number; confidence: number; typicalTime: string | null };
  weekdays: { value: WeekdayName[]; share: number; confidence: number };
  staff: { staffId: string | null; share: number; confidence: number };
  services: { top: Array<{ serviceId: string; count: number; share: number }>; confidence: number };
  regularity: {
    label: 'regular' | 'semi_regular' | 'irregular' | 'unknown';
    medianIntervalDays: number | null;
    meanIntervalDays: number | null;
    variation: number | null;
    confidence: number;
  };
}

const SAMPLE_K = 3;
const round2 = (x: number) => Math.round(x * 100) / 100;
export const sampleFactor = (n: number) => (n <= 0 ? 0 : n / (n + SAMPLE_K));

export function analysePreferences(a: VisitAggregate): ClientPreferences {
  const n = a.visits;
  const factor = sampleFactor(n);

  const buckets: Array<[TimeOfDay, number]> = [
    ['morning', a.morning],
    ['afternoon', a.afternoon],
    ['evening', a.evening],
  ];
  const topBucket = [...buckets].sort((x, y) => y[1] - x[1])[0]!;
  const todShare = n > 0 ? topBucket[1] / n : 0;
  const timeOfDay = {
    value: n > 0 && topBucket[1] > 0 ? topBucket[0] : null,
    share: round2(todShare),
    confidence: round2(todShare * factor),
    typicalTime: a.medianMinute == null ? null : `${String(Math.floor(a.medianMinute / 60)).padStart(2, '0')}:${String(Math.round(a.medianMinute % 60)).padStart(2, '0')}`,
  };

  const days = a.weekdays.map((count, index) => ({ day: WEEKDAY_NAMES[index]!, count })).sort((x, y) => y.count - x.count || WEEKDAY_NAMES.indexOf(x.day) - WEEKDAY_NAMES.indexOf(y.day));
  const chosen: WeekdayName[] = [];
  let covered = 0;
  for (const { day, count } of days) {
    if (n === 0 || count === 0 || chosen.length === 3 || covered / n >= 0.6) break;
    if (count / n <= 1 / 7) break;
    chosen.push(day);
    covered += count;
  }
  const dayShare = n > 0 ? covered / n : 0;
  const uniform = chosen.length / 7;
  const dayEvidence = chosen.length > 0 && dayShare >= 0.6 ? Math.max(0, (dayShare - uniform) / (1 - uniform)) : 0;
  const weekdays = { value: dayEvidence > 0 ? chosen.sort((x, y) => WEEKDAY_NAMES.indexOf(x) - WEEKDAY_NAMES.indexOf(y)) : [], share: round2(dayEvidence > 0 ? dayShare : 0), confidence: round2(dayEvidence * factor) };

  const topStaff = a.staff[0];
  const staffVisits = a.staffTotal ?? a.staff.reduce((sum, s) => sum + s.count, 0);
  const staffShare = topStaff && staffVisits > 0 ? topStaff.count / staffVisits : 0;
  const staff = { staffId: topStaff?.staffId ?? null, share: round2(staffShare), confidence: round2(staffShare * sampleFactor(staffVisits)) };

  const top = a.services.slice(0, 3).map((s) => ({ serviceId: s.serviceId, count: s.count, share: round2(n > 0 ? s.count / n : 0) }));
  const services = { top, confidence: round2((top[0]?.share ?? 0) * factor) };

  const { count: gapCount, meanDays, medianDays, stddevDays } = a.gaps;
  const variation = gapCount >= 2 && meanDays && meanDays > 0 && stddevDays != null ? stddevDays / meanDays : null;
  const label = variation == null ? 'unknown' : variation <= 0.35 ? 'regular' : variation <= 0.7 ? 'semi_regular' : 'irregular';
  const regularity = {
    label: label as ClientPreferences['regularity']['label'],
    medianIntervalDays: medianDays == null ? null : Math.round(medianDays),
    meanIntervalDays: meanDays == null ? null : Math.round(meanDays),
    variation: variation == null ? null : round2(variation),
    confidence: round2(label === 'unknown' ? 0 : sampleFactor(gapCount)),
  };

  return { visits: n, timeOfDay, weekdays, staff, services, regularity };
}

/** Preferences of a client without history: nothing preferred, no confidence. */
export function emptyPreferences(): ClientPreferences {
  return analysePreferences({ visits: 0, morning: 0, afternoon: 0, evening: 0, weekdays: [0, 0, 0, 0, 0, 0, 0], medianMinute: null, staff: [], services: [], gaps: { count: 0, meanDays: null, medianDays: null, stddevDays: null }, lastVisitAt: null });
}
