import type { Contact } from '../../types.ts';

export interface ContactFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  telegramUsername: string;
  tags: string;
}

export const CONTACT_FIELDS = ['firstName', 'lastName', 'phone', 'email', 'telegramUsername', 'tags'] as const;
type TextField = Exclude<(typeof CONTACT_FIELDS)[number], 'tags'>;
const TEXT_FIELDS: TextField[] = ['firstName', 'lastName', 'phone', 'email', 'telegramUsername'];

export function valuesFromContact(contact?: Contact): ContactFormValues {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    phone: contact?.phone ?? '',
    email: contact?.email ?? '',
    telegramUsername: contact?.telegramUsername ?? '',
    tags: contact?.tags.join(', ') ?? '',
  };
}

export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,;]/).map((tag) => tag.trim()).filter(Boolean))];
}

/** POST body: only the fields that were filled in. */
export function createBody(values: ContactFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const value = values[field].trim();
    if (value) body[field] = value;
  }
  const tags = parseTags(values.tags);
  if (tags.length) body.tags = tags;
  return body;
}

/** PATCH body: only the fields that changed; a cleared field is sent as null. */
export function updateBody(values: ContactFormValues, contact: Contact): Record<string, unknown> {
  const before = valuesFromContact(contact);
  const body: Record<string, unknown> = {};
  for (const field of TEXT_FIELDS) {
    const value = values[field].trim();
    if (value !== before[field].trim()) body[field] = value || null;
  }
  const tags = parseTags(values.tags);
  if (tags.join('\n') !== contact.tags.join('\n')) body.tags = tags;
  return body;
}
