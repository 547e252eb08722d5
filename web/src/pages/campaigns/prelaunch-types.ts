/** POST /api/campaigns/:id/prelaunch: what the pre-launch dialog shows. */
export type HintCode = 'link_in_first_message' | 'many_links' | 'no_personalisation' | 'long_first_message' | 'long_message' | 'shouting';

export interface EmptyVariableProblem {
  code: 'empty_variable';
  variable: string;
  steps: number[];
  recipients: number;
  exampleContactId: string | null;
  exampleContactName: string | null;
}

export interface PrelaunchCheck {
  campaignId: string;
  account: { id: string; name: string; channel: string; riskScore: number; riskLevel: 'low' | 'medium' | 'high' };
  audience: {
    selected: number;
    excluded: { optedOut: number; noAddress: number; alreadyContacted: number };
    alreadyContactedKept: number;
    limitedBy: number | null;
    willJoin: number;
  };
  samples: Array<{ contactId: string; contactName: string; messages: Array<{ step: number; text: string; emptyVariables: string[] }> }>;
  window: { start: string; end: string; timezone: string; daysOfWeek: number[] | null; recipientZone: boolean; source: 'campaign' | 'default'; firstSendAt: string };
  allowance: { warmupLevel: number | null; today: number | null; sentToday: number; leftToday: number | null; hourlyCap: number | null; perDayInWindow: number | null; daysNeeded: number };
  hints: Array<{ code: HintCode; step: number; value: number; limit: number }>;
  business: { name: string | null; phone: string | null; address: string | null };
  problems: Array<EmptyVariableProblem | { code: 'no_recipients' }>;
  confirmToken: string | null;
}

export interface TestSendResult {
  messageId: string;
  conversationId: string;
  accountId: string;
  accountName: string;
  text: string;
}
