/** A notification addressed to one person (an @mention); null means the whole team. */
export interface NotificationRecipientColumns {
  user_id: string | null;
}
