import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface NormalizedPhone {
  e164: string | null;
  /** Why a non-empty input could not be normalised, for import reports and API errors. */
  problem: string | null;
}

/**
 * Normalises a phone as typed or exported (spaces, dashes, brackets, invisible marks, 00 prefix, local
 * format) to E.164 using the organization's default region for numbers without a country code.
 */
export function normalizePhone(raw: string | null | undefined, defaultRegion = 'KG'): NormalizedPhone {
  if (!raw) return { e164: null, problem: null };
  const cleaned = raw
    .normalize('NFKC')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u00a0]/g, '')
    .replace(/^00/, '+')
    .trim();
  if (!/\d/.test(cleaned)) return { e164: null, problem: 'no digits' };
  const parsed = parsePhoneNumberFromString(cleaned, { defaultCountry: defaultRegion as CountryCode, extract: false });
  if (!parsed) return { e164: null, problem: 'not a phone number' };
  if (!parsed.isValid()) return { e164: null, problem: parsed.country ? `not a valid ${parsed.country} number` : 'not a valid phone number' };
  return { e164: parsed.number, problem: null };
}

/** WhatsApp JIDs and chat ids carry the number without "+": `996700123456@s.whatsapp.net`. */
export function phoneFromWhatsAppJid(jid: string): string | null {
  const match = /^(\d{6,15})(?::\d+)?@(s\.whatsapp\.net|c\.us)$/.exec(jid);
  return match ? `+${match[1]}` : null;
}
