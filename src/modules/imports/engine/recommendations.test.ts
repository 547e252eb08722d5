import { describe, expect, it } from 'vitest';
import type { ImportReport } from './import-types.ts';
import { recommendationsFor, recommendationText } from './recommendations.ts';
import { renderImportReport } from './report.ts';

const base: ImportReport = {
  source: 'whatsapp', dryRun: false, chats: 3, contacts: 3, imported: 3, skippedDuplicates: 0, updated: 0, messages: 30, messagesImported: 30,
  messagesSkippedDuplicates: 0, firstMessageAt: null, lastMessageAt: null, averageMessagesPerContact: 10, errors: [], invalidPhones: [],
  stages: { new_lead: 3 }, stageNames: { new_lead: 'New lead', sold: 'Sold' }, pipeline: { id: 'p', name: 'Sales' }, languages: { ru: 3 }, durationMs: 10,
};

describe('import recommendations (seed 004 "Рекомендации")', () => {
  it('names what failed with its fix, and what to check', () => {
    const report = { ...base, errors: [{ chat: 'a.txt', line: null, reason: 'chat not imported: cannot tell which author is you; name yourself' }, { chat: 'b.txt', line: 4, reason: 'unreadable line' }], invalidPhones: [{ contact: 'X', phone: '12', reason: 'too short' }] };
    const ids = recommendationsFor(report, { classified: false }).map((r) => r.id);
    expect(ids).toEqual(['unknownAuthor', 'unreadable', 'invalidPhones', 'allFirstStage', 'checkStages', 'checkContacts', 'checkRerun']);
  });

  it('never names a command-line option on the web', () => {
    for (const r of recommendationsFor({ ...base, errors: [{ chat: 'a', line: null, reason: 'cannot tell which author is you' }], invalidPhones: [{ contact: 'X', phone: '1', reason: 'x' }] }, { classified: false })) {
      expect(recommendationText(r, 'web')).not.toMatch(/--/);
    }
  });

  it('classified imports are not told to classify; the Markdown report has the section and seed 004 statuses', () => {
    const report = { ...base, stages: { new_lead: 1, sold: 2 } };
    expect(recommendationsFor(report, { classified: true }).map((r) => r.id)).not.toContain('allFirstStage');
    const markdown = renderImportReport(report, { organization: 'Soul KG', source: 'whatsapp x', date: new Date('2025-12-21'), classified: true });
    expect(markdown).toContain('## Recommendations');
    expect(markdown).toContain('| Sold (SOLD) | 2 |');
    expect(markdown).toContain('**Pipeline**: Sales');
  });
});
