import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Contact, Page } from '../../types.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { Avatar } from '../../components/Avatar.tsx';

interface ContactPickerProps {
  value: Contact | null;
  onChange(contact: Contact | null): void;
  error?: string;
}

/** Search contacts by name / phone / email and pick one. */
export function ContactPicker({ value, onChange, error }: ContactPickerProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const results = useQuery({
    queryKey: ['contacts', { q, picker: true }],
    queryFn: ({ signal }) => api.get<Page<Contact>>('/api/contacts', { q, limit: 8 }, { signal }),
    enabled: !value,
  });

  if (value) {
    return (
      <div className="picker-selected">
        <Avatar name={value.displayName} size={28} />
        <span>{value.displayName}</span>
        <span className="muted small">{value.phone ?? value.email ?? ''}</span>
        <button type="button" className="link-button" onClick={() => onChange(null)}>
          {t('common.change')}
        </button>
      </div>
    );
  }

  return (
    <div className={error ? 'picker field-invalid' : 'picker'}>
      <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={t('leads.searchContact')} autoFocus data-testid="lead-contact-search" />
      <ul className="picker-results">
        {(results.data?.items ?? []).map((contact) => (
          <li key={contact.id}>
            <button type="button" onClick={() => onChange(contact)} data-testid="lead-contact-option">
              <Avatar name={contact.displayName} size={24} />
              <span>{contact.displayName}</span>
              <span className="muted small">{contact.phone ?? contact.email ?? ''}</span>
            </button>
          </li>
        ))}
        {results.data && results.data.items.length === 0 && <li className="muted small picker-none">{t('contacts.noMatches')}</li>}
      </ul>
      {error && <span className="field-error">{error}</span>}
    </div>
  );
}
