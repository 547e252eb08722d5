import { hash } from 'node:crypto';

/**
 * A message's identity when the source has no id of its own (WhatsApp exports): chat, time, author,
 * text, and how many identical messages came before it at the same time in the same chat — so two "ok"
 * sent in the same minute stay two messages, and re-importing the same history matches every message
 * again. Only the current timestamp's messages are remembered (exports are chronological), which keeps
 * memory flat however long the history is.
 */
export class MessageFingerprinter {
  private currentTime = '';
  private readonly seenAtCurrentTime = new Map<string, number>();

  constructor(private readonly chatKey: string) {}

  /** `timestamp` may be given as `Date#toISOString` already wrote it (the importer reuses one per instant). */
  next(timestamp: Date | string, author: string | null, text: string): string {
    const time = typeof timestamp === 'string' ? timestamp : timestamp.toISOString();
    if (time !== this.currentTime) {
      this.currentTime = time;
      this.seenAtCurrentTime.clear();
    }
    const base = `${this.chatKey}\u0000${time}\u0000${author ?? ''}\u0000${text}`;
    const occurrence = this.seenAtCurrentTime.get(base) ?? 0;
    this.seenAtCurrentTime.set(base, occurrence + 1);
    return `fp:${hash('sha1', `${base}\u0000${occurrence}`, 'base64url')}`;
  }
}
