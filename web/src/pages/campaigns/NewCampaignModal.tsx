import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { formErrors } from '../../api.ts';
import { useT } from '../../i18n.tsx';
import { Modal } from '../../components/Modal.tsx';
import { Field } from '../../components/Field.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useAgents, useCreateCampaign } from './campaignQueries.ts';

/** Names a new draft (sending from the first active account until step 2 says otherwise) and opens the builder. */
export function NewCampaignModal({ onClose }: { onClose(): void }) {
  const t = useT();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const agents = useAgents();
  const create = useCreateCampaign();
  const errors = formErrors(create.error, ['name']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const account = (agents.data ?? []).find((a) => a.status === 'active');
    create.mutate({ name: name.trim(), channelAccountId: account?.id ?? null }, { onSuccess: (campaign) => navigate(`/campaigns/${campaign.id}/edit`) });
  };

  return (
    <Modal
      title={t('campaigns.new')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form="new-campaign" className="button button-primary" disabled={!name.trim() || create.isPending} data-testid="campaign-create">
            {create.isPending ? t('common.saving') : t('campaigns.create')}
          </button>
        </>
      }
    >
      <form id="new-campaign" className="form" onSubmit={submit}>
        <Field label={t('campaigns.name')} error={errors.fields.name}>
          <input value={name} onChange={(event) => setName(event.target.value)} autoFocus maxLength={200} data-testid="campaign-name" />
        </Field>
        <ErrorBanner message={errors.general} />
      </form>
    </Modal>
  );
}
