import { sql } from 'kysely';
import type { Db } from '../src/platform/db/client.ts';
import { getDefaultPipeline } from '../src/modules/pipelines/index.ts';

/**
 * Fills an organization with `rows` contacts, each with a conversation, a lead with a current analysis
 * and a place in one campaign — written by the database itself (generate_series), so 100k rows take
 * seconds. Names look like the foundation bench's (`Клиент 17 Bench17`); a tenth of the leads have no score.
 */
export async function seedLists(db: Db, organizationId: string, channelAccountId: string, rows: number): Promise<{ campaignId: string }> {
  const pipeline = await getDefaultPipeline(db, organizationId);
  const stage = pipeline.stages[0]!;
  await sql`
    INSERT INTO contacts (organization_id, first_name, last_name, display_name, phone_e164, email, telegram_username, source, created_at)
    SELECT ${organizationId}, 'Клиент ' || i, 'Bench' || (i % 97), 'Клиент ' || i || ' Bench' || (i % 97),
      '+99670' || lpad(i::text, 7, '0'), 'client' || i || '@example.test', 'client_' || i, 'import',
      now() - i * interval '1 minute'
    FROM generate_series(1, ${rows}::int) i`.execute(db);
  await sql`
    INSERT INTO conversations (organization_id, channel, channel_account_id, external_chat_id, contact_id, last_message_at, last_message_preview, created_at)
    SELECT organization_id, 'sandbox', ${channelAccountId}, 'chat-' || id, id,
      CASE WHEN (hashtext(id::text) & 15) = 0 THEN NULL ELSE created_at + interval '30 seconds' END, 'Здравствуйте!', created_at
    FROM contacts WHERE organization_id = ${organizationId}`.execute(db);
  await sql`
    INSERT INTO leads (organization_id, contact_id, pipeline_id, stage_id, score, interest_level, source, created_at)
    SELECT organization_id, id, ${pipeline.id}, ${stage.id},
      CASE WHEN (hashtext(id::text) & 7) = 0 THEN NULL ELSE abs(hashtext(id::text)) % 101 END,
      (ARRAY['hot', 'warm', 'cold'])[1 + abs(hashtext(id::text)) % 3], 'analysis', created_at
    FROM contacts WHERE organization_id = ${organizationId}`.execute(db);
  await sql`
    INSERT INTO dialog_analyses (organization_id, conversation_id, contact_id, lead_id, funnel_stage, score, interest_level, niche, summary, next_action, language, provider, model, message_count, created_at)
    SELECT l.organization_id, cv.id, l.contact_id, l.id, 'interested', coalesce(l.score, 0), coalesce(l.interest_level, 'cold'), 'retail',
      'Спрашивал цену и сроки доставки', 'Отправить прайс', 'ru', 'offline', 'parley-offline-1', 12, l.created_at
    FROM leads l JOIN conversations cv ON cv.organization_id = l.organization_id AND cv.contact_id = l.contact_id
    WHERE l.organization_id = ${organizationId}`.execute(db);
  const campaign = await sql<{ id: string }>`
    INSERT INTO campaigns (organization_id, name, status, channel_account_id) VALUES (${organizationId}, 'Bench campaign', 'draft', ${channelAccountId}) RETURNING id`.execute(db);
  const campaignId = campaign.rows[0]!.id;
  await sql`
    INSERT INTO campaign_participants (organization_id, campaign_id, contact_id, channel_account_id, anchor_at, created_at)
    SELECT organization_id, ${campaignId}, id, ${channelAccountId}, now(), created_at FROM contacts WHERE organization_id = ${organizationId}`.execute(db);
  await sql`ANALYZE`.execute(db);
  return { campaignId };
}
