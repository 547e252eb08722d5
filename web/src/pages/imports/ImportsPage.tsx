import { useNavigate, useParams } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ImportForm } from './ImportForm.tsx';
import { EvolutionPull } from './EvolutionDbSync.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportRunView } from './ImportRunView.tsx';

/** Import WhatsApp / Telegram exports and contact lists: upload (owners and admins), follow the run, read reports. */
export function ImportsPage() {
  const t = useT();
  const me = useSession();
  const navigate = useNavigate();
  const { importId } = useParams();
  const admin = isAdminRole(me.role);
  const open = (id: string) => navigate(`/imports/${id}`);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('imports.title')}</h1>
      </header>
      <div className="stack">
        <p className="muted">{t('imports.intro')}</p>
        {admin ? <ImportForm onStarted={(run) => open(run.id)} /> : <p className="card muted" data-testid="import-admin-only">{t('imports.adminOnly')}</p>}
        {admin && <EvolutionPull />}
        {importId && <ImportRunView key={importId} importId={importId} />}
        <ImportHistory selectedId={importId} onOpen={open} />
      </div>
    </div>
  );
}
