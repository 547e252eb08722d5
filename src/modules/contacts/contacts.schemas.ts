import { z } from 'zod';

const ZCustomFields = z
  .record(z.string().min(1).max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((fields) => Object.keys(fields).length <= 100, 'at most 100 custom fields');

const ZLanguage = z.string().regex(/^[a-z]{2,3}$/, 'must be an ISO 639 code such as ru or en');

export const ZContact = z.object({
  id: z.string(),
  displayName: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable().describe('E.164'),
  email: z.string().nullable(),
  telegramId: z.string().nullable(),
  telegramUsername: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
  companyId: z.string().nullable(),
  source: z.string(),
  optedOut: z.boolean(),
  optedOutAt: z.string().nullable(),
  optOutReason: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const contactFields = {
  firstName: z.string().trim().max(100).nullable().optional(),
  lastName: z.string().trim().max(100).nullable().optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().max(40).nullable().optional().describe('Any format; normalised to E.164 with the organization default region'),
  email: z.email().max(254).nullable().optional(),
  telegramId: z.string().regex(/^-?\d{1,20}$/, 'must be a numeric Telegram id').nullable().optional(),
  telegramUsername: z
    .string()
    .trim()
    .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, 'must be a Telegram username')
    .transform((u) => u.replace(/^@/, ''))
    .nullable()
    .optional(),
  language: ZLanguage.nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  customFields: ZCustomFields.optional(),
  companyId: z.uuid().nullable().optional(),
};

export const ZCreateContact = z.strictObject(contactFields);

export const ZUpdateContact = z.strictObject({
  ...contactFields,
  optedOut: z.boolean().optional().describe('true records an opt-out (now); false clears it'),
  optOutReason: z.string().trim().max(500).nullable().optional(),
});

export const ZListContactsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(200).optional().describe('Search in name, phone, email, Telegram username'),
  tag: z.string().trim().max(50).optional(),
  optedOut: z.enum(['true', 'false']).optional(),
  companyId: z.uuid().optional(),
});

export const ZContactParams = z.strictObject({ contactId: z.uuid() });

export const ZCompany = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  phone: z.string().nullable(),
  customFields: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const ZCreateCompany = z.strictObject({
  name: z.string().trim().min(1).max(200),
  domain: z.string().trim().max(253).nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  customFields: ZCustomFields.optional(),
});
export const ZUpdateCompany = ZCreateCompany.partial();
export const ZCompanyParams = z.strictObject({ companyId: z.uuid() });
export const ZListCompaniesQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(200).optional(),
});

export type CreateContactInput = z.infer<typeof ZCreateContact>;
export type UpdateContactInput = z.infer<typeof ZUpdateContact>;
