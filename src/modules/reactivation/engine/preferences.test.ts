import { describe, expect, it } from 'vitest';
import { analysePreferences, emptyPreferences, sampleFactor, timeOfDayOf, type VisitAggregate } from './preferences.ts';

const aggregate = (over: Partial<VisitAggregate>): VisitAggregate => ({
  visits: 0,
  morning: 0,
  afternoon: 0,
  evening: 0,
  weekdays: [0, 0, 0, 0, 0, 0, 0],
  medianMinute: null,
  staff: [],
  services: [],
  gaps: { count: 0, meanDays: null, medianDays: null, stddevDays: null },
  lastVisitAt: null,
  ...over,
});

describe('preference analyser', () => {
  it('time-of-day buckets: before 12, 12–17, from 17', () => {
    expect(timeOfDayOf(11 * 60 + 59)).toBe('morning');
    expect(timeOfDayOf(12 * 60)).toBe('afternoon');
    expect(timeOfDayOf(17 * 60)).toBe('evening');
  });

  it('a loyal evening client on Saturdays with one master, coming every ~4 weeks', () => {
    const prefs = analysePreferences(
      aggregate({
        visits: 12,
        morning: 1,
        afternoon: 1,
        evening: 10,
        weekdays: [1, 0, 1, 0, 0, 10, 0],
        medianMinute: 18 * 60 + 30,
        staff: [
          { staffId: 'dinara', count: 11 },
          { staffId: 'aibek', count: 1 },
        ],
        services: [
          { serviceId: 'manicure', count: 9 },
          { serviceId: 'pedicure', count: 3 },
        ],
        gaps: { count: 11, meanDays: 28, medianDays: 28, stddevDays: 3 },
      }),
    );
    expect(prefs.timeOfDay).toEqual({ value: 'evening', share: 0.83, confidence: 0.67, typicalTime: '18:30' });
    expect(prefs.weekdays.value).toEqual(['sat']);
    expect(prefs.weekdays.share).toBe(0.83);
    // (0.833 − 1/7) / (1 − 1/7) = 0.806, × 12/15 = 0.64
    expect(prefs.weekdays.confidence).toBe(0.64);
    expect(prefs.staff).toEqual({ staffId: 'dinara', share: 0.92, confidence: 0.73 });
    expect(prefs.services.top.map((s) => s.serviceId)).toEqual(['manicure', 'pedicure']);
    expect(prefs.services.top[0]!.share).toBe(0.75);
    expect(prefs.regularity).toMatchObject({ label: 'regular', medianIntervalDays: 28, variation: 0.11 });
    expect(prefs.regularity.confidence).toBe(0.79);
  });

  it('visits spread evenly over the week give no weekday preference', () => {
    const prefs = analysePreferences(aggregate({ visits: 14, afternoon: 14, weekdays: [2, 2, 2, 2, 2, 2, 2] }));
    expect(prefs.weekdays).toEqual({ value: [], share: 0, confidence: 0 });
  });

  it('two or three favourite days are found together', () => {
    const prefs = analysePreferences(aggregate({ visits: 10, morning: 10, weekdays: [0, 4, 0, 4, 1, 1, 0] }));
    expect(prefs.weekdays.value).toEqual(['tue', 'thu']);
    expect(prefs.weekdays.share).toBe(0.8);
  });

  it('one visit is weak evidence; irregular gaps are labelled so', () => {
    const one = analysePreferences(aggregate({ visits: 1, morning: 1, weekdays: [1, 0, 0, 0, 0, 0, 0], staff: [{ staffId: 's', count: 1 }] }));
    expect(one.timeOfDay.confidence).toBe(0.25);
    expect(one.staff.confidence).toBe(0.25);
    expect(one.regularity.label).toBe('unknown');
    const irregular = analysePreferences(aggregate({ visits: 6, afternoon: 6, gaps: { count: 5, meanDays: 40, medianDays: 30, stddevDays: 35 } }));
    expect(irregular.regularity.label).toBe('irregular');
    expect(sampleFactor(3)).toBe(0.5);
  });

  it('no history: nothing preferred, nothing confident', () => {
    const prefs = emptyPreferences();
    expect(prefs.timeOfDay.value).toBeNull();
    expect(prefs.staff.staffId).toBeNull();
    expect(prefs.weekdays.value).toEqual([]);
    expect(prefs.regularity.label).toBe('unknown');
  });
});
