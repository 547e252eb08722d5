import { NavLink, Outlet } from 'react-router-dom';
import { useT, type MessageKey } from '../../i18n.tsx';
import './booking.css';

const tabs: { path: string; label: MessageKey }[] = [
  { path: 'calendar', label: 'booking.tab.calendar' },
  { path: 'staff', label: 'booking.tab.staff' },
  { path: 'services', label: 'booking.tab.services' },
  { path: 'import', label: 'booking.tab.import' },
  { path: 'connection', label: 'booking.tab.connection' },
];

/** Booking: the appointments calendar, staff and their hours, services, the visit history import and the booking system. */
export function BookingPage() {
  const t = useT();
  return (
    <div className="page booking-page" data-testid="booking-page">
      <header className="page-header">
        <div>
          <h1>{t('booking.title')}</h1>
          <p className="muted small">{t('booking.intro')}</p>
        </div>
      </header>
      <nav className="tabs" aria-label={t('booking.title')}>
        {tabs.map((tab) => (
          <NavLink key={tab.path} to={`/booking/${tab.path}`} className={({ isActive }) => (isActive ? 'tab active' : 'tab')} data-testid={`booking-tab-${tab.path}`}>
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
