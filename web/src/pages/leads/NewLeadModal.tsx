import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import type { Contact, Lead, Pipeline, Stage } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ContactPicker } from './ContactPicker.tsx';
import { useDefaultName } from './default-names.ts';

const FIELDS = ['contactId', 'stageId', 'title', 'value'] as const;

export function NewLeadModal({ pipeline, stages, onClose }: { pipeline: Pipeline; stages: Stage[]; onClose(): void }) {
  const t = useT();
  const name = useDefaultName();
  const me = useSession();
  const queryClient = useQueryClient();
  const [contact, setContact] = useState<Contact | null>(null);
  const [stageId, setStageId] = useState(stages[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [value, setValue] = useState('');

  const amount = value.trim() ? Number(value.replace(',', '.').replace(/\s/g, '')) : null;
  const amountInvalid = amount !== null && (!Number.isFinite(amount) || amount < 0);

  const create = useMutation({
    mutationFn: () => {
      return api.post<Lead>('/api/leads', {
        contactId: contact?.id,
        pipelineId: pipeline.id,
        ...(stageId ? { stageId } : {}),
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(amount !== null ? { value: amount, currency: me.organization.currency } : {}),
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['leads'] });
      onClose();
    },
  });
  const errors = formErrors(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (contact && !amountInvalid) create.mutate();
  };

  return (
    <Modal title={t('leads.new')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorBanner message={errors.general} />
        <Field label={t('leads.contact')} error={errors.fields.contactId}>
          <ContactPicker value={contact} onChange={setContact} />
        </Field>
        <Field label={t('leads.titleField')} error={errors.fields.title}>
          <input value={title} onChange={(event) => setTitle(event.target.value)} placeholder={t('leads.titlePlaceholder')} data-testid="lead-title" />
        </Field>
        <div className="form-row">
          <Field label={`${t('leads.value')} (${me.organization.currency})`} error={amountInvalid ? t('leads.valueInvalid') : errors.fields.value}>
            <input value={value} onChange={(event) => setValue(event.target.value)} inputMode="decimal" data-testid="lead-value" />
          </Field>
          <Field label={t('leads.stage')} error={errors.fields.stageId}>
            <select value={stageId} onChange={(event) => setStageId(event.target.value)}>
              {stages.map((stage) => (
                <option key={stage.id} value={stage.id}>
                  {name('stage', stage.key, stage.name)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={!contact || create.isPending} data-testid="lead-create">
            {create.isPending ? t('common.saving') : t('leads.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
