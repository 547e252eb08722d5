import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import type { Contact, Lead, Stage } from '../../types.ts';
import { INTEREST_LEVELS, type InterestLevel } from '../../analysis-types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ContactPicker } from './ContactPicker.tsx';
import { invalidateLeadData } from './leadQueries.ts';
import { useStageLabel } from './leadBits.tsx';

const FIELDS = ['contactId', 'name', 'phone', 'stageKey', 'interestLevel', 'note'] as const;

/** A lead for an existing contact, or for a new one by name and phone (POST /api/dialogs/leads). */
export function NewLeadModal({ stages, onClose, onCreated }: { stages: Stage[]; onClose(): void; onCreated(lead: Lead): void }) {
  const t = useT();
  const stageLabel = useStageLabel(stages);
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [contact, setContact] = useState<Contact | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [stageKey, setStageKey] = useState(stages[0]?.key ?? '');
  const [level, setLevel] = useState<InterestLevel | ''>('');
  const [note, setNote] = useState('');

  const create = useMutation({
    mutationFn: () =>
      api.post<Lead>('/api/dialogs/leads', {
        ...(mode === 'existing' ? { contactId: contact?.id } : { name: name.trim(), ...(phone.trim() ? { phone: phone.trim() } : {}) }),
        ...(stageKey ? { stageKey } : {}),
        ...(level ? { interestLevel: level } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: (lead) => {
      invalidateLeadData(queryClient);
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onCreated(lead);
    },
  });
  const errors = formErrors(create.error, FIELDS);
  const ready = mode === 'existing' ? Boolean(contact) : Boolean(name.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) create.mutate();
  };

  return (
    <Modal title={t('leads.new')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorBanner message={errors.general} />
        <div className="segmented" role="group" aria-label={t('leads.contact')}>
          {(['existing', 'new'] as const).map((option) => (
            <button
              key={option}
              type="button"
              className={mode === option ? 'segmented-item active' : 'segmented-item'}
              aria-pressed={mode === option}
              onClick={() => setMode(option)}
            >
              {t(option === 'existing' ? 'board.new.existingContact' : 'board.new.newContact')}
            </button>
          ))}
        </div>
        {mode === 'existing' ? (
          <Field label={t('leads.contact')} error={errors.fields.contactId}>
            <ContactPicker value={contact} onChange={setContact} />
          </Field>
        ) : (
          <div className="form-row">
            <Field label={t('contacts.name')} error={errors.fields.name}>
              <input value={name} onChange={(event) => setName(event.target.value)} autoFocus data-testid="lead-new-name" />
            </Field>
            <Field label={t('contacts.phone')} error={errors.fields.phone} hint={t('contacts.phoneHint')}>
              <input value={phone} onChange={(event) => setPhone(event.target.value)} inputMode="tel" data-testid="lead-new-phone" />
            </Field>
          </div>
        )}
        <div className="form-row">
          <Field label={t('leads.stage')} error={errors.fields.stageKey}>
            <select value={stageKey} onChange={(event) => setStageKey(event.target.value)} data-testid="lead-new-stage">
              {stages.map((stage) => (
                <option key={stage.id} value={stage.key}>
                  {stageLabel(stage.key)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('board.col.interest')} error={errors.fields.interestLevel}>
            <select value={level} onChange={(event) => setLevel(event.target.value as InterestLevel | '')}>
              <option value="">{t('board.new.levelAuto')}</option>
              {INTEREST_LEVELS.map((option) => (
                <option key={option} value={option}>
                  {t(`leads.interest.${option}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t('board.new.note')} error={errors.fields.note}>
          <textarea value={note} onChange={(event) => setNote(event.target.value)} rows={3} />
        </Field>
        <div className="form-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={!ready || create.isPending} data-testid="lead-create">
            {create.isPending ? t('common.saving') : t('leads.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
