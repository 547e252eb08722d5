import type { Db, DbOrTx } from '../../platform/db/client.ts';
import { notify } from '../notifications/index.ts';
import { ACCOUNT_POLICY, ADDRESS_POLICY, afterFailure, waitBeforeAttempt, type ThrottlePolicy, type ThrottleState } from './engine/login-throttle.ts';
import * as repo from './orgs.repository.ts';

export interface LoginAttempt {
  email: string;
  address: string;
  now: Date;
}

export type AttemptVerdict = { allowed: true; accountLockedNow: boolean } | { allowed: false; waitMs: number; locked: boolean };

const keysOf = (attempt: LoginAttempt): [string, ThrottlePolicy][] => [
  [`account:${attempt.email.trim().toLowerCase()}`, ACCOUNT_POLICY],
  [`address:${attempt.address}`, ADDRESS_POLICY],
];

/**
 * Admits or refuses a sign-in attempt. An admitted attempt is counted as a failure at once (undone by
 * `loginSucceeded`), inside a transaction that locks both rows, so parallel guesses cannot slip past the count.
 */
export async function beginLoginAttempt(db: Db, attempt: LoginAttempt): Promise<AttemptVerdict> {
  return db.transaction().execute(async (tx) => {
    const rows: { key: string; policy: ThrottlePolicy; state: ThrottleState | undefined }[] = [];
    for (const [key, policy] of keysOf(attempt)) rows.push({ key, policy, state: await lockedRow(tx, key) });
    let refusal: { waitMs: number; locked: boolean } | null = null;
    for (const row of rows) {
      const wait = waitBeforeAttempt(row.state, attempt.now);
      if (wait.waitMs > 0 && (!refusal || wait.waitMs > refusal.waitMs)) refusal = wait;
    }
    if (refusal) return { allowed: false, ...refusal };
    let accountLockedNow = false;
    for (const [index, row] of rows.entries()) {
      const next = afterFailure(row.state, attempt.now, row.policy);
      if (index === 0) accountLockedNow = next.lockedNow;
      await tx
        .insertInto('login_throttle')
        .values({ key: row.key, failures: next.failures, last_failure_at: next.lastFailureAt, next_attempt_at: next.nextAttemptAt, locked_until: next.lockedUntil })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ failures: next.failures, last_failure_at: next.lastFailureAt, next_attempt_at: next.nextAttemptAt, locked_until: next.lockedUntil }),
        )
        .execute();
    }
    return { allowed: true, accountLockedNow };
  });
}

async function lockedRow(tx: DbOrTx, key: string): Promise<ThrottleState | undefined> {
  // A row must exist to be locked: concurrent first attempts would otherwise all see "no failures yet".
  await tx
    .insertInto('login_throttle')
    .values({ key, failures: 0, last_failure_at: new Date(0) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await tx.selectFrom('login_throttle').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
  return row ? { failures: row.failures, lastFailureAt: row.last_failure_at, nextAttemptAt: row.next_attempt_at, lockedUntil: row.locked_until } : undefined;
}

/** The right password: the account starts afresh and the address gets its counted attempt back. */
export async function loginSucceeded(db: Db, attempt: LoginAttempt): Promise<void> {
  const [accountKey, addressKey] = keysOf(attempt).map(([key]) => key);
  await db.deleteFrom('login_throttle').where('key', '=', accountKey!).execute();
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ failures: eb('failures', '-', 1), next_attempt_at: null }))
    .where('key', '=', addressKey!)
    .where('failures', '>', 0)
    .execute();
}

/** Tells the team of every organization the account belongs to that its sign-in is locked (nothing for unknown e-mails). */
export async function notifyAccountLocked(db: Db, attempt: LoginAttempt): Promise<void> {
  const user = await repo.findUserByEmail(db, attempt.email);
  if (!user) return;
  const minutes = Math.round(ACCOUNT_POLICY.lockMs / 60_000);
  for (const organization of await repo.listOrganizationsOfUser(db, user.id)) {
    await notify(db, organization.id, {
      kind: 'security.login_locked',
      title: `Sign-in for ${user.name} was locked for ${minutes} minutes`,
      body: `${ACCOUNT_POLICY.lockAfter} wrong passwords in a row for ${user.email}, the last from ${attempt.address}. If this was not ${user.name}, change the password once the lock ends.`,
      subjectType: 'user',
      subjectId: user.id,
    });
  }
}
