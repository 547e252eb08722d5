import { lazy, Suspense } from 'react';
import { Spinner } from '../../components/Spinner.tsx';

// The dashboard brings the charting library; it is loaded when the tab is first opened, not with the app.
const DashboardTab = lazy(() => import('./DashboardTab.tsx').then((module) => ({ default: module.DashboardTab })));

export function DashboardRoute() {
  return (
    <Suspense fallback={<Spinner />}>
      <DashboardTab />
    </Suspense>
  );
}
