import { Outlet } from 'react-router-dom';
import { Header } from './Header.tsx';
import { Sidebar } from './Sidebar.tsx';

export function AppShell() {
  return (
    <div className="shell">
      <Sidebar />
      <div className="shell-main">
        <Header />
        <main className="shell-content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
