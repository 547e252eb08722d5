/** A `multipart/form-data` body as the fakes read it: text fields and files (bytes, declared type, file name). */
export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, { bytes: Buffer; type: string; name: string }>;
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '');
}

/** Parses the raw body with the platform's own multipart reader (undici's `Response.formData`). */
export async function parseMultipart(contentType: string, raw: Buffer): Promise<MultipartBody> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const body: MultipartBody = { fields: {}, files: {} };
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') body.fields[key] = value;
    else body.files[key] = { bytes: Buffer.from(await value.arrayBuffer()), type: value.type, name: value.name };
  }
  return body;
}
