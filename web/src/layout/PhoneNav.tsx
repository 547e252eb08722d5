import { useEffect, useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useT } from '../i18n.tsx';
import { Icon } from '../components/Icon.tsx';
import type { NavItem } from './Sidebar.tsx';

/** The pages a phone's bottom bar shows itself; every other page is one tap away under "More". */
const PRIMARY = ['conversations', 'contacts', 'leads', 'import'];

const SETTINGS: NavItem = { name: 'settings', icon: 'sliders', label: 'nav.settings' };

/**
 * The phone's bottom navigation (only shown on narrow screens): four labelled pages and "More", which opens
 * a sheet with the rest (campaigns, booking, reactivation, re-engagement, sandbox, settings).
 */
export function PhoneNav({ items }: { items: NavItem[] }) {
  const t = useT();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const sheet = useRef<HTMLDivElement>(null);
  const primary = items.filter((item) => PRIMARY.includes(item.name));
  const more = [...items.filter((item) => !PRIMARY.includes(item.name)), SETTINGS];
  const pathOf = (item: NavItem) => `/${item.path ?? item.name}`;
  const onMorePage = more.some((item) => location.pathname.startsWith(pathOf(item)));

  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    const onClick = (event: MouseEvent) => {
      if (sheet.current && !sheet.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="phone-nav" ref={sheet}>
      {open && (
        <ul className="phone-nav-sheet" data-testid="phone-nav-sheet">
          {more.map((item) => (
            <li key={item.name}>
              <NavLink to={pathOf(item)} className={({ isActive }) => (isActive ? 'phone-nav-sheet-item active' : 'phone-nav-sheet-item')} data-testid={`phone-more-${item.name}`}>
                <Icon name={item.icon} />
                <span>{t(item.label)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      )}
      <ul className="phone-nav-bar">
        {primary.map((item) => (
          <li key={item.name}>
            <NavLink to={pathOf(item)} className={({ isActive }) => (isActive ? 'phone-nav-item active' : 'phone-nav-item')} data-testid={`phone-nav-${item.name}`}>
              <Icon name={item.icon} />
              <span>{t(item.label)}</span>
            </NavLink>
          </li>
        ))}
        <li>
          <button
            type="button"
            className={open || onMorePage ? 'phone-nav-item active' : 'phone-nav-item'}
            onClick={() => setOpen((value) => !value)}
            aria-expanded={open}
            data-testid="phone-nav-more"
          >
            <Icon name="more" />
            <span>{t('nav.more')}</span>
          </button>
        </li>
      </ul>
    </div>
  );
}
