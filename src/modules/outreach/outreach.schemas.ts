import { z } from 'zod';

const HM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export const ZSendWindow = z
  .strictObject({
    start: z.string().regex(HM, 'HH:MM, 00:00–24:00'),
    end: z.string().regex(HM, 'HH:MM, 00:00–24:00'),
  })
  .refine((w) => w.start !== w.end, { message: 'the window must not be empty', path: ['end'] })
  .describe('Automated messages go out only inside this local window; an end before the start runs past midnight; 00:00–24:00 = always');

export const ZOutreachSettings = z.object({
  sendWindow: ZSendWindow.nullable().describe('null = the default 09:00–21:00 in the recipient’s zone where known, else the organization’s'),
  effectiveWindow: z.object({ start: z.string(), end: z.string() }),
});

export const ZOutreachSettingsInput = z.strictObject({ sendWindow: ZSendWindow.nullable() });

export const ZAccountSendStats = z.object({
  accountId: z.string(),
  name: z.string(),
  channel: z.string(),
  sentToday: z.number().int().describe('Every send of the account today, whichever feature made it'),
  sentThisHour: z.number().int(),
  allowance: z.number().int().nullable().describe('Today’s cap (daily cap lowered by the warm-up); null = unlimited'),
  remainingToday: z.number().int().nullable(),
  hourlyCap: z.number().int().nullable(),
  paceSeconds: z.number().nullable(),
});
