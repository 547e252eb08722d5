import { DateTime } from 'luxon';
import { timeOfDayOf, WEEKDAY_NAMES, type ClientPreferences, type TimeOfDay } from './preferences.ts';

/**
 * The slot finder's ranking (seed 003 part 2): clients choose the staff member before the time, so
 * score = 0.6 × staff + 0.4 × time, and within time the hour matters more than the day:
 * time = 0.7 × time of day + 0.3 × weekday. Each part is the match blended with the preference's confidence —
 * part = confidence × match + (1 − confidence) × 0.5 — so a weak preference moves a slot little either way, and a
 * client without history gets every slot at 0.5 (earlier slots first).
 * Matches: staff 1 for the favourite, else 0; time of day 1 for the preferred bucket, 0.4 for the neighbouring one,
 * 0 for the opposite; weekday 1 for a preferred day, else 0.
 */

export const STAFF_WEIGHT = 0.6;
export const TIME_WEIGHT = 0.4;
export const TIME_OF_DAY_SHARE = 0.7;
export const WEEKDAY_SHARE = 0.3;

export interface CandidateSlot {
  staffId: string;
  staffName: string;
  startAt: Date;
  endAt: Date;
}

export interface SlotExplanation {
  staff: { score: number; weight: number; reason: string };
  time: {
    score: number;
    weight: number;
    timeOfDay: { score: number; slot: TimeOfDay; reason: string };
    weekday: { score: number; slot: string; reason: string };
  };
  summary: string;
}

export interface RankedSlot extends CandidateSlot {
  score: number;
  explanation: SlotExplanation;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const blend = (confidence: number, match: number) => confidence * match + (1 - confidence) * 0.5;
const NEIGHBOURS: Record<TimeOfDay, TimeOfDay[]> = { morning: ['afternoon'], afternoon: ['morning', 'evening'], evening: ['afternoon'] };

export function scoreSlot(slot: CandidateSlot, prefs: ClientPreferences, timezone: string): RankedSlot {
  const local = DateTime.fromJSDate(slot.startAt, { zone: timezone });
  const slotBucket = timeOfDayOf(local.hour * 60 + local.minute);
  const slotDay = WEEKDAY_NAMES[local.weekday - 1]!;

  const fav = prefs.staff.staffId;
  const staffMatch = fav && slot.staffId === fav ? 1 : 0;
  const staffScore = fav ? blend(prefs.staff.confidence, staffMatch) : 0.5;
  const staffReason = !fav
    ? 'no favourite staff member yet'
    : staffMatch
      ? `${slot.staffName} is the favourite (${Math.round(prefs.staff.share * 100)} % of visits, confidence ${prefs.staff.confidence})`
      : `${slot.staffName} is not the favourite (confidence ${prefs.staff.confidence})`;

  const wanted = prefs.timeOfDay.value;
  const todMatch = !wanted ? 0.5 : slotBucket === wanted ? 1 : NEIGHBOURS[wanted].includes(slotBucket) ? 0.4 : 0;
  const todScore = wanted ? blend(prefs.timeOfDay.confidence, todMatch) : 0.5;
  const todReason = !wanted
    ? `${slotBucket} slot; no time-of-day preference yet`
    : slotBucket === wanted
      ? `${slotBucket} slot, as preferred (confidence ${prefs.timeOfDay.confidence})`
      : `${slotBucket} slot; the client prefers ${wanted} (confidence ${prefs.timeOfDay.confidence})`;

  const days = prefs.weekdays.value;
  const dayMatch = days.includes(slotDay as (typeof days)[number]) ? 1 : 0;
  const dayScore = days.length > 0 ? blend(prefs.weekdays.confidence, dayMatch) : 0.5;
  const dayReason =
    days.length === 0 ? `${slotDay}; no weekday preference yet` : dayMatch ? `${slotDay} is a preferred day (confidence ${prefs.weekdays.confidence})` : `${slotDay}; the client prefers ${days.join(', ')}`;

  const timeScore = TIME_OF_DAY_SHARE * todScore + WEEKDAY_SHARE * dayScore;
  const score = STAFF_WEIGHT * staffScore + TIME_WEIGHT * timeScore;
  return {
    ...slot,
    score: round3(score),
    explanation: {
      staff: { score: round3(staffScore), weight: STAFF_WEIGHT, reason: staffReason },
      time: {
        score: round3(timeScore),
        weight: TIME_WEIGHT,
        timeOfDay: { score: round3(todScore), slot: slotBucket, reason: todReason },
        weekday: { score: round3(dayScore), slot: slotDay, reason: dayReason },
      },
      summary: `${round3(score)} = 0.6 × ${round3(staffScore)} (staff) + 0.4 × ${round3(timeScore)} (time: 0.7 × ${round3(todScore)} hour + 0.3 × ${round3(dayScore)} day)`,
    },
  };
}

/**
 * The best `limit` slots by score (ties: earlier first). Offers should be real choices, so the first pass takes at
 * most one slot per day; remaining places are filled from the rest in score order.
 */
export function rankSlots(slots: CandidateSlot[], prefs: ClientPreferences, options: { timezone: string; limit: number }): RankedSlot[] {
  const ranked = slots.map((slot) => scoreSlot(slot, prefs, options.timezone)).sort((a, b) => b.score - a.score || a.startAt.getTime() - b.startAt.getTime() || a.staffId.localeCompare(b.staffId));
  const picked: RankedSlot[] = [];
  const days = new Set<string>();
  for (const slot of ranked) {
    if (picked.length === options.limit) break;
    const day = DateTime.fromJSDate(slot.startAt, { zone: options.timezone }).toISODate()!;
    if (days.has(day)) continue;
    days.add(day);
    picked.push(slot);
  }
  for (const slot of ranked) {
    if (picked.length === options.limit) break;
    if (!picked.includes(slot)) picked.push(slot);
  }
  // The best slots are picked by score and offered in date order: a list a person reads as a calendar.
  return picked.sort((a, b) => a.startAt.getTime() - b.startAt.getTime() || b.score - a.score);
}
