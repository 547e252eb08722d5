import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { useT, type MessageKey } from '../i18n.tsx';
import { resetSessionCache, useSession } from '../session.tsx';
import { Avatar } from '../components/Avatar.tsx';
import { Icon } from '../components/Icon.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationsBell } from './NotificationsBell.tsx';

export function Header() {
  const t = useT();
  const me = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const logout = useMutation({
    mutationFn: () => api.post('/api/auth/logout', {}, { allowUnauthorized: true }),
    onSettled: () => {
      resetSessionCache(queryClient, null);
      navigate('/login', { replace: true });
    },
  });

  return (
    <header className="topbar">
      <div className="topbar-org" title={me.organization.slug}>
        {me.organization.name}
      </div>
      <div className="topbar-actions">
        <LanguageSwitch />
        <NotificationsBell />
        <div className="topbar-user">
          <Avatar name={me.user.name || me.user.email} size={30} />
          <div className="topbar-user-text">
            <span className="topbar-user-name">{me.user.name || me.user.email}</span>
            <span className="topbar-user-role">{t(`role.${me.role}` as MessageKey)}</span>
          </div>
        </div>
        <button type="button" className="icon-button" onClick={() => logout.mutate()} title={t('header.logout')} aria-label={t('header.logout')} data-testid="logout">
          <Icon name="logout" />
        </button>
      </div>
    </header>
  );
}
