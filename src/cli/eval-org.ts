import { loadConfig } from '../platform/config.ts';
import { createContext } from '../app/runtime.ts';
import { modelStatus, retrainOrgModel, type Agreement } from '../modules/analysis/index.ts';
import { closeDatabase } from './close-database.ts';
import { findOrganizationOrExit } from './find-organization.ts';

const pct = (v: number | null) => (v === null ? '   –  ' : `${(v * 100).toFixed(1)}%`.padStart(6));

function table(before: Agreement, after: Agreement): string {
  const lines = ['                 corrections   before    after'];
  for (const task of ['interest', 'stage'] as const) {
    lines.push(`  ${task.padEnd(14)} ${String(after[task].n).padStart(11)}   ${pct(before[task].agreement)}   ${pct(after[task].agreement)}`);
  }
  return lines.join('\n');
}

/**
 * `parley eval --org <slug> [--retrain]`: how well the organization's model agrees with the corrections its people
 * made — before (the model in use, which never saw them) and after retraining (k-fold: each correction predicted
 * by a model trained without it).
 */
export async function evalOrganization(slug: string, options: { retrain?: boolean; json?: boolean }): Promise<void> {
  const ctx = await createContext({ config: { ...loadConfig(), LOG_LEVEL: 'warn' } });
  try {
    const organization = await findOrganizationOrExit(ctx.db, slug);
    if (!organization) return;
    let status = await modelStatus(ctx.db, organization.id);
    if (options.retrain || (status.source !== 'organization' && status.corrections > 0)) {
      console.error(`Retraining the dialog model of ${organization.name} on ${status.corrections} corrections…`);
      await retrainOrgModel(ctx.db, organization.id, ctx.clock.now());
      status = await modelStatus(ctx.db, organization.id);
    }
    if (options.json) {
      console.log(JSON.stringify(status));
      return;
    }
    console.log(`${organization.name}: ${status.corrections} manual corrections; model ${status.source === 'organization' ? `of the organization, version ${status.version}` : status.source === 'shipped' ? `shipped with Parley, version ${status.version}` : 'none (rules only)'}`);
    if (status.before && status.after) console.log(table(status.before, status.after));
    else console.log('No corrections yet: change a lead’s interest or stage by hand, then retrain.');
    if (status.pendingCorrections > 0 && status.source === 'organization') console.log(`${status.pendingCorrections} corrections since the last retraining (parley eval --org ${organization.slug} --retrain).`);
  } finally {
    await closeDatabase(ctx.database);
  }
}
