import { Outlet } from 'react-router-dom';
import { OnboardingGate } from '../onboarding/OnboardingGate.tsx';
import { useSession } from '../session.tsx';
import { Header } from './Header.tsx';
import { Sidebar } from './Sidebar.tsx';
import { useLiveUpdates } from '../hooks/useLiveUpdates.ts';

export function AppShell() {
  const me = useSession();
  useLiveUpdates();
  return (
    <div className="shell">
      <Sidebar />
      <div className="shell-main">
        <Header />
        <main className="shell-content">
          <Outlet />
        </main>
      </div>
      <OnboardingGate key={me.organization.id} />
    </div>
  );
}
