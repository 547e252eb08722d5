import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { useChannelAccounts } from '../../hooks/useChannelAccounts.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { CreateSandboxAccount } from './CreateSandboxAccount.tsx';
import { NewCustomerForm } from './NewCustomerForm.tsx';
import { SandboxConversationList } from './SandboxConversationList.tsx';
import { SandboxThread } from './SandboxThread.tsx';

/** The built-in test channel: play the customer, and watch the replies arrive from the inbox. */
export function SandboxPage() {
  const t = useT();
  const { conversationId } = useParams();
  const accounts = useChannelAccounts();
  const sandboxAccounts = (accounts.data ?? []).filter((account) => account.channel === 'sandbox');
  const [chosenAccountId, setChosenAccountId] = useState<string | null>(null);
  const accountId = sandboxAccounts.find((a) => a.id === chosenAccountId)?.id ?? sandboxAccounts[0]?.id;

  return (
    <div className={conversationId ? 'split split-has-selection' : 'split'}>
      <aside className="split-list">
        <div className="split-list-header">
          <h1>{t('sandbox.title')}</h1>
          <p className="muted small">{t('sandbox.explain')}</p>
        </div>
        <div className="split-list-body">
          <ErrorBanner error={accounts.error} />
          {accounts.isPending ? (
            <Spinner />
          ) : accountId ? (
            <NewCustomerForm accounts={sandboxAccounts} accountId={accountId} onAccountChange={setChosenAccountId} />
          ) : (
            <CreateSandboxAccount />
          )}
          <SandboxConversationList selectedId={conversationId} />
        </div>
      </aside>
      <section className="split-main">
        {conversationId ? (
          <SandboxThread key={conversationId} conversationId={conversationId} />
        ) : (
          <EmptyState icon="flask" title={t('sandbox.pickTitle')}>
            {t('sandbox.pickHint')}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
