/**
 * A local fake of the YClients REST API (https://api.yclients.com/api/v1) for tests, speaking its wire format: every
 * answer is `{ success, data, meta }`, errors carry `meta.message`. Routes (company id in the path):
 *
 * Company data — `Authorization: Bearer <partner token>, User <user token>`:
 * - `GET /services/:cid`            → `[{ id, title, category_id, price_min, price_max, duration (s), active, staff: [{ id, seance_length }] }]`
 * - `GET /service_categories/:cid`  → `[{ id, title }]`
 * - `GET /staff/:cid`               → `[{ id, name, specialization, fired, hidden }]`
 * - `GET /clients/:cid?page&count`  → `[{ id, name, phone, email }]`, `meta.total_count`
 * - `GET /records/:cid?start_date&end_date&page&count&with_deleted` → records (`datetime` with the company offset,
 *   `services[{ id, title, cost }]`, `client`, `seance_length` s, `visit_attendance` 1/0/2/-1, `deleted`), `meta: { page, total_count }`
 * - `DELETE /record/:cid/:recordId` → 204 (the record becomes `deleted`)
 *
 * Online booking — `Authorization: Bearer <partner token>` (a user token may follow):
 * - `GET /book_staff/:cid?service_ids[]`                      → `[{ id, name, bookable }]` of staff who do the service
 * - `GET /book_staff_seances/:cid/:staffId?service_ids[]&datetime` → `{ seance_date, seances: [{ time, seance_length, sum_length, datetime }] }`
 * - `GET /book_times/:cid/:staffId/:date?service_ids[]`       → `[{ time, seance_length, sum_length, datetime }]`
 * - `POST /book_record/:cid` `{ phone, fullname, email, appointments: [{ id, services, staff_id, datetime }] }`
 *   → 201 `[{ id, record_id, record_hash }]`; a taken time → 422 `meta.errors[{ code: 433 }]`
 *
 * Free sessions are each staff member's schedule (per ISO weekday, company-local "HH:MM" intervals) walked in
 * `stepMinutes`, minus records that are not deleted. Times are company-local with a fixed `utcOffset` ("+06:00").
 * A wrong token answers 401 `Authentication needed.`; another company id 403 `Access denied.`.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeYcService {
  id: number;
  title: string;
  category_id: number | null;
  price_min: number;
  price_max: number;
  /** Seconds. */
  duration: number;
  active?: number;
  staff: Array<{ id: number; seance_length: number }>;
}

export interface FakeYcStaff {
  id: number;
  name: string;
  specialization?: string;
  fired?: number;
  hidden?: number;
  /** ISO weekday (1 = Monday) → company-local intervals. */
  schedule: Record<number, Array<[string, string]>>;
}

export interface FakeYcClient {
  id: number;
  name: string;
  phone: string;
  email?: string;
}

export interface FakeYcRecord {
  id: number;
  staff_id: number;
  services: Array<{ id: number; title: string; cost: number; first_cost?: number; amount?: number }>;
  client: { id: number; name: string; phone: string } | null;
  /** Company-local "YYYY-MM-DDTHH:MM:SS" + offset. */
  datetime: string;
  seance_length: number;
  visit_attendance: number;
  attendance?: number;
  deleted?: boolean;
}

export interface FakeYClientsOptions {
  companyId: number;
  partnerToken: string;
  userToken: string;
  utcOffset?: string;
  stepMinutes?: number;
  services?: FakeYcService[];
  categories?: Array<{ id: number; title: string }>;
  staff?: FakeYcStaff[];
  clients?: FakeYcClient[];
  records?: FakeYcRecord[];
  pageSize?: number;
}

