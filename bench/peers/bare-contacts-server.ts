import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';

/**
 * The peer for the API's overhead: a bare Fastify server with one route and a plain `pg` pool, running the
 * same SQL as Parley's contact list and answering the same JSON shape — no session, no validation, no
 * schema serialiser. Part of the benchmark only.
 */
export async function bareContactsServer(url: string, organizationId: string): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const app = Fastify({ logger: false });
  app.get<{ Querystring: { limit?: string; q?: string } }>('/contacts', async (request) => {
    const limit = Number(request.query.limit ?? 50);
    const q = request.query.q;
    const search = q
      ? `AND (display_name ILIKE $3 OR email ILIKE $3 OR telegram_username ILIKE $3${q.replace(/\D/g, '').length >= 3 ? ' OR phone_e164 LIKE $4' : ''})`
      : '';
    const params: unknown[] = [organizationId, limit + 1];
    if (q) params.push(`%${q}%`);
    if (q && q.replace(/\D/g, '').length >= 3) params.push(`%${q.replace(/\D/g, '')}%`);
    const result = await pool.query(
      `SELECT *, created_at::text AS sort_key FROM contacts WHERE organization_id = $1 ${search} ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    const rows = result.rows.slice(0, limit);
    const last = rows.at(-1);
    return {
      items: rows.map((c) => ({
        id: c.id,
        displayName: c.display_name,
        firstName: c.first_name,
        lastName: c.last_name,
        phone: c.phone_e164,
        email: c.email,
        telegramId: c.telegram_id,
        telegramUsername: c.telegram_username,
        language: c.language,
        tags: c.tags,
        customFields: c.custom_fields,
        companyId: c.company_id,
        source: c.source,
        optedOut: c.opted_out_at !== null,
        optedOutAt: c.opted_out_at,
        optOutReason: c.opt_out_reason,
        lastMessageAt: c.last_message_at,
        createdAt: c.created_at,
        updatedAt: c.updated_at,
      })),
      nextCursor: result.rows.length > limit && last ? Buffer.from(JSON.stringify([last.sort_key, last.id])).toString('base64url') : null,
    };
  });
  await app.ready();
  return { app, close: async () => (await app.close(), await pool.end()) };
}
