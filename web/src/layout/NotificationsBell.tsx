import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { useFormat, useT } from '../i18n.tsx';
import { Icon } from '../components/Icon.tsx';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

const key = ['notifications'] as const;

/** The header bell: autopilot handovers and other notices for the team, refreshed by live events. */
export function NotificationsBell() {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ unread: number; items: Notification[] }>('/api/notifications', { limit: 20 }, { signal }),
  });
  const read = useMutation({ mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`), onSettled: () => queryClient.invalidateQueries({ queryKey: key }) });
  const readAll = useMutation({ mutationFn: () => api.post('/api/notifications/read-all'), onSettled: () => queryClient.invalidateQueries({ queryKey: key }) });

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);

  const unread = list.data?.unread ?? 0;
  return (
    <div className="notifications" ref={box}>
      <button type="button" className="icon-button" onClick={() => setOpen(!open)} aria-label={t('notifications.title')} aria-expanded={open} data-testid="notifications-bell">
        <Icon name="bell" />
        {unread > 0 && (
          <span className="notifications-count" data-testid="notifications-count">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div className="notifications-panel" role="dialog" aria-label={t('notifications.title')}>
          <div className="notifications-head">
            <strong>{t('notifications.title')}</strong>
            {unread > 0 && (
              <button type="button" className="button button-ghost button-small" onClick={() => readAll.mutate()}>
                {t('notifications.markAll')}
              </button>
            )}
          </div>
          {list.data?.items.length ? (
            <ul>
              {list.data.items.map((item) => (
                <li key={item.id} className={item.readAt ? 'notification' : 'notification unread'}>
                  <button
                    type="button"
                    onClick={() => {
                      if (!item.readAt) read.mutate(item.id);
                      setOpen(false);
                      if (item.link) navigate(item.link);
                    }}
                  >
                    <span className="notification-title">{item.title}</span>
                    <span className="notification-body">{item.body}</span>
                    <time className="muted small" dateTime={item.createdAt}>
                      {fmt.short(item.createdAt)}
                    </time>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('notifications.empty')}</p>
          )}
        </div>
      )}
    </div>
  );
}
