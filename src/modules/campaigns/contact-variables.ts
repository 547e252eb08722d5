import type { listContactsWithCompany } from '../contacts/index.ts';
import type { RenderContext } from './engine/render.ts';

export type ContactWithCompany = Awaited<ReturnType<typeof listContactsWithCompany>>[number];

/** `{{ contact.* }}` and `{{ company.* }}` (the contact's own company) for one recipient: the same in preview, check and send. */
export function contactVariables(contact: ContactWithCompany): Pick<RenderContext, 'contact' | 'company'> {
  return {
    contact: {
      first_name: contact.first_name,
      last_name: contact.last_name,
      name: contact.display_name,
      phone: contact.phone_e164,
      email: contact.email,
      telegram_username: contact.telegram_username,
      telegram_id: contact.telegram_id,
      language: contact.language,
      tags: contact.tags,
      custom: (contact.custom_fields ?? {}) as Record<string, unknown>,
    },
    company: { name: contact.company_name ?? null, domain: contact.company_domain ?? null, custom: (contact.company_custom_fields ?? {}) as Record<string, unknown> },
  };
}
