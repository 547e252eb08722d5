import type { ImportReport } from './import-types.ts';
import { recommendationsFor, recommendationText, stageName } from './recommendations.ts';

const table = (title: string, counts: Record<string, number>, label: (key: string) => string = (key) => key) => {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (rows.length === 0) return `## ${title}\n\n(none)\n`;
  return `## ${title}\n\n| | count |\n|---|---:|\n${rows.map(([key, n]) => `| ${label(key)} | ${n} |`).join('\n')}\n`;
};

/** Seed 004 names its statuses in capitals (NEW_LEAD, SOLD); the report gives the stage's name and that status. */
const stageLabel = (report: ImportReport) => (key: string) => `${stageName(report, key)} (${key.toUpperCase()})`;

/** The import report in Markdown, with the figures of seed 004's report template. */
export function renderImportReport(
  report: ImportReport,
  context: { organization: string; source: string; date: Date; classified?: boolean; surface?: 'cli' | 'web' },
): string {
  const recommendations = recommendationsFor(report, { classified: context.classified ?? false });
  const problems = recommendations.filter((r) => r.kind === 'problem');
  const checks = recommendations.filter((r) => r.kind === 'check');
  const errors = report.errors.slice(0, 200);
  return [
    `# Import report${report.dryRun ? ' (dry run — nothing was written)' : ''}`,
    '',
    `**Date**: ${context.date.toISOString().slice(0, 10)}  `,
    `**Organization**: ${context.organization}  `,
    `**Source**: ${context.source}  `,
    ...(report.pipeline ? [`**Pipeline**: ${report.pipeline.name}`] : []),
    '',
    '## Import statistics',
    '',
    `- **Chats**: ${report.chats}`,
    `- **Contacts**: ${report.contacts}`,
    `- **Imported (new contacts)**: ${report.imported}`,
    `- **Skipped (duplicates)**: ${report.skippedDuplicates}`,
    ...(report.updated ? [`- **Updated**: ${report.updated}`] : []),
    `- **Errors**: ${report.errors.length}`,
    '',
    table('Stage distribution', report.stages, stageLabel(report)),
    table('Language distribution', report.languages),
    '## Messages',
    '',
    `- **Total messages**: ${report.messages}`,
    `- **Imported**: ${report.messagesImported}, already present: ${report.messagesSkippedDuplicates}`,
    `- **Average per contact**: ${report.averageMessagesPerContact}`,
    `- **First message**: ${report.firstMessageAt ?? '—'}, **last message**: ${report.lastMessageAt ?? '—'}`,
    '',
    '## Problems found',
    '',
    errors.length === 0 && report.invalidPhones.length === 0 ? 'None.' : '',
    ...errors.map((e) => `- ${e.chat}${e.line ? `, line ${e.line}` : ''}: ${e.reason}`),
    ...(report.errors.length > errors.length ? [`- … and ${report.errors.length - errors.length} more`] : []),
    ...report.invalidPhones.map((p) => `- invalid phone for ${p.contact}: "${p.phone}" (${p.reason}); the contact was imported by name`),
    '',
    '## Recommendations',
    '',
    ...(problems.length ? ['**What failed and how to fix it**', '', ...problems.map((r, i) => `${i + 1}. ${recommendationText(r, context.surface ?? 'cli')}`), ''] : []),
    ...(checks.length ? ['**What to check**', '', ...checks.map((r, i) => `${i + 1}. ${recommendationText(r, context.surface ?? 'cli')}`), ''] : []),
    ...(recommendations.length === 0 ? ['None.', ''] : []),
    `_Took ${(report.durationMs / 1000).toFixed(1)} s._`,
    '',
  ].join('\n');
}
