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
      { key: 'new_lead', name: 'New lead', kind: 'open', baseScore: 5, description: 'First contact: nothing is known about the client\'s need yet.' },
      { key: 'not_qualified', name: 'Not qualified', kind: 'open', baseScore: 15, description: 'Not a fit: the client\'s niche, role or request is outside what the business serves.' },
      { key: 'qualified', name: 'Qualified', kind: 'open', baseScore: 30, description: 'A fit: the client\'s need, niche or budget is known and matches the business.' },
      { key: 'consultation_booked', name: 'Consultation booked', kind: 'open', baseScore: 40, description: 'A consultation or visit is agreed for a date and time.' },
      { key: 'consultation_completed', name: 'Consultation completed', kind: 'open', baseScore: 55, description: 'The consultation or visit took place.' },
      { key: 'deal_closed', name: 'Deal closed', kind: 'won', baseScore: 75, description: 'The client paid or signed.' },
      { key: 'deal_lost', name: 'Deal lost', kind: 'lost', baseScore: 0, description: 'The client refused or is not interested.' },
    ],
  },
  {
    key: 'sales',
    name: 'Sales',
    isDefault: false,
    stages: [
      { key: 'new_lead', name: 'New lead', kind: 'open', baseScore: null, description: 'First contact: the client wrote or was written to, nothing is known about their need yet.' },
      { key: 'qualified', name: 'Qualified', kind: 'open', baseScore: null, description: 'The need is clear: the client said what they want, for whom, their budget or timing.' },
      { key: 'warmed', name: 'Warmed up', kind: 'open', baseScore: null, description: 'Interested and engaged: asks about details, prices or terms, answers willingly, but no offer has been made yet.' },
      { key: 'proposal_sent', name: 'Proposal sent', kind: 'open', baseScore: null, description: 'We sent an offer: a price, a quote, a commercial proposal or an invoice.' },
      { key: 'negotiation', name: 'Negotiation', kind: 'open', baseScore: null, description: 'Discussing the offer: the client bargains, asks for a discount, compares with others or raises objections.' },
      { key: 'sold', name: 'Sold', kind: 'won', baseScore: null, description: 'The client agreed and paid or signed: the deal is done.' },
      { key: 'service', name: 'In service', kind: 'won', baseScore: null, description: 'After the sale: the client is served or supported — delivery, setup, questions about using what they bought, repeat orders.' },
      { key: 'closed', name: 'Closed', kind: 'lost', baseScore: null, description: 'Lost or closed: the client refused, stopped answering for good, or is not a fit.' },
    ],
  },
] as const;
