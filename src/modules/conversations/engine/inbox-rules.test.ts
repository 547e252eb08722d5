import { describe, expect, it } from 'vitest';
import { assignmentRefusal, findMentions, snoozeRefusal, statusRefusal } from './inbox-rules.ts';

const agent = { userId: 'a', role: 'agent' as const };
const admin = { userId: 'boss', role: 'admin' as const };

describe('assignment rules', () => {
  it('lets admins assign anyone and agents only themselves', () => {
    expect(assignmentRefusal(admin, 'x', 'y')).toBeNull();
    expect(assignmentRefusal(agent, null, 'a')).toBeNull();
    expect(assignmentRefusal(agent, 'a', null)).toBeNull();
    expect(assignmentRefusal(agent, null, 'b')).toMatch(/only to themselves/);
    expect(assignmentRefusal(agent, 'b', 'a')).toMatch(/colleague/);
  });
  it('keeps agents off a colleague’s conversation status', () => {
    expect(statusRefusal(agent, null)).toBeNull();
    expect(statusRefusal(agent, 'a')).toBeNull();
    expect(statusRefusal(agent, 'b')).not.toBeNull();
    expect(statusRefusal(admin, 'b')).toBeNull();
  });
});

describe('snooze', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  it('needs a future time only when snoozing', () => {
    expect(snoozeRefusal('snoozed', new Date('2026-12-07T11:00:00Z'), now)).toBeNull();
    expect(snoozeRefusal('snoozed', null, now)).toMatch(/needs a time/);
    expect(snoozeRefusal('snoozed', new Date('2026-12-07T09:00:00Z'), now)).toMatch(/future/);
    expect(snoozeRefusal('resolved', null, now)).toBeNull();
    expect(snoozeRefusal('open', now, now)).not.toBeNull();
  });
});

describe('mentions', () => {
  const members = [
    { id: '1', name: 'Айгуль' },
    { id: '2', name: 'Айгуль Т' },
    { id: '3', name: 'Bob' },
  ];
  it('finds whole names after @, longest first', () => {
    expect(findMentions('@Айгуль Т посмотри', members).sort()).toEqual(['2']);
    expect(findMentions('cc @bob and @Айгуль.', members).sort()).toEqual(['1', '3']);
    expect(findMentions('@Bobby no', members)).toEqual([]);
    expect(findMentions('email bob@x.com', members)).toEqual([]);
  });
});
