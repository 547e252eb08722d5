import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { approveAttempt, skipAttempt } from './queue.service.ts';

/**
 * "Approve all" / "skip all" of a day's queue: every offer of that run still waiting for a person, one by one through
 * the same approve / skip as a single offer (so each is scheduled inside the send window, or its client released).
 * An offer the sender took meanwhile is counted as unchanged rather than failing the rest.
 */
export async function decideWaitingOffers(ctx: AppContext, organizationId: string, date: string, decision: 'approve' | 'skip'): Promise<{ date: string; changed: number; unchanged: number }> {
  const waiting = await ctx.db
    .selectFrom('reactivation_attempts as a')
    .innerJoin('reactivation_runs as r', 'r.id', 'a.run_id')
    .select('a.id')
    .where('a.organization_id', '=', organizationId)
    .where('r.organization_id', '=', organizationId)
    .where('r.run_date', '=', date)
    .where('a.status', '=', 'pending_review')
    .orderBy('a.scheduled_at')
    .orderBy('a.id')
    .execute();
  let changed = 0;
  let unchanged = 0;
  for (const { id } of waiting) {
    try {
      if (decision === 'approve') await approveAttempt(ctx, organizationId, id, undefined);
      else await skipAttempt(ctx, organizationId, id, 'skipped by a person');
      changed += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      unchanged += 1;
    }
  }
  return { date, changed, unchanged };
}
