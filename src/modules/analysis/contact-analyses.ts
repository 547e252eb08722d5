import type { DbOrTx } from '../../platform/db/client.ts';
import { iso } from '../../platform/http/pagination.ts';

/**
 * A contact's dialog analyses, newest first: the first is the latest (its summary and next step are what the
 * inbox shows beside the thread), the rest are the history.
 */
export async function analysesOfContact(db: DbOrTx, organizationId: string, contactId: string, limit = 20) {
  const rows = await db
    .selectFrom('dialog_analyses')
    .select(['id', 'conversation_id', 'lead_id', 'is_current', 'funnel_stage', 'score', 'interest_level', 'summary', 'next_action', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('contact_id', '=', contactId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    leadId: row.lead_id,
    isCurrent: row.is_current,
    funnelStage: row.funnel_stage,
    score: row.score,
    interestLevel: row.interest_level,
    summary: row.summary,
    nextAction: row.next_action,
    analyzedAt: iso(row.created_at)!,
  }));
}
