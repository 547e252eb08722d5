import type { ReactNode } from 'react';
import { useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';

/** Renders its children for owners and admins; a short note for agents. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const t = useT();
  const me = useSession();
  if (!isAdminRole(me.role)) return <p className="card muted">{t('settings.adminOnly')}</p>;
  return <>{children}</>;
}