export interface FakeYClients {
  url: string;
  requests: Array<{ method: string; path: string; query: Record<string, string[]>; body: unknown; authorization: string | undefined }>;
  records: FakeYcRecord[];
  clients: FakeYcClient[];
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const ok = (data: unknown, meta: unknown = []) => ({ success: true, data, meta });
const fail = (message: string, extra: Record<string, unknown> = {}) => ({ success: false, data: null, meta: { message, ...extra } });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

const pad = (n: number) => String(n).padStart(2, '0');

export async function startFakeYClients(options: FakeYClientsOptions): Promise<FakeYClients> {
  const offset = options.utcOffset ?? '+06:00';
  const offsetMinutes = (offset.startsWith('-') ? -1 : 1) * minutes(offset.slice(1));
  const step = options.stepMinutes ?? 30;
  const pageSize = options.pageSize ?? 200;
  const services = options.services ?? [];
  const staff = options.staff ?? [];
  const clients = [...(options.clients ?? [])];
  const records = [...(options.records ?? [])];
  const requests: FakeYClients['requests'] = [];
  let nextRecordId = Math.max(1000, ...records.map((r) => r.id)) + 1;
  let nextClientId = Math.max(100, ...clients.map((c) => c.id)) + 1;

  const localIso = (date: string, minute: number) => `${date}T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00${offset}`;
  const weekdayOf = (date: string) => {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day === 0 ? 7 : day;
  };
  const localDateOf = (instant: Date) => new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);

