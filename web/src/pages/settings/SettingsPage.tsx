import { NavLink, Outlet } from 'react-router-dom';
import { useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';

const tabs: { path: string; label: MessageKey; adminOnly: boolean }[] = [
  { path: 'organization', label: 'settings.organization', adminOnly: false },
  { path: 'users', label: 'settings.users', adminOnly: false },
  { path: 'channels', label: 'channels.tab', adminOnly: false },
  { path: 'tokens', label: 'settings.tokens', adminOnly: true },
  { path: 'webhooks', label: 'settings.webhooks', adminOnly: true },
  { path: 'business-profile', label: 'settings.businessProfile', adminOnly: false },
  { path: 'scoring', label: 'settings.scoring', adminOnly: false },
  { path: 'pipelines', label: 'settings.pipelines', adminOnly: false },
  { path: 'ai', label: 'settings.ai', adminOnly: false },
  { path: 'autopilot', label: 'settings.autopilot', adminOnly: false },
];

export function SettingsPage() {
  const t = useT();
  const me = useSession();
  const admin = isAdminRole(me.role);
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <nav className="tabs" aria-label={t('settings.title')}>
        {tabs
          .filter((tab) => admin || !tab.adminOnly)
          .map((tab) => (
            <NavLink key={tab.path} to={`/settings/${tab.path}`} className={({ isActive }) => (isActive ? 'tab active' : 'tab')} data-testid={`settings-tab-${tab.path}`}>
              {t(tab.label)}
            </NavLink>
          ))}
      </nav>
      <Outlet />
    </div>
  );
}
