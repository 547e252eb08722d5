import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import type { Lead, Page } from '../../types.ts';

export function ContactLeads({ contactId }: { contactId: string }) {
  const t = useT();
  const fmt = useFormat();
  const leads = useQuery({
    queryKey: ['leads', { contactId }],
    queryFn: ({ signal }) => api.get<Page<Lead>>('/api/leads', { contactId, limit: 20 }, { signal }),
  });
  const items = leads.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="drawer-section">
      <h3 className="section-label">{t('contacts.leads')}</h3>
      <ul className="mini-list">
        {items.map((lead) => (
          <li key={lead.id}>
            <Link to="/leads" className="mini-list-item">
              <span className="badge">{lead.stageKey}</span>
              <span className="mini-list-text">{lead.title ?? lead.contactName}</span>
              {lead.value !== null && <span className="small nowrap">{fmt.money(lead.value, lead.currency)}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
