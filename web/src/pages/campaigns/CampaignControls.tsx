import { useState } from 'react';
import { useT } from '../../i18n.tsx';
import { PrelaunchDialog } from './PrelaunchDialog.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { useCampaignAction, type CampaignAction } from './campaignQueries.ts';
import type { CampaignStatus } from './campaign-types.ts';

interface Props {
  campaignId: string;
  status: CampaignStatus;
  /** Runs before the action (the builder saves its changes); false cancels it. */
  before?: () => Promise<boolean>;
  onDone?: (action: CampaignAction) => void;
}

/** Start, Pause, Resume, Stop — whichever the campaign's status allows. Stop completes it for good. */
export function CampaignControls({ campaignId, status, before, onDone }: Props) {
  const t = useT();
  const action = useCampaignAction(campaignId);
  // Start opens the pre-launch check; the dialog's confirm starts with the check's token.
  const [checking, setChecking] = useState(false);
  const run = async (name: CampaignAction) => {
    if (before && !(await before())) return;
    if (name === 'start') {
      action.reset();
      setChecking(true);
      return;
    }
    action.mutate(name, { onSuccess: () => onDone?.(name) });
  };
  const confirmStart = (confirmToken: string) =>
    action.mutate(
      { action: 'start', confirmToken },
      {
        onSuccess: () => {
          setChecking(false);
          onDone?.('start');
        },
      },
    );
  const busy = action.isPending;
  return (
    <div className="campaign-controls">
      <div className="page-actions">
        {status === 'draft' && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run('start')} data-testid="campaign-start">
            {t('campaigns.action.start')}
          </button>
        )}
        {status === 'active' && (
          <button type="button" className="button button-ghost" disabled={busy} onClick={() => void run('pause')} data-testid="campaign-pause">
            {t('campaigns.action.pause')}
          </button>
        )}
        {status === 'paused' && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void run('resume')} data-testid="campaign-resume">
            {t('campaigns.action.resume')}
          </button>
        )}
        {(status === 'active' || status === 'paused') && (
          <ConfirmButton question={t('campaigns.action.stopQuestion')} onConfirm={() => void run('stop')} disabled={busy} testId="campaign-stop">
            {t('campaigns.action.stop')}
          </ConfirmButton>
        )}
      </div>
      {!checking && <ErrorBanner error={action.error} />}
      {checking && <PrelaunchDialog campaignId={campaignId} starting={action.isPending} startError={action.error} onClose={() => setChecking(false)} onConfirm={confirmStart} />}
    </div>
  );
}
