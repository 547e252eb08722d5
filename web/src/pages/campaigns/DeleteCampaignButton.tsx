import { useNavigate } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useDeleteCampaign } from './campaignQueries.ts';

/** Deletes a draft or a completed campaign (with its participants and sends) and returns to the list. */
export function DeleteCampaignButton({ campaignId }: { campaignId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const remove = useDeleteCampaign(campaignId);
  return (
    <>
      <ConfirmButton onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate('/campaigns') })} disabled={remove.isPending} testId="campaign-delete">
        {t('common.delete')}
      </ConfirmButton>
      <ErrorBanner error={remove.error} />
    </>
  );
}
