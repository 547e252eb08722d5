import { BookingProviderError, SlotUnavailableError } from '../booking-adapter.ts';

/**
 * The parts of the YClients REST API (api.yclients.com/api/v1) Parley uses. Every answer is the envelope
 * `{ success, data, meta }`; errors carry `meta.message`. Company data (services, staff, clients, records, deleting a
 * record) needs the partner token and a user token: `Authorization: Bearer <partner>, User <user>`; the online
 * booking routes (book_staff, book_staff_seances, book_times, book_record) need the partner token only, and get both.
 */

export interface YClientsApiOptions {
  baseUrl: string;
  companyId: string;
  partnerToken: string;
  userToken?: string;
  timeoutMs?: number;
}

export interface YcService {
  id: number;
  title: string;
  category_id?: number | null;
  price_min?: number | null;
  price_max?: number | null;
  /** Seconds. */
  duration?: number | null;
  active?: number | boolean;
  staff?: Array<{ id: number; seance_length?: number | null }>;
}

export interface YcCategory {
  id: number;
  title: string;
}

export interface YcStaff {
  id: number;
  name: string;
  specialization?: string | null;
  fired?: number | boolean;
  hidden?: number | boolean;
}

export interface YcClient {
  id: number;
  name: string | null;
  phone: string | null;
  email?: string | null;
}

export interface YcRecord {
  id: number;
  staff_id: number;
  services: Array<{ id: number; title?: string; cost?: number | null; first_cost?: number | null; amount?: number | null }>;
  client: { id: number; name?: string | null; phone?: string | null } | null;
  /** ISO 8601 with the company's offset. */
  datetime: string;
  /** Seconds. */
  seance_length?: number | null;
  /** 1 came, 0 waiting, 2 confirmed, -1 did not come. */
  visit_attendance?: number | null;
  attendance?: number | null;
  deleted?: boolean;
}

export interface YcSeance {
  time: string;
  seance_length: number;
  sum_length?: number;
  datetime: string;
}

interface Envelope<T> {
  success: boolean;
  data: T;
  meta?: { message?: string; total_count?: number; page?: number; errors?: unknown } | unknown[];
}

const PAGE_SIZE = 200;

export class YClientsApi {
  private readonly baseUrl: string;

  constructor(private readonly options: YClientsApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get companyId(): string {
    return this.options.companyId;
  }

  async services(): Promise<YcService[]> {
    return (await this.call<YcService[]>('GET', `/services/${this.companyId}`)).data ?? [];
  }

  async serviceCategories(): Promise<YcCategory[]> {
    return (await this.call<YcCategory[]>('GET', `/service_categories/${this.companyId}`)).data ?? [];
  }

  async staff(): Promise<YcStaff[]> {
    return (await this.call<YcStaff[]>('GET', `/staff/${this.companyId}`)).data ?? [];
  }

  async clients(): Promise<YcClient[]> {
    return this.paged<YcClient>(`/clients/${this.companyId}`, {});
  }

  /** Records whose session date is in [startDate, endDate] (company-local dates), deleted ones included. */
  async records(startDate: string, endDate: string): Promise<YcRecord[]> {
    return this.paged<YcRecord>(`/records/${this.companyId}`, { start_date: startDate, end_date: endDate, with_deleted: '1' });
  }

  async bookableStaff(serviceId: string): Promise<Array<{ id: number; bookable?: boolean }>> {
    return (await this.call<Array<{ id: number; bookable?: boolean }>>('GET', `/book_staff/${this.companyId}`, { 'service_ids[]': serviceId })).data ?? [];
  }

  /** The nearest date with free sessions of a staff member at or after `datetime`, and that day's sessions. */
  async nearestSeances(staffId: string, serviceId: string, datetime: string): Promise<{ seance_date: string | null; seances: YcSeance[] }> {
    const body = await this.call<{ seance_date?: string | null; seances?: YcSeance[] } | null>('GET', `/book_staff_seances/${this.companyId}/${staffId}`, {
      'service_ids[]': serviceId,
      datetime,
    });
    return { seance_date: body.data?.seance_date ?? null, seances: body.data?.seances ?? [] };
  }

  async bookTimes(staffId: string, date: string, serviceId: string): Promise<YcSeance[]> {
    return (await this.call<YcSeance[]>('GET', `/book_times/${this.companyId}/${staffId}/${date}`, { 'service_ids[]': serviceId })).data ?? [];
  }

  async bookRecord(input: {
    phone: string;
    fullname: string;
    email?: string;
    comment?: string;
    apiId?: string;
    appointment: { serviceId: string; staffId: string; datetime: string };
  }): Promise<{ record_id: number; record_hash?: string }> {
    const body = await this.call<Array<{ id: number; record_id: number; record_hash?: string }>>('POST', `/book_record/${this.companyId}`, undefined, {
      phone: input.phone,
      fullname: input.fullname,
      email: input.email ?? '',
      comment: input.comment ?? '',
      ...(input.apiId ? { api_id: input.apiId } : {}),
      appointments: [{ id: 1, services: [Number(input.appointment.serviceId)], staff_id: Number(input.appointment.staffId), datetime: input.appointment.datetime }],
    });
    const created = body.data?.[0];
    if (!created?.record_id) throw new BookingProviderError('YClients accepted the booking but returned no record id');
    return created;
  }

  async deleteRecord(recordId: string): Promise<void> {
    await this.call<unknown>('DELETE', `/record/${this.companyId}/${recordId}`);
  }

  private async paged<T>(path: string, query: Record<string, string>): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; page <= 10_000; page++) {
      const body = await this.call<T[]>('GET', path, { ...query, page: String(page), count: String(PAGE_SIZE) });
      const items = body.data ?? [];
      all.push(...items);
      const total = !Array.isArray(body.meta) ? body.meta?.total_count : undefined;
      if (items.length < PAGE_SIZE || (total !== undefined && all.length >= total)) break;
    }
    return all;
  }

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, query?: Record<string, string>, body?: unknown): Promise<Envelope<T>> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.append(key, value);
    const auth = this.options.userToken ? `Bearer ${this.options.partnerToken}, User ${this.options.userToken}` : `Bearer ${this.options.partnerToken}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { Accept: 'application/vnd.yclients.v2+json', 'Content-Type': 'application/json', Authorization: auth },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      throw new BookingProviderError(`YClients is unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status === 204) return { success: true, data: null as T };
    const text = await response.text();
    let parsed: Envelope<T> | null = null;
    try {
      parsed = text ? (JSON.parse(text) as Envelope<T>) : null;
    } catch {
      parsed = null;
    }
    if (response.ok && parsed) return parsed;
    const message = (parsed && !Array.isArray(parsed.meta) ? parsed.meta?.message : undefined) ?? `HTTP ${response.status}`;
    // book_record answers 422 with codes 433 (time taken), 436 (nobody free), 437 (overlapping times in one request).
    if (response.status === 422 && path.startsWith('/book_record/') && /43[367]/.test(JSON.stringify(parsed?.meta ?? ''))) {
      throw new SlotUnavailableError(`YClients: ${message}`);
    }
    throw new BookingProviderError(`YClients ${method} ${path}: ${message}`, response.status);
  }
}
