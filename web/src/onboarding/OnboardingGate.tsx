import { useEffect, useState } from 'react';
import { isAdminRole, useSession } from '../session.tsx';
import { OnboardingModal } from './OnboardingModal.tsx';
import { useAnalysisProfile } from './profileQueries.ts';

const laterKey = (organizationId: string) => `parley.onboarding.later.${organizationId}`;

function readLater(organizationId: string): boolean {
  try {
    return window.sessionStorage.getItem(laterKey(organizationId)) === '1';
  } catch {
    return false;
  }
}

/**
 * Opens the onboarding modal for an owner or admin of an organization whose brief was never completed.
 * "Later" hides it for this browser session; the next session asks again.
 */
export function OnboardingGate() {
  const me = useSession();
  const organizationId = me.organization.id;
  const [later, setLater] = useState(() => readLater(organizationId));
  const [open, setOpen] = useState(false);
  const profile = useAnalysisProfile(isAdminRole(me.role) && !later);

  // Latched: once shown it stays until closed, even after Finish marks the profile complete.
  useEffect(() => {
    if (profile.data && profile.data.completedAt === null && !later) setOpen(true);
  }, [profile.data, later]);

  if (!open || !profile.data) return null;
  return (
    <OnboardingModal
      profile={profile.data}
      onLater={() => {
        try {
          window.sessionStorage.setItem(laterKey(organizationId), '1');
        } catch {
          // storage unavailable: the choice lasts until the page reloads
        }
        setLater(true);
        setOpen(false);
      }}
      onDone={() => setOpen(false)}
    />
  );
}
