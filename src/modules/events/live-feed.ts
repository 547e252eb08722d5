import { sql } from 'kysely';
import type { DbOrTx } from '../../platform/db/client.ts';
import type { Logger } from '../../platform/logger.ts';

export interface LiveEvent {
  id: string;
  organizationId: string;
  type: string;
  subjectType: string;
  subjectId: string | null;
  payload: Record<string, unknown>;
}

type Listener = (event: LiveEvent) => void;

/**
 * Tails the outbox table for the browsers connected to this process: one cheap query (`id > last`, on the
 * primary key) every `intervalMs` while anyone listens, none when nobody does. Works whichever process wrote
 * the event, on PGlite and PostgreSQL alike.
 */
export class LiveFeed {
  private readonly listeners = new Map<string, Set<Listener>>();
  private lastId: bigint | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly db: DbOrTx,
    private readonly logger: Logger,
    private readonly intervalMs = 400,
  ) {}

  /** Listens to one organization's events; returns the function that stops listening. */
  async subscribe(organizationId: string, listener: Listener): Promise<() => void> {
    if (this.lastId === null) this.lastId = await this.maxId();
    let set = this.listeners.get(organizationId);
    if (!set) this.listeners.set(organizationId, (set = new Set()));
    set.add(listener);
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(organizationId);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** The events of one organization after `afterId` (a reconnecting browser's Last-Event-ID), oldest first. */
  async replay(organizationId: string, afterId: string, limit = 200): Promise<LiveEvent[]> {
    const rows = await sql<RawEvent>`SELECT id, organization_id, type, subject_type, subject_id, payload FROM events
      WHERE organization_id = ${organizationId} AND id > ${afterId}::bigint ORDER BY id LIMIT ${limit}`.execute(this.db);
    return rows.rows.map(toLiveEvent);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.lastId = null;
  }

  private async maxId(): Promise<bigint> {
    const row = await sql<{ id: string | number | null }>`SELECT max(id) AS id FROM events`.execute(this.db);
    return BigInt(row.rows[0]?.id ?? 0);
  }

  private async poll(): Promise<void> {
    if (this.polling || this.lastId === null) return;
    this.polling = true;
    try {
      const rows = await sql<RawEvent>`SELECT id, organization_id, type, subject_type, subject_id, payload FROM events
        WHERE id > ${String(this.lastId)}::bigint ORDER BY id LIMIT 500`.execute(this.db);
      for (const row of rows.rows) {
        const event = toLiveEvent(row);
        this.lastId = BigInt(event.id);
        for (const listener of this.listeners.get(event.organizationId) ?? []) listener(event);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'live feed poll failed');
    } finally {
      this.polling = false;
    }
  }
}

interface RawEvent {
  id: string | number;
  organization_id: string;
  type: string;
  subject_type: string;
  subject_id: string | null;
  payload: Record<string, unknown>;
}

function toLiveEvent(row: RawEvent): LiveEvent {
  return { id: String(row.id), organizationId: row.organization_id, type: row.type, subjectType: row.subject_type, subjectId: row.subject_id, payload: row.payload };
}
