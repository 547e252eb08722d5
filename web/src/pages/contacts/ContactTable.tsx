import { useFormat, useT } from '../../i18n.tsx';
import type { Contact } from '../../types.ts';
import { Avatar } from '../../components/Avatar.tsx';

interface ContactTableProps {
  contacts: Contact[];
  onOpen(contact: Contact): void;
  onTag(tag: string): void;
  emptyText: string;
}

export function ContactTable({ contacts, onOpen, onTag, emptyText }: ContactTableProps) {
  const t = useT();
  const fmt = useFormat();
  if (contacts.length === 0) return <p className="table-empty">{emptyText}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t('contacts.name')}</th>
          <th>{t('contacts.phone')}</th>
          <th>{t('contacts.email')}</th>
          <th>{t('contacts.telegram')}</th>
          <th>{t('contacts.tags')}</th>
          <th>{t('contacts.lastMessage')}</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((contact) => (
          <tr
            key={contact.id}
            className="table-row-link"
            onClick={() => onOpen(contact)}
            onKeyDown={(event) => event.key === 'Enter' && onOpen(contact)}
            tabIndex={0}
            data-testid="contact-row"
            data-contact-id={contact.id}
          >
            <td>
              <div className="cell-name">
                <Avatar name={contact.displayName} size={28} />
                <span>{contact.displayName}</span>
                {contact.optedOut && <span className="badge badge-warning">{t('contacts.optedOut')}</span>}
              </div>
            </td>
            <td className="mono">{contact.phone ?? <span className="muted">—</span>}</td>
            <td>{contact.email ?? <span className="muted">—</span>}</td>
            <td>{contact.telegramUsername ? `@${contact.telegramUsername}` : <span className="muted">—</span>}</td>
            <td>
              <div className="tag-list">
                {contact.tags.map((tag) => (
                  <button
                    key={tag}
                    type="button"
                    className="tag"
                    onClick={(event) => {
                      event.stopPropagation();
                      onTag(tag);
                    }}
                  >
                    {tag}
                  </button>
                ))}
              </div>
            </td>
            <td className="muted nowrap">{contact.lastMessageAt ? fmt.short(contact.lastMessageAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
