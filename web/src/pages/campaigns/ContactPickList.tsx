import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { usePickerContacts } from './campaignQueries.ts';

interface Props {
  selected: string[];
  accountId: string | null;
  disabled: boolean;
  onChange(ids: string[]): void;
}

/** Pick contacts one by one: search, outreach status (new | in outreach), checkboxes; only contacts the account can reach. */
export function ContactPickList({ selected, accountId, disabled, onChange }: Props) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [outreach, setOutreach] = useState<'new' | 'in_outreach' | null>(null);
  const q = useDebounced(search.trim(), 250);
  const contacts = usePickerContacts({ search: q, outreachStatus: outreach, bdAccountId: accountId });
  const chosen = new Set(selected);
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((x) => x !== id));

  return (
    <div className="pick-list" data-testid="contact-pick-list">
      <div className="pick-list-toolbar">
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('campaigns.picker.search')} data-testid="picker-search" />
        <select value={outreach ?? ''} onChange={(e) => setOutreach((e.target.value || null) as typeof outreach)} aria-label={t('campaigns.filters.outreachStatus')}>
          <option value="">{t('campaigns.filters.any')}</option>
          <option value="new">{t('campaigns.outreach.new')}</option>
          <option value="in_outreach">{t('campaigns.outreach.in_outreach')}</option>
        </select>
        <span className="muted small" data-testid="picker-selected-count">
          {t('campaigns.picker.selected', { n: selected.length })}
        </span>
        {selected.length > 0 && (
          <button type="button" className="link-button" onClick={() => onChange([])} disabled={disabled}>
            {t('campaigns.picker.clear')}
          </button>
        )}
      </div>
      <ul className="pick-list-items">
        {contacts.items.map((c) => (
          <li key={c.id}>
            <label className="checkbox pick-list-row" data-testid="picker-contact">
              <input type="checkbox" checked={chosen.has(c.id)} disabled={disabled} onChange={(e) => toggle(c.id, e.target.checked)} />
              <span className="pick-list-name">{c.displayName}</span>
              <span className="muted small">{c.phone ?? c.email ?? (c.telegramUsername ? `@${c.telegramUsername}` : '')}</span>
              <span className={c.outreachStatus === 'new' ? 'badge' : 'badge badge-warning'}>{t(`campaigns.outreach.${c.outreachStatus}`)}</span>
            </label>
          </li>
        ))}
        {contacts.data && contacts.items.length === 0 && <li className="muted small picker-none">{t('contacts.noMatches')}</li>}
      </ul>
      {contacts.hasNextPage && (
        <button type="button" className="button button-ghost button-small" onClick={() => contacts.fetchNextPage()} disabled={contacts.isFetchingNextPage}>
          {t('common.loadMore')}
        </button>
      )}
    </div>
  );
}
