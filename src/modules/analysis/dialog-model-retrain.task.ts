import type { AppContext } from '../../platform/context.ts';
import type { PeriodicTask } from '../../platform/jobs/job-runner.ts';
import { organizationsToRetrain, retrainOrgModel } from './dialog-learning.service.ts';

/**
 * The scheduled half of "learning from the user": every few hours, each organization with corrections newer
 * than its model gets a retrained one. One organization per run, so a runner is never busy for long; concurrent
 * runners at worst train the same model twice (the last write wins, both are equal).
 */
export const RETRAIN_EVERY_MS = 6 * 3600_000;

export function dialogModelRetrainTask(ctx: AppContext): PeriodicTask {
  return {
    name: 'dialog-model-retrain',
    everyMs: RETRAIN_EVERY_MS,
    async run() {
      const [organizationId, ...rest] = await organizationsToRetrain(ctx.db);
      if (!organizationId) return false;
      const result = await retrainOrgModel(ctx.db, organizationId, ctx.clock.now());
      ctx.logger.info({ organizationId, version: result.version, corrections: result.corrections, before: result.before, after: result.after }, 'dialog model retrained');
      return rest.length > 0;
    },
  };
}
