import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Contact } from '../../types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Drawer } from '../../components/Drawer.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ContactConversations } from './ContactConversations.tsx';
import { ContactDetails } from './ContactDetails.tsx';
import { ContactForm } from './ContactForm.tsx';
import { ContactLeads } from './ContactLeads.tsx';
import { OpenConversationButton } from './OpenConversationButton.tsx';
import { OptOutControl } from './OptOutControl.tsx';
import { updateBody, valuesFromContact, type ContactFormValues } from './contactForm.ts';
import { contactKey, useContact } from './contactQueries.ts';

/** /contacts/:contactId — details, edit, opt-out, delete and "open conversation", over the list. */
export function ContactDrawer() {
  const t = useT();
  const { contactId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const contact = useContact(contactId);
  const [editing, setEditing] = useState(false);
  const close = () => navigate('/contacts');

  const saved = (updated: Contact) => {
    queryClient.setQueryData(contactKey(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: ['contacts'] });
  };

  const update = useMutation({
    mutationFn: (values: ContactFormValues) => api.patch<Contact>(`/api/contacts/${contactId}`, updateBody(values, contact.data!)),
    onSuccess: (updated) => {
      saved(updated);
      setEditing(false);
    },
  });

  const remove = useMutation({
    mutationFn: () => api.delete(`/api/contacts/${contactId}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: contactKey(contactId) });
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      close();
    },
  });

  const data = contact.data;
  return (
    <Drawer
      onClose={close}
      title={
        data ? (
          <div className="drawer-heading">
            <Avatar name={data.displayName} size={40} />
            <div>
              <h2 data-testid="contact-title">{data.displayName}</h2>
              {data.optedOut && <span className="badge badge-warning">{t('contacts.optedOut')}</span>}
            </div>
          </div>
        ) : (
          <h2>{t('contacts.contact')}</h2>
        )
      }
    >
      {contact.isPending ? (
        <Spinner />
      ) : contact.isError || !data ? (
        <ErrorBanner error={contact.error} />
      ) : (
        <>
          <div className="drawer-actions">
            <OpenConversationButton contact={data} />
            {!editing && (
              <button type="button" className="button button-ghost" onClick={() => setEditing(true)} data-testid="contact-edit">
                {t('common.edit')}
              </button>
            )}
            <ConfirmButton onConfirm={() => remove.mutate()} disabled={remove.isPending} question={t('contacts.deleteQuestion')} confirmLabel={t('common.delete')} testId="contact-delete">
              <Icon name="trash" size={16} />
              <span>{t('common.delete')}</span>
            </ConfirmButton>
          </div>
          <ErrorBanner error={remove.error} />
          {editing ? (
            <ContactForm
              initial={valuesFromContact(data)}
              onSubmit={(values) => update.mutate(values)}
              onCancel={() => {
                update.reset();
                setEditing(false);
              }}
              pending={update.isPending}
              error={update.error}
              submitLabel={t('common.save')}
            />
          ) : (
            <ContactDetails contact={data} />
          )}
          <OptOutControl contact={data} onSaved={saved} />
          <ContactConversations contactId={data.id} />
          <ContactLeads contactId={data.id} />
        </>
      )}
    </Drawer>
  );
}
