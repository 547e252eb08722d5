import { DateTime } from 'luxon';
import type { Db } from '../../platform/db/client.ts';
import type { Contact, WorkingHours } from '../../platform/db/schema.ts';
import type { AiService } from '../ai/index.ts';
import { createService, createStaff, visitFingerprint, type Weekday } from '../booking/index.ts';
import { recomputeRules } from '../reactivation/index.ts';

/**
 * The demo salon's calendar: services, four staff members with their working hours, a year of visits for the demo
 * contacts and a few bookings ahead. Generated from a fixed seed relative to the moment the demo is created, so every
 * demo looks the same: loyal regulars, clients who drifted away (the reactivation list has people on it), a
 * tourist who came once, some no-shows. Visits go in with one INSERT.
 */

const TZ = 'Asia/Bishkek';

interface DemoService {
  key: string;
  name: string;
  category: string;
  durationMinutes: number;
  price: number;
  /** Typical days between visits of a regular. */
  interval: number;
}

const SERVICES: DemoService[] = [
  { key: 'womens_cut', name: 'Женская стрижка', category: 'Волосы', durationMinutes: 60, price: 1200, interval: 35 },
  { key: 'mens_cut', name: 'Мужская стрижка', category: 'Волосы', durationMinutes: 60, price: 600, interval: 28 },
  { key: 'coloring', name: 'Окрашивание', category: 'Волосы', durationMinutes: 180, price: 6500, interval: 49 },
  { key: 'manicure', name: 'Маникюр с покрытием', category: 'Ногти', durationMinutes: 90, price: 1200, interval: 21 },
  { key: 'pedicure', name: 'Педикюр', category: 'Ногти', durationMinutes: 90, price: 1500, interval: 30 },
  { key: 'brows', name: 'Оформление бровей', category: 'Брови', durationMinutes: 30, price: 500, interval: 28 },
  { key: 'massage', name: 'Массаж спины', category: 'SPA', durationMinutes: 60, price: 1800, interval: 14 },
];

const hours = (days: Weekday[], open: string, close: string): WorkingHours => Object.fromEntries(days.map((d) => [d, [[open, close]]]));

const STAFF: Array<{ key: string; name: string; hours: WorkingHours; services: string[] }> = [
  { key: 'dinara', name: 'Динара', hours: hours(['tue', 'wed', 'thu', 'fri', 'sat'], '10:00', '19:00'), services: ['manicure', 'pedicure', 'brows'] },
  { key: 'aigerim', name: 'Айгерим', hours: hours(['mon', 'tue', 'wed', 'thu', 'fri'], '10:00', '19:00'), services: ['womens_cut', 'coloring'] },
  { key: 'timur', name: 'Тимур', hours: hours(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], '11:00', '20:00'), services: ['mens_cut', 'womens_cut'] },
  { key: 'asel', name: 'Асель', hours: hours(['wed', 'thu', 'fri', 'sat', 'sun'], '10:00', '18:00'), services: ['massage', 'brows'] },
];

/** The service a demo contact comes for, by their tag. */
const SERVICE_BY_TAG: Record<string, string> = { manicure: 'manicure', haircut: 'womens_cut', coloring: 'coloring', barber: 'mens_cut', spa: 'massage' };