  function seancesOf(staffId: number, serviceId: number, date: string) {
    const member = staff.find((s) => s.id === staffId);
    const service = services.find((s) => s.id === serviceId);
    if (!member || !service || !service.staff.some((s) => s.id === staffId)) return [];
    const length = service.staff.find((s) => s.id === staffId)!.seance_length || service.duration;
    const busy = records
      .filter((r) => !r.deleted && r.staff_id === staffId)
      .map((r) => ({ start: new Date(r.datetime).getTime(), end: new Date(r.datetime).getTime() + r.seance_length * 1000 }));
    const result = [];
    for (const [open, close] of member.schedule[weekdayOf(date)] ?? []) {
      for (let m = minutes(open); m + length / 60 <= minutes(close); m += step) {
        const datetime = localIso(date, m);
        const start = new Date(datetime).getTime();
        const end = start + length * 1000;
        if (busy.some((b) => b.start < end && b.end > start)) continue;
        result.push({ time: `${pad(Math.floor(m / 60))}:${pad(m % 60)}`, seance_length: length, sum_length: length, datetime });
      }
    }
    return result;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (query[key] ??= []).push(value);
    const body = req.method === 'POST' ? await readJson(req).catch(() => undefined) : undefined;
    const path = url.pathname.replace(/^\/api\/v1/, '');
    requests.push({ method: req.method ?? 'GET', path, query, body, authorization: req.headers.authorization });
    const auth = req.headers.authorization ?? '';
    const [route, companyId, ...rest] = path.split('/').filter(Boolean);
    const isBooking = route?.startsWith('book_');
    const partnerOk = auth === `Bearer ${options.partnerToken}` || auth.startsWith(`Bearer ${options.partnerToken}, User `);
    const userOk = auth === `Bearer ${options.partnerToken}, User ${options.userToken}`;
    if (!partnerOk || (!isBooking && !userOk)) return send(res, 401, fail('Authentication needed.'));
    if (Number(companyId) !== options.companyId) return send(res, 403, fail('Access denied.'));
    const serviceIdParam = Number(query['service_ids[]']?.[0]);

    if (req.method === 'GET' && route === 'services') return send(res, 200, ok(services));
    if (req.method === 'GET' && route === 'service_categories') return send(res, 200, ok(options.categories ?? []));
    if (req.method === 'GET' && route === 'staff') return send(res, 200, ok(staff.map(({ schedule: _s, ...member }) => ({ fired: 0, hidden: 0, ...member }))));
    if (req.method === 'GET' && route === 'clients') {
      const page = Number(query.page?.[0] ?? 1);
      const count = Number(query.count?.[0] ?? pageSize);
      return send(res, 200, ok(clients.slice((page - 1) * count, page * count), { total_count: clients.length }));
    }
    if (req.method === 'GET' && route === 'records') {
      const start = query.start_date?.[0];
      const end = query.end_date?.[0];
      const withDeleted = query.with_deleted?.[0] === '1';
      const matching = records
        .filter((r) => withDeleted || !r.deleted)
        .filter((r) => (!start || r.datetime.slice(0, 10) >= start) && (!end || r.datetime.slice(0, 10) <= end))
        .sort((a, b) => a.datetime.localeCompare(b.datetime) || a.id - b.id);
      const page = Number(query.page?.[0] ?? 1);
      const count = Math.min(Number(query.count?.[0] ?? pageSize), pageSize);
      return send(res, 200, ok(matching.slice((page - 1) * count, page * count), { page, total_count: matching.length }));
    }
    if (req.method === 'DELETE' && route === 'record') {
      const record = records.find((r) => r.id === Number(rest[0]));
      if (!record || record.deleted) return send(res, 404, fail('Record not found'));
      record.deleted = true;
      return send(res, 204);
    }
    if (req.method === 'GET' && route === 'book_staff') {
      const service = services.find((s) => s.id === serviceIdParam);
      const ids = new Set((service?.staff ?? []).map((s) => s.id));
      return send(res, 200, ok(staff.filter((s) => !service || ids.has(s.id)).map((s) => ({ id: s.id, name: s.name, bookable: !s.fired }))));
    }
    if (req.method === 'GET' && route === 'book_staff_seances') {
      const staffId = Number(rest[0]);
      const from = query.datetime?.[0] ? new Date(query.datetime[0]) : new Date();
      let date = localDateOf(from);
      for (let i = 0; i < 62; i++) {
        const seances = seancesOf(staffId, serviceIdParam, date).filter((s) => new Date(s.datetime) >= from);
        if (seances.length > 0) return send(res, 200, ok({ seance_date: date, seances }));
        date = new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
      }
      return send(res, 200, ok({ seance_date: null, seances: [] }));
    }
    if (req.method === 'GET' && route === 'book_times') {
      return send(res, 200, ok(seancesOf(Number(rest[0]), serviceIdParam, rest[1]!)));
    }
    if (req.method === 'POST' && route === 'book_record') {
      const input = body as { phone?: string; fullname?: string; appointments?: Array<{ id: number; services: number[]; staff_id: number; datetime: string }> };
      if (!input?.phone) return send(res, 422, fail('Неверный номер телефона', { errors: [{ code: 431 }] }));
      if (!input.fullname) return send(res, 422, fail('Не указано имя', { errors: [{ code: 435 }] }));
      const created = [];
      for (const appointment of input.appointments ?? []) {
        const serviceId = appointment.services[0]!;
        const start = new Date(appointment.datetime);
        const date = localDateOf(start);
        const free = seancesOf(appointment.staff_id, serviceId, date).some((s) => new Date(s.datetime).getTime() === start.getTime());
        if (!free) return send(res, 422, fail('Выбранное время уже занято', { errors: [{ code: 433, id: appointment.id }] }));
        let client = clients.find((c) => c.phone.replace(/\D/g, '') === input.phone!.replace(/\D/g, ''));
        if (!client) {
          client = { id: nextClientId++, name: input.fullname, phone: input.phone };
          clients.push(client);
        }
        const service = services.find((s) => s.id === serviceId)!;
        const minute = Math.round((start.getTime() + offsetMinutes * 60_000) / 60_000) % 1440;
        const record: FakeYcRecord = {
          id: nextRecordId++,
          staff_id: appointment.staff_id,
          services: [{ id: serviceId, title: service.title, cost: service.price_min, first_cost: service.price_min, amount: 1 }],
          client: { id: client.id, name: client.name, phone: client.phone },
          datetime: localIso(date, minute),
          seance_length: service.staff.find((s) => s.id === appointment.staff_id)?.seance_length ?? service.duration,
          visit_attendance: 0,
          attendance: 0,
          deleted: false,
        };
        records.push(record);
        created.push({ id: appointment.id, record_id: record.id, record_hash: `hash${record.id}` });
      }
      return send(res, 201, ok(created));
    }
    return send(res, 404, fail('Not found'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    records,
    clients,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A company-local datetime string for a fake record: `2026-01-12` + `10:00` → `2026-01-12T10:00:00+06:00`. */
export function ycDatetime(date: string, time: string, utcOffset = '+06:00'): string {
  return `${date}T${time}:00${utcOffset}`;
}
