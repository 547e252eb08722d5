/** The file as a whole cannot be imported (empty, not text, no header, no usable column, bad mapping). Row problems never throw. */
export class CsvImportError extends Error {
  override name = 'CsvImportError';
}
