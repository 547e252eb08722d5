import { useParams } from 'react-router-dom';
import { useT } from '../../i18n.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ConversationList } from './ConversationList.tsx';
import { ConversationThread } from './ConversationThread.tsx';

export function ConversationsPage() {
  const t = useT();
  const { conversationId } = useParams();
  return (
    <div className={conversationId ? 'split split-has-selection' : 'split'}>
      <ConversationList selectedId={conversationId} />
      <section className="split-main">
        {conversationId ? (
          <ConversationThread key={conversationId} conversationId={conversationId} />
        ) : (
          <EmptyState icon="inbox" title={t('inbox.pickTitle')}>
            {t('inbox.pickHint')}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
