import { NavLink, Outlet } from 'react-router-dom';
import { useT, type MessageKey } from '../../i18n.tsx';
import './reactivation.css';

const tabs: { path: string; label: MessageKey }[] = [
  { path: 'queue', label: 'react.tab.queue' },
  { path: 'rules', label: 'react.tab.rules' },
  { path: 'settings', label: 'react.tab.settings' },
  { path: 'dashboard', label: 'react.tab.dashboard' },
];

/** Reactivation: today's queue of offers, the service rules, the settings and the results dashboard. */
export function ReactivationPage() {
  const t = useT();
  return (
    <div className="page reactivation-page" data-testid="reactivation-page">
      <header className="page-header">
        <div>
          <h1>{t('react.title')}</h1>
          <p className="muted small">{t('react.intro')}</p>
        </div>
      </header>
      <nav className="tabs" aria-label={t('react.title')}>
        {tabs.map((tab) => (
          <NavLink key={tab.path} to={`/reactivation/${tab.path}`} className={({ isActive }) => (isActive ? 'tab active' : 'tab')} data-testid={`reactivation-tab-${tab.path}`}>
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
