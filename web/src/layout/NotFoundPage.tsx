import { Link } from 'react-router-dom';
import { useT } from '../i18n.tsx';
import { EmptyState } from '../components/EmptyState.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <div className="page">
      <EmptyState icon="help" title={t('notFound.title')}>
        <Link to="/conversations">{t('notFound.back')}</Link>
      </EmptyState>
    </div>
  );
}
