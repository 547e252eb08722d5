import type { ImportReport } from './import-types.ts';

/**
 * Seed 004's "Рекомендации": after an import, what failed and how to fix it, and what to check by hand. Derived from
 * the report alone, so a stored report gets the same advice; the wording lives with each renderer (Markdown here,
 * the web app's dictionaries there).
 */
export type RecommendationId =
  | 'unknownAuthor'
  | 'unreadable'
  | 'stageNotClassified'
  | 'invalidPhones'
  | 'dryRun'
  | 'nothingNew'
  | 'allFirstStage'
  | 'languagesUnknown'
  | 'checkStages'
  | 'checkContacts'
  | 'checkRerun';

export interface Recommendation {
  id: RecommendationId;
  kind: 'problem' | 'check';
  count?: number;
  /** A stage name, a date range: what the sentence points at. */
  detail?: string;
}

const UNKNOWN_AUTHOR = /cannot tell which author is you|every author is you/;
const STAGE_FAILED = /^stage not classified/;

export function recommendationsFor(report: ImportReport, options: { classified: boolean }): Recommendation[] {
  const out: Recommendation[] = [];
  const unknownAuthor = report.errors.filter((e) => UNKNOWN_AUTHOR.test(e.reason)).length;
  const stageFailed = report.errors.filter((e) => STAGE_FAILED.test(e.reason)).length;
  const unreadable = report.errors.length - unknownAuthor - stageFailed;
  if (unknownAuthor) out.push({ id: 'unknownAuthor', kind: 'problem', count: unknownAuthor });
  if (unreadable > 0) out.push({ id: 'unreadable', kind: 'problem', count: unreadable });
  if (stageFailed) out.push({ id: 'stageNotClassified', kind: 'problem', count: stageFailed });
  if (report.invalidPhones.length) out.push({ id: 'invalidPhones', kind: 'problem', count: report.invalidPhones.length });
  if (report.dryRun) out.push({ id: 'dryRun', kind: 'problem' });
  else if (report.messages > 0 && report.messagesImported === 0 && report.imported === 0) out.push({ id: 'nothingNew', kind: 'problem' });
  const stageEntries = Object.entries(report.stages).sort((a, b) => b[1] - a[1]);
  const leads = stageEntries.reduce((n, [, c]) => n + c, 0);
  if (!options.classified && leads > 1 && stageEntries.length === 1) {
    out.push({ id: 'allFirstStage', kind: 'problem', count: leads, detail: stageName(report, stageEntries[0]![0]) });
  }
  const languages = Object.values(report.languages).reduce((n, c) => n + c, 0);
  const unknown = report.languages.unknown ?? 0;
  if (languages >= 4 && unknown / languages > 0.5) out.push({ id: 'languagesUnknown', kind: 'problem', count: unknown });
  if (leads > 0) out.push({ id: 'checkStages', kind: 'check', count: stageEntries[0]![1], detail: stageName(report, stageEntries[0]![0]) });
  if (report.contacts > 0) out.push({ id: 'checkContacts', kind: 'check', count: report.contacts });
  if (!report.dryRun && report.messages > 0) out.push({ id: 'checkRerun', kind: 'check', count: report.messagesImported });
  return out;
}

export function stageName(report: Pick<ImportReport, 'stageNames'>, key: string): string {
  return report.stageNames?.[key] ?? key;
}

/** The English sentences of the Markdown report; `surface` says whether a command-line option may be named. */
export function recommendationText(r: Recommendation, surface: 'cli' | 'web'): string {
  const n = r.count ?? 0;
  switch (r.id) {
    case 'unknownAuthor':
      return `${n} chat(s) were not imported: it is not clear which author is you. Fix: ${surface === 'cli' ? 'pass --me with your name or phone as written in the export' : 'choose which author is you in the import form'} and import again — nothing already imported is duplicated.`;
    case 'unreadable':
      return `${n} line(s) or file(s) could not be read (listed under "Problems found"). Fix: export those chats again from WhatsApp or Telegram and import them again; the rest is already in.`;
    case 'stageNotClassified':
      return `${n} lead(s) were left in the first stage because the AI did not answer. Fix: check the AI settings (key, model, limits) and import again with AI classification; existing leads keep their stage, so move these by hand or re-run for new contacts.`;
    case 'invalidPhones':
      return `${n} phone number(s) could not be read; those contacts were imported by name. Fix: set the organization's region${surface === 'cli' ? ' (or --default-region)' : ''} so numbers without a country code are understood, then import again with "update existing contacts".`;
    case 'dryRun':
      return `This was a dry run: nothing was written. When the figures look right, run the same import without the dry run.`;
    case 'nothingNew':
      return `Nothing new was written: every message and contact was already imported. If you expected new messages, export the chats again — an export holds only what was on the phone at that moment.`;
    case 'allFirstStage':
      return `All ${n} leads are in "${r.detail}". Fix: import with AI stage classification${surface === 'cli' ? ' (--use-llm)' : ''} to place each by its dialog; it works offline without an AI key.`;
    case 'languagesUnknown':
      return `The language of ${n} contact(s) was not detected (short or media-only chats). Set it on the contact where it matters for replies.`;
    case 'checkStages':
      return `Check the stages: open 2–3 of the ${n} lead(s) in "${r.detail}" and read their dialogs — is the stage logical? Move any that are not; the board shows them by stage.`;
    case 'checkContacts':
      return `Check ${Math.min(n, 3)} of the ${n} contact(s): names, phones in international format (+996…), language, and that every message is there with the right dates.`;
    case 'checkRerun':
      return `Check duplicates: importing the same files again must add nothing (this run wrote ${n} message(s)); contacts are matched by phone.`;
  }
}
