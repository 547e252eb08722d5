import { createHash } from 'node:crypto';

/**
 * A message's identity when the source has no id of its own (WhatsApp exports): chat, time, author,
 * text, and how many identical messages came before it in the same chat — so two "ok" sent in the same
 * minute stay two messages, and re-importing the same history matches every message again.
 */
export class MessageFingerprinter {
  private readonly seen = new Map<string, number>();

  constructor(private readonly chatKey: string) {}

  next(timestamp: Date, author: string | null, text: string): string {
    const base = `${this.chatKey}\u0000${timestamp.toISOString()}\u0000${author ?? ''}\u0000${text}`;
    const occurrence = this.seen.get(base) ?? 0;
    this.seen.set(base, occurrence + 1);
    return `fp:${createHash('sha1').update(`${base}\u0000${occurrence}`).digest('base64url')}`;
  }
}
