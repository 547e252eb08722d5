import { useEffect, type ReactNode } from 'react';
import { useT } from '../i18n.tsx';
import { Icon } from './Icon.tsx';

interface DrawerProps {
  title: ReactNode;
  onClose(): void;
  children: ReactNode;
}

/** A panel that slides in from the right over the page; Escape or the backdrop closes it. */
export function Drawer({ title, onClose, children }: DrawerProps) {
  const t = useT();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('.modal')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="overlay overlay-drawer" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <aside className="drawer" role="dialog" aria-modal="true">
        <header className="drawer-header">
          <div className="drawer-title">{title}</div>
          <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
            <Icon name="x" />
          </button>
        </header>
        <div className="drawer-body">{children}</div>
      </aside>
    </div>
  );
}
