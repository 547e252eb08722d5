import { describe, expect, it } from 'vitest';
import { offlineOpener } from './ai-tasks.ts';

describe('offline opener of {{ ai.personalize }}', () => {
  it('never names the contact, so "Hello {{ contact.first_name }} {{ ai.personalize }}" does not say the name twice', () => {
    for (const language of ['ru', 'en'] as const) {
      const opener = offlineOpener({ language, contact: { firstName: 'Айпери', lastName: null, company: null, tags: [] }, conversation: [], campaignName: 'Весна' });
      expect(opener).not.toContain('Айпери');
      expect(`Hello Айпери ${opener}`).not.toMatch(/Айпери.*Айпери/);
    }
  });
});
