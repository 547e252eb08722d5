import { useFormat, useT } from '../../i18n.tsx';
import type { Contact } from '../../types.ts';

export function ContactDetails({ contact }: { contact: Contact }) {
  const t = useT();
  const fmt = useFormat();
  const rows: [string, string | null][] = [
    [t('contacts.firstName'), contact.firstName],
    [t('contacts.lastName'), contact.lastName],
    [t('contacts.phone'), contact.phone],
    [t('contacts.email'), contact.email],
    [t('contacts.telegram'), contact.telegramUsername ? `@${contact.telegramUsername}` : contact.telegramId],
    [t('contacts.language'), contact.language],
    [t('contacts.source'), contact.source],
    [t('contacts.lastMessage'), contact.lastMessageAt ? fmt.dateTime(contact.lastMessageAt) : null],
    [t('contacts.created'), fmt.dateTime(contact.createdAt)],
  ];
  const custom = Object.entries(contact.customFields);
  return (
    <section className="drawer-section">
      <dl className="details">
        {rows.map(([label, value]) => (
          <div key={label} className="details-row">
            <dt>{label}</dt>
            <dd>{value || <span className="muted">—</span>}</dd>
          </div>
        ))}
        <div className="details-row">
          <dt>{t('contacts.tags')}</dt>
          <dd>
            {contact.tags.length ? (
              <span className="tag-list">
                {contact.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </span>
            ) : (
              <span className="muted">—</span>
            )}
          </dd>
        </div>
        {custom.map(([key, value]) => (
          <div key={key} className="details-row">
            <dt>{key}</dt>
            <dd>{value === null || value === undefined ? '—' : String(value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
