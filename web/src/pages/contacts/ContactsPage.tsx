import { useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { ContactTable } from './ContactTable.tsx';
import { NewContactModal } from './NewContactModal.tsx';
import { useContactList, type ContactFilter } from './contactQueries.ts';

export function ContactsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState<string | null>(null);
  const [optedOut, setOptedOut] = useState<'' | 'true' | 'false'>('');
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search.trim(), 300);

  const filter: ContactFilter = { ...(q ? { q } : {}), ...(tag ? { tag } : {}), ...(optedOut ? { optedOut } : {}) };
  const list = useContactList(filter);
  const filtered = Boolean(q || tag || optedOut);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('contacts.title')}</h1>
        <div className="page-actions">
          <div className="search-box">
            <Icon name="search" size={16} />
            <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={t('contacts.search')} data-testid="contact-search" />
          </div>
          <select value={optedOut} onChange={(event) => setOptedOut(event.target.value as '' | 'true' | 'false')} aria-label={t('contacts.filterOptOut')}>
            <option value="">{t('contacts.filterAll')}</option>
            <option value="false">{t('contacts.filterReachable')}</option>
            <option value="true">{t('contacts.filterOptedOut')}</option>
          </select>
          <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="contact-new">
            <Icon name="plus" size={16} />
            <span>{t('contacts.new')}</span>
          </button>
        </div>
      </header>
      {tag && (
        <div className="filter-chips">
          <span className="chip">
            {t('contacts.tag')}: {tag}
            <button type="button" onClick={() => setTag(null)} aria-label={t('common.remove')}>
              <Icon name="x" size={12} />
            </button>
          </span>
        </div>
      )}
      <ErrorBanner error={list.error} />
      <div className="card card-flush">
        {list.isPending ? (
          <Spinner />
        ) : (
          <ContactTable contacts={list.items} onOpen={(contact) => navigate(`/contacts/${contact.id}`)} onTag={setTag} emptyText={filtered ? t('contacts.noMatches') : t('contacts.empty')} />
        )}
      </div>
      <LoadMore query={list} testId="contacts-load-more" />
      {creating && <NewContactModal onClose={() => setCreating(false)} />}
      <Outlet />
    </div>
  );
}
