export { contactsRoutes } from './contacts.routes.ts';
export {
  createContact,
  getContact,
  updateContact,
  listContacts,
  toContactDto,
  upsertContactByAddress,
  findContactByAddress,
  nameUnnamedContact,
  composeDisplayName,
  likePattern,
  listContactsWithCompany,
  markContactOptedOut,
  type ContactAddress,
} from './contacts.service.ts';
export { createCompany, getCompany } from './companies.service.ts';
export { normalizePhone, phoneFromWhatsAppJid, type NormalizedPhone } from './phone.ts';
export { companyFieldSql } from './contact-sql.ts';
export { countOptedOutSince } from './contact-opt-outs.ts';
