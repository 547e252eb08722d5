import type { Role } from '../../../platform/db/schema.ts';
import type { ConversationStatus } from '../inbox.tables.ts';

export interface Actor {
  userId: string;
  role: Role;
}

/**
 * Who may change a conversation's assignee. Owners and admins assign anyone; an agent takes an unassigned
 * conversation for themselves or hands back their own, but never moves a colleague's.
 */
export function assignmentRefusal(actor: Actor, currentAssignee: string | null, nextAssignee: string | null): string | null {
  if (actor.role !== 'agent') return null;
  if (currentAssignee !== null && currentAssignee !== actor.userId) return 'this conversation is assigned to a colleague; ask an admin to reassign it';
  if (nextAssignee !== null && nextAssignee !== actor.userId) return 'an agent can assign a conversation only to themselves';
  return null;
}

/** Who may change a conversation's status: anyone but an agent on a colleague's conversation. */
export function statusRefusal(actor: Actor, currentAssignee: string | null): string | null {
  if (actor.role !== 'agent') return null;
  if (currentAssignee !== null && currentAssignee !== actor.userId) return 'this conversation is assigned to a colleague';
  return null;
}

/** A snooze needs a wake-up time in the future; other statuses carry none. */
export function snoozeRefusal(status: ConversationStatus, snoozedUntil: Date | null, now: Date): string | null {
  if (status !== 'snoozed') return snoozedUntil ? 'only a snoozed conversation has a wake-up time' : null;
  if (!snoozedUntil) return 'a snooze needs a time to wake up';
  if (snoozedUntil.getTime() <= now.getTime()) return 'must be in the future';
  return null;
}

/** User ids mentioned as `@Name` in a note, matched against the organization's members (longest names first). */
export function findMentions(body: string, members: Array<{ id: string; name: string }>): string[] {
  const found = new Set<string>();
  let lower = body.toLocaleLowerCase();
  const byLength = [...members].sort((a, b) => b.name.length - a.name.length);
  for (const member of byLength) {
    const name = member.name.trim().toLocaleLowerCase();
    if (!name) continue;
    let from = 0;
    for (;;) {
      const at = lower.indexOf(`@${name}`, from);
      if (at < 0) break;
      const after = lower[at + name.length + 1];
      if (after === undefined || !/[\p{L}\p{N}_]/u.test(after)) {
        found.add(member.id);
        // Blank the match so a shorter name inside it ("Айгуль" in "@Айгуль Т") is not found again.
        lower = lower.slice(0, at) + ' '.repeat(name.length + 1) + lower.slice(at + name.length + 1);
        break;
      }
      from = at + 1;
    }
  }
  return [...found];
}
