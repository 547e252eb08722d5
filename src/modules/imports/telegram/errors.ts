/** The export as a whole cannot be read (not JSON, not a Telegram Desktop export). Per-message problems never throw. */
export class TelegramExportError extends Error {
  override name = 'TelegramExportError';
}
