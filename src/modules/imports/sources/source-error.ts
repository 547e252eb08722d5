/** The source as a whole cannot be used (missing, empty, not an export, corrupt archive): the run stops with this message. */
export class ImportSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportSourceError';
  }
}
