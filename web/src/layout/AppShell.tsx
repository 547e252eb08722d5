import { Outlet } from 'react-router-dom';
import { OnboardingGate } from '../onboarding/OnboardingGate.tsx';
import { useSession } from '../session.tsx';
import { Header } from './Header.tsx';
import { Sidebar } from './Sidebar.tsx';

export function AppShell() {
  const me = useSession();
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
