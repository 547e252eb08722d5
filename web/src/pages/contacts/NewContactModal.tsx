import { useNavigate } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Contact } from '../../types.ts';
import { Modal } from '../../components/Modal.tsx';
import { ContactForm } from './ContactForm.tsx';
import { createBody, valuesFromContact, type ContactFormValues } from './contactForm.ts';
import { contactKey } from './contactQueries.ts';

export function NewContactModal({ onClose }: { onClose(): void }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (values: ContactFormValues) => api.post<Contact>('/api/contacts', createBody(values)),
    onSuccess: (contact) => {
      queryClient.setQueryData(contactKey(contact.id), contact);
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onClose();
      navigate(`/contacts/${contact.id}`);
    },
  });
  return (
    <Modal title={t('contacts.new')} onClose={onClose} wide>
      <ContactForm initial={valuesFromContact()} onSubmit={(values) => create.mutate(values)} onCancel={onClose} pending={create.isPending} error={create.error} submitLabel={t('contacts.create')} />
    </Modal>
  );
}
