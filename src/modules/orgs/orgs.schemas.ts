import { z } from 'zod';

export const ZRole = z.enum(['owner', 'admin', 'agent']);

export const ZOrganization = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  defaultRegion: z.string(),
  timezone: z.string(),
  locale: z.string(),
  currency: z.string(),
  createdAt: z.string(),
});

export const ZUpdateOrganization = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as KG')
    .optional(),
  timezone: z
    .string()
    .refine((tz) => isValidTimeZone(tz), 'must be an IANA time zone such as Asia/Bishkek')
    .optional(),
  locale: z.enum(['ru', 'en']).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO currency code')
    .optional(),
});

export const ZMember = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  isDisabled: z.boolean(),
  createdAt: z.string(),
});

export const ZPassword = z.string().min(8, 'must be at least 8 characters').max(200);

export const ZCreateMember = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  password: ZPassword,
  role: ZRole.default('agent'),
});

export const ZUpdateMember = z.strictObject({ role: ZRole });

export const ZLogin = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  organization: z.string().trim().min(1).max(63).optional().describe('Organization slug, for users in several organizations'),
});

export const ZMe = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string().nullable() }),
  organization: ZOrganization,
  role: ZRole,
  organizations: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string(), role: ZRole })),
  via: z.enum(['session', 'token']),
});

export const ZApiToken = z.object({
  id: z.string(),
  name: z.string(),
  role: ZRole,
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZCreateApiToken = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: ZRole.default('agent'),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const ZUserIdParams = z.strictObject({ userId: z.uuid() });
export const ZTokenIdParams = z.strictObject({ tokenId: z.uuid() });

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
