import type { DbOrTx } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import { iso } from '../../platform/http/pagination.ts';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Where the UI opens it, e.g. `/conversations/<id>`. */
  link?: string | null;
  /** One person (an @mention); absent for the whole team. */
  userId?: string | null;
}

/** An in-app notice for the organization's team (the header bell); written in the caller's transaction. */
export async function notify(db: DbOrTx, organizationId: string, notification: NewNotification): Promise<string> {
  const row = await db
    .insertInto('notifications')
    .values({
      organization_id: organizationId,
      kind: notification.kind,
      title: notification.title,
      body: notification.body ?? '',
      subject_type: notification.subjectType ?? null,
      subject_id: notification.subjectId ?? null,
      link: notification.link ?? null,
      user_id: notification.userId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The team's notices plus those addressed to this person; a colleague's @mention is not theirs to see. */
function forViewer<QB extends { where: (...args: any[]) => QB }>(query: QB, viewerUserId: string | undefined): QB {
  if (!viewerUserId) return query.where('user_id', 'is', null);
  return query.where((eb: any) => eb.or([eb('user_id', 'is', null), eb('user_id', '=', viewerUserId)]));
}

export async function listNotifications(db: DbOrTx, organizationId: string, options: { unreadOnly: boolean; limit: number; viewerUserId?: string }) {
  let query = forViewer(db.selectFrom('notifications').selectAll().where('organization_id', '=', organizationId), options.viewerUserId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  const unread = await forViewer(
    db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('read_at', 'is', null),
    options.viewerUserId,
  ).executeTakeFirstOrThrow();
  return {
    unread: Number(unread.n),
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      link: row.link,
      readAt: iso(row.read_at),
      createdAt: iso(row.created_at)!,
    })),
  };
}

export async function markNotificationRead(db: DbOrTx, organizationId: string, notificationId: string, now: Date): Promise<void> {
  const result = await db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', notificationId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('notification');
}

export async function markAllNotificationsRead(db: DbOrTx, organizationId: string, now: Date): Promise<number> {
  const result = await db.updateTable('notifications').set({ read_at: now }).where('organization_id', '=', organizationId).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