/** mulberry32: a small deterministic PRNG. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoBookingResult {
  services: number;
  staff: number;
  visits: number;
  appointments: number;
}

export async function seedDemoBooking(
  db: Db,
  input: { organizationId: string; contacts: Contact[]; now: Date; ai?: AiService },
): Promise<DemoBookingResult> {
  const { organizationId, now } = input;
  const serviceIds = new Map<string, string>();
  for (const service of SERVICES) {
    const row = await createService(db, organizationId, { name: service.name, category: service.category, durationMinutes: service.durationMinutes, price: service.price, currency: 'KGS' }, now);
    serviceIds.set(service.key, row.id);
  }
  const staffIds = new Map<string, string>();
  for (const member of STAFF) {
    const row = await createStaff(db, organizationId, { name: member.name, workingHours: member.hours, serviceIds: member.services.map((s) => serviceIds.get(s)!) }, now);
    staffIds.set(member.key, row.id);
  }

  const today = DateTime.fromJSDate(now, { zone: TZ }).startOf('day');
  const yearAgo = today.minus({ days: 365 });
  const visits: Array<Record<string, unknown>> = [];
  const appointments: Array<Record<string, unknown>> = [];
  for (const [index, contact] of input.contacts.entries()) {
    const rnd = random(7_919 * (index + 1));
    const tags = contact.tags;
    const isTourist = tags.includes('tourist');
    const mainKey = tags.map((t) => SERVICE_BY_TAG[t]).find(Boolean) ?? SERVICES[Math.floor(rnd() * SERVICES.length)]!.key;
    const service = SERVICES.find((s) => s.key === mainKey)!;
    const staffChoices = STAFF.filter((s) => s.services.includes(mainKey));
    const favourite = staffChoices[Math.floor(rnd() * staffChoices.length)]!;
    const workDays = Object.keys(favourite.hours) as Weekday[];
    const favouriteDay = workDays[Math.floor(rnd() * workDays.length)]!;
    const [open, close] = favourite.hours[favouriteDay]![0]!;
    const openHour = Number(open.slice(0, 2));
    const lastStart = Number(close.slice(0, 2)) - Math.ceil(service.durationMinutes / 60);
    const favouriteHour = openHour + Math.floor(rnd() * Math.max(1, lastStart - openHour + 1));
    const interval = Math.round(service.interval * (tags.includes('vip') ? 0.85 : 0.9 + rnd() * 0.4));
    // A third of the clients drifted away: their last visit is well past their interval.
    const drifted = index % 3 === 1;
    let last = today.minus({ days: drifted ? Math.round(interval * (1.3 + rnd() * 0.9)) : Math.floor(rnd() * interval * 0.8) + 2 });
    const count = isTourist ? 1 : Math.max(1, Math.min(Math.floor(365 / interval), 4 + Math.floor(rnd() * 12)));
    for (let k = 0; k < count; k++) {
      const day = last;
      if (day < yearAgo) break;
      // Mostly the favourite day, hour and staff member; sometimes not, as real clients do.
      const onFavourite = rnd() < 0.75;
      const weekdayShift = onFavourite ? (WEEKDAY_INDEX[favouriteDay] - day.weekday + 7) % 7 : 0;
      let date = day.plus({ days: weekdayShift > 3 ? weekdayShift - 7 : weekdayShift });
      const member = rnd() < 0.85 ? favourite : staffChoices[Math.floor(rnd() * staffChoices.length)]!;
      const memberDays = Object.keys(member.hours) as Weekday[];
      while (!memberDays.includes(WEEKDAY_NAMES[date.weekday - 1]!)) date = date.minus({ days: 1 });
      const [mOpen, mClose] = member.hours[WEEKDAY_NAMES[date.weekday - 1]!]![0]!;
      const hour = Math.min(Math.max(onFavourite ? favouriteHour : Number(mOpen.slice(0, 2)) + Math.floor(rnd() * 6), Number(mOpen.slice(0, 2))), Number(mClose.slice(0, 2)) - Math.ceil(service.durationMinutes / 60));
      const start = date.set({ hour, minute: rnd() < 0.5 ? 0 : 30 });
      if (start.toJSDate() >= now) {
        last = last.minus({ days: interval });
        continue;
      }
      const roll = rnd();
      const status = roll < 0.05 ? 'no_show' : roll < 0.08 ? 'cancelled' : 'completed';
      visits.push({
        organization_id: organizationId,
        contact_id: contact.id,
        service_id: serviceIds.get(mainKey)!,
        staff_id: staffIds.get(member.key)!,
        start_at: start.toJSDate(),
        price_paid: status === 'completed' ? service.price : 0,
        currency: 'KGS',
        status,
        source: 'demo',
        fingerprint: visitFingerprint('demo', contact.id, start.toISO()),
      });
      // An occasional second service: brows with a manicure, pedicure with a massage.
      if (status === 'completed' && rnd() < 0.15 && (mainKey === 'manicure' || mainKey === 'massage')) {
        const extraKey = mainKey === 'manicure' ? 'brows' : 'pedicure';
        const extra = SERVICES.find((s) => s.key === extraKey)!;
        const extraStaff = STAFF.find((s) => s.services.includes(extraKey) && Object.keys(s.hours).includes(WEEKDAY_NAMES[start.weekday - 1]!)) ?? STAFF.find((s) => s.services.includes(extraKey))!;
        visits.push({
          organization_id: organizationId,
          contact_id: contact.id,
          service_id: serviceIds.get(extraKey)!,
          staff_id: staffIds.get(extraStaff.key)!,
          start_at: start.plus({ minutes: service.durationMinutes }).toJSDate(),
          price_paid: extra.price,
          currency: 'KGS',
          status: 'completed',
          source: 'demo',
          fingerprint: visitFingerprint('demo', contact.id, 'extra', start.toISO()),
        });
      }
      last = last.minus({ days: Math.max(7, Math.round(interval + (rnd() - 0.5) * 8)) });
    }
    // Every seventh client has already booked the next visit (the detector leaves them alone).
    if (index % 7 === 3) {
      let date = today.plus({ days: 2 + (index % 5) });
      const memberDays = Object.keys(favourite.hours) as Weekday[];
      while (!memberDays.includes(WEEKDAY_NAMES[date.weekday - 1]!)) date = date.plus({ days: 1 });
      const start = date.set({ hour: favouriteHour, minute: 0 });
      appointments.push({
        organization_id: organizationId,
        contact_id: contact.id,
        service_id: serviceIds.get(mainKey)!,
        staff_id: staffIds.get(favourite.key)!,
        start_at: start.toJSDate(),
        end_at: start.plus({ minutes: service.durationMinutes }).toJSDate(),
        price: service.price,
        currency: 'KGS',
        source: 'demo',
      });
    }
  }
  if (visits.length > 0) await db.insertInto('booking_visits').values(visits as never).onConflict((oc) => oc.columns(['organization_id', 'fingerprint']).doNothing()).execute();
  if (appointments.length > 0) await db.insertInto('booking_appointments').values(appointments as never).execute();
  if (input.ai) await recomputeRules(db, input.ai, organizationId, { useLlm: false }, now);
  return { services: SERVICES.length, staff: STAFF.length, visits: visits.length, appointments: appointments.length };
}

const WEEKDAY_NAMES: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_INDEX: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
