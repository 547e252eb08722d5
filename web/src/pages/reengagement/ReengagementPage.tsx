import { lazy, Suspense, useState } from 'react';
import { useT } from '../../i18n.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { QueueView } from './QueueView.tsx';
import { SettingsView } from './SettingsView.tsx';
import './reengagement.css';

// The dashboard brings the charting library; it is loaded when the tab is first opened, not with the app.
const DashboardView = lazy(() => import('./DashboardView.tsx').then((module) => ({ default: module.DashboardView })));

const TABS = ['queue', 'dashboard', 'settings'] as const;
type Tab = (typeof TABS)[number];

/** Re-engagement: the day's queue of quiet leads to write to (review, approve, slots), its results and its settings. */
export function ReengagementPage() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <div className="page reeng-page" data-testid="reengagement-page">
      <header className="page-header">
        <div>
          <h1>{t('reeng.title')}</h1>
          <p className="muted small">{t('reeng.intro')}</p>
        </div>
      </header>
      <nav className="tabs" aria-label={t('reeng.title')}>
        {TABS.map((name) => (
          <button key={name} type="button" className={name === tab ? 'tab active' : 'tab'} onClick={() => setTab(name)} data-testid={`reeng-tab-${name}`}>
            {t(`reeng.tab.${name}`)}
          </button>
        ))}
      </nav>
      {tab === 'queue' ? (
        <QueueView />
      ) : tab === 'dashboard' ? (
        <Suspense fallback={<Spinner />}>
          <DashboardView />
        </Suspense>
      ) : (
        <SettingsView />
      )}
    </div>
  );
}
