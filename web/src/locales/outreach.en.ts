// English strings of the outbound settings (quiet hours).
export const outreachEn = {
  'outreach.quietHours': 'Quiet hours',
  'outreach.quietHoursHint': 'Campaigns, reactivation, re-engagement and the autopilot write to clients only inside this window, in the client’s time zone where known, otherwise the organization’s. Your own replies are never held.',
  'outreach.windowStart': 'Send from',
  'outreach.windowEnd': 'Send until',
  'outreach.always': 'Send at any time of day',
  'outreach.useDefault': 'Back to 09:00–21:00',
};
