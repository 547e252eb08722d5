/**
 * The stages the source specifications name. Seed 001 (dialog analysis) scores a lead by its stage, so
 * its funnel is the default pipeline and carries the base scores; seed 004 (import) classifies imported
 * clients into a sales funnel.
 */
export const DEFAULT_PIPELINES = [
  {
    key: 'consultation',
    name: 'Consultation funnel',
    isDefault: true,
    stages: [
      { key: 'new_lead', name: 'New lead', kind: 'open', baseScore: 5 },
      { key: 'not_qualified', name: 'Not qualified', kind: 'open', baseScore: 15 },
      { key: 'qualified', name: 'Qualified', kind: 'open', baseScore: 30 },
      { key: 'consultation_booked', name: 'Consultation booked', kind: 'open', baseScore: 40 },
      { key: 'consultation_completed', name: 'Consultation completed', kind: 'open', baseScore: 55 },
      { key: 'deal_closed', name: 'Deal closed', kind: 'won', baseScore: 75 },
      { key: 'deal_lost', name: 'Deal lost', kind: 'lost', baseScore: 0 },
    ],
  },
  {
    key: 'sales',
    name: 'Sales',
    isDefault: false,
    stages: [
      { key: 'new_lead', name: 'New lead', kind: 'open', baseScore: null },
      { key: 'qualified', name: 'Qualified', kind: 'open', baseScore: null },
      { key: 'warmed', name: 'Warmed up', kind: 'open', baseScore: null },
      { key: 'proposal_sent', name: 'Proposal sent', kind: 'open', baseScore: null },
      { key: 'negotiation', name: 'Negotiation', kind: 'open', baseScore: null },
      { key: 'sold', name: 'Sold', kind: 'won', baseScore: null },
      { key: 'service', name: 'In service', kind: 'won', baseScore: null },
      { key: 'closed', name: 'Closed', kind: 'lost', baseScore: null },
    ],
  },
] as const;
