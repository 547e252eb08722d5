import { Navigate, useLocation } from 'react-router-dom';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Spinner } from '../components/Spinner.tsx';
import { SessionContext, useMe } from '../session.tsx';
import { AppShell } from './AppShell.tsx';

/** Renders the app shell for a signed-in user, otherwise sends them to the login page. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <div className="page-center"><Spinner /></div>;
  if (me.isError) return <div className="page-center"><ErrorBanner error={me.error} /></div>;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <SessionContext.Provider value={me.data}>
      <AppShell />
    </SessionContext.Provider>
  );
}
