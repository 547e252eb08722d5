import { NavLink } from 'react-router-dom';
import { useT, type MessageKey } from '../i18n.tsx';
import { Icon, type IconName } from '../components/Icon.tsx';
import { PhoneNav } from './PhoneNav.tsx';

export interface NavItem {
  name: string;
  /** Route, when it differs from the name (the test id stays `nav-<name>`). */
  path?: string;
  icon: IconName;
  label: MessageKey;
}

export const live: NavItem[] = [
  { name: 'conversations', icon: 'inbox', label: 'nav.conversations' },
  { name: 'contacts', icon: 'users', label: 'nav.contacts' },
  { name: 'leads', icon: 'board', label: 'nav.leads' },
  { name: 'reengagement', icon: 'clock', label: 'nav.reengagement' },
  { name: 'import', path: 'imports', icon: 'upload', label: 'nav.import' },
  { name: 'campaigns', icon: 'send', label: 'nav.campaigns' },
  { name: 'sandbox', icon: 'flask', label: 'nav.sandbox' },
  { name: 'booking', icon: 'calendar', label: 'nav.booking' },
  { name: 'reactivation', icon: 'rotate', label: 'nav.reactivation' },
];

export function Sidebar() {
  const t = useT();
  return (
    <nav className="sidebar" aria-label={t('nav.main')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="chat" size={18} />
        </span>
        <span className="brand-name">Parley</span>
      </div>
      <ul className="nav-list nav-main">
        {live.map((item) => (
          <li key={item.name}>
            <NavLink to={`/${item.path ?? item.name}`} className={({ isActive }) => (isActive ? 'nav-item active' : 'nav-item')} data-testid={`nav-${item.name}`}>
              <Icon name={item.icon} />
              <span>{t(item.label)}</span>
            </NavLink>
          </li>
        ))}
      </ul>
      <PhoneNav items={live} />
      <ul className="nav-list nav-bottom">
        <li>
          <NavLink to="/settings" className={({ isActive }) => (isActive ? 'nav-item active' : 'nav-item')} data-testid="nav-settings">
            <Icon name="sliders" />
            <span>{t('nav.settings')}</span>
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}
