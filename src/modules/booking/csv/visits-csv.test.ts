import { describe, expect, it } from 'vitest';
import { parsePrice, parseVisitDate, parseVisitsCsv, VisitsCsvError } from './visits-csv.ts';

const options = { timezone: 'Asia/Bishkek', region: 'KG', now: new Date('2026-01-05T09:00:00Z') };

describe('visit history CSV', () => {
  it('reads English headers, normalises phones, dates in the organization zone, prices', () => {
    const csv = [
      'phone,name,service,staff,date,price',
      '0700 123 456,Айгуль,Маникюр,Динара,2025-12-01 15:30,"1 200"',
      '+996555234567,Nurlan,Стрижка,,14.11.2025 10:00,600',
    ].join('\n');
    const result = parseVisitsCsv(csv, options);
    expect(result.errors).toEqual([]);
    expect(result.visits).toMatchObject([
      { line: 2, phone: '+996700123456', name: 'Айгуль', service: 'Маникюр', staff: 'Динара', price: 1200, status: 'completed' },
      { line: 3, phone: '+996555234567', staff: null, price: 600 },
    ]);
    expect(result.visits[0]!.startAt.toISOString()).toBe('2025-12-01T09:30:00.000Z');
    expect(result.visits[1]!.startAt.toISOString()).toBe('2025-11-14T04:00:00.000Z');
  });

  it('reads Russian headers with semicolons, a separate time column and a status', () => {
    const csv = ['Телефон;Клиент;Услуга;Мастер;Дата;Время;Сумма;Статус', '+996 700 123 456;Айгуль;Педикюр;Динара;01.12.2025;18:00;1500,50;не пришел'].join('\r\n');
    const [visit] = parseVisitsCsv(csv, options).visits;
    expect(visit).toMatchObject({ service: 'Педикюр', price: 1500.5, status: 'no_show' });
    expect(visit!.startAt.toISOString()).toBe('2025-12-01T12:00:00.000Z');
  });

  it('reports bad lines with their number and a reason, keeps the rest', () => {
    const csv = [
      'phone,name,service,staff,date,price',
      ',Nobody,Стрижка,,2025-12-01,100',
      '12,Short,Стрижка,,2025-12-01,100',
      '+996700123456,A,,,2025-12-01,100',
      '+996700123456,A,Стрижка,,yesterday,100',
      '+996700123456,A,Стрижка,,2025-12-01,cheap',
      '+996700123456,A,Стрижка,,2027-01-01,100',
      '+996700123456,A,Стрижка,,2025-12-01,100',
    ].join('\n');
    const result = parseVisitsCsv(csv, options);
    expect(result.lines).toBe(7);
    expect(result.visits.map((v) => v.line)).toEqual([8]);
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(result.errors[0]!.reason).toBe('phone is empty');
    expect(result.errors[1]!.reason).toMatch(/phone "12" is/);
    expect(result.errors[2]!.reason).toBe('service is empty');
    expect(result.errors[3]!.reason).toMatch(/date "yesterday" is not a date/);
    expect(result.errors[4]!.reason).toBe('price "cheap" is not a number');
    expect(result.errors[5]!.reason).toMatch(/in the future/);
    // Each reason also comes as a code and its values, for the web app to word in Russian or English.
    expect(result.errors.map((e) => e.code)).toEqual(['phone_empty', 'phone_invalid', 'service_empty', 'date_invalid', 'price_invalid', 'date_future']);
    expect(result.errors[1]!.params).toMatchObject({ value: '12' });
    expect(result.errors[3]!.params).toEqual({ value: 'yesterday' });
  });

  it('a date without a time is taken as noon local time', () => {
    expect(parseVisitDate('2025-12-01', null, 'Asia/Bishkek')!.toISOString()).toBe('2025-12-01T06:00:00.000Z');
    expect(parseVisitDate('2025-12-01T10:00:00+03:00', null, 'Asia/Bishkek')!.toISOString()).toBe('2025-12-01T07:00:00.000Z');
  });

  it('prices: thousands separators and decimal commas', () => {
    expect(parsePrice('1 500')).toBe(1500);
    expect(parsePrice('1,500')).toBe(1500);
    expect(parsePrice('1500,50')).toBe(1500.5);
    expect(parsePrice('1 200 сом')).toBe(1200);
    expect(parsePrice('')).toBeNull();
    expect(parsePrice('free')).toBeNaN();
  });

  it('a header without the required columns is refused as a whole', () => {
    expect(() => parseVisitsCsv('name,email\nA,a@b.c', options)).toThrow(VisitsCsvError);
    expect(() => parseVisitsCsv('name,email\nA,a@b.c', options)).toThrow(/no phone, service, date column/);
  });
});
