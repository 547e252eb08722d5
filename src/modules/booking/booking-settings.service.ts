import type { DbOrTx } from '../../platform/db/client.ts';
import type { SecretBox } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import type { UpdateBookingSettingsInput } from './booking.schemas.ts';

export interface YClientsConnection {
  companyId: string;
  baseUrl: string;
}

export interface YClientsTokens {
  partnerToken?: string;
  userToken?: string;
}

export interface BookingSettings {
  provider: 'builtin' | 'yclients';
  slotStepMinutes: number;
  minLeadMinutes: number;
  yclients: YClientsConnection | null;
  secretsEncrypted: string | null;
  lastSync: Record<string, unknown> | null;
}

export const DEFAULT_BOOKING_SETTINGS: BookingSettings = {
  provider: 'builtin',
  slotStepMinutes: 30,
  minLeadMinutes: 60,
  yclients: null,
  secretsEncrypted: null,
  lastSync: null,
};

export async function getBookingSettings(db: DbOrTx, organizationId: string): Promise<BookingSettings> {
  const row = await db.selectFrom('booking_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return { ...DEFAULT_BOOKING_SETTINGS };
  return {
    provider: row.provider,
    slotStepMinutes: row.slot_step_minutes,
    minLeadMinutes: row.min_lead_minutes,
    yclients: row.yclients,
    secretsEncrypted: row.secrets_encrypted,
    lastSync: (row.last_sync as Record<string, unknown> | null) ?? null,
  };
}

export function openYClientsTokens(settings: BookingSettings, secrets: SecretBox): YClientsTokens {
  if (!settings.secretsEncrypted) return {};
  return JSON.parse(secrets.open(settings.secretsEncrypted)) as YClientsTokens;
}

export function toBookingSettingsDto(settings: BookingSettings, secrets: SecretBox) {
  const tokens = settings.yclients ? openYClientsTokens(settings, secrets) : {};
  return {
    provider: settings.provider,
    slotStepMinutes: settings.slotStepMinutes,
    minLeadMinutes: settings.minLeadMinutes,
    yclients: settings.yclients
      ? { companyId: settings.yclients.companyId, baseUrl: settings.yclients.baseUrl, hasPartnerToken: Boolean(tokens.partnerToken), hasUserToken: Boolean(tokens.userToken) }
      : null,
    lastSync: settings.lastSync,
  };
}

/** Tokens are write-only: an omitted token keeps the stored one. YClients as provider needs both tokens. */
export async function saveBookingSettings(db: DbOrTx, secrets: SecretBox, organizationId: string, input: UpdateBookingSettingsInput, now: Date): Promise<BookingSettings> {
  const current = await getBookingSettings(db, organizationId);
  const tokens = { ...openYClientsTokens(current, secrets) };
  if (input.yclients?.partnerToken) tokens.partnerToken = input.yclients.partnerToken;
  if (input.yclients?.userToken) tokens.userToken = input.yclients.userToken;
  const yclients = input.yclients ? { companyId: input.yclients.companyId, baseUrl: input.yclients.baseUrl.replace(/\/+$/, '') } : current.yclients;
  const provider = input.provider ?? current.provider;
  if (provider === 'yclients') {
    if (!yclients) throw new AppError('BAD_REQUEST', 'YClients needs a company id and tokens', [{ field: 'body.yclients', message: 'required when provider is yclients' }]);
    if (!tokens.partnerToken) throw new AppError('BAD_REQUEST', 'YClients needs the partner token', [{ field: 'body.yclients.partnerToken', message: 'required' }]);
    if (!tokens.userToken) throw new AppError('BAD_REQUEST', 'YClients needs the user token', [{ field: 'body.yclients.userToken', message: 'required' }]);
  }
  const values = {
    provider,
    slot_step_minutes: input.slotStepMinutes ?? current.slotStepMinutes,
    min_lead_minutes: input.minLeadMinutes ?? current.minLeadMinutes,
    yclients: yclients ? JSON.stringify(yclients) : null,
    secrets_encrypted: tokens.partnerToken || tokens.userToken ? secrets.seal(JSON.stringify(tokens)) : null,
    updated_at: now,
  };
  await db
    .insertInto('booking_settings')
    .values({ organization_id: organizationId, ...values })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
    .execute();
  return getBookingSettings(db, organizationId);
}

export async function recordSyncState(db: DbOrTx, organizationId: string, state: Record<string, unknown>, now: Date): Promise<void> {
  await db
    .insertInto('booking_settings')
    .values({ organization_id: organizationId, last_sync: JSON.stringify(state), updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ last_sync: JSON.stringify(state), updated_at: now }))
    .execute();
}
