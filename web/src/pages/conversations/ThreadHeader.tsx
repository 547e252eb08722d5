import { Link } from 'react-router-dom';
import { useFormat, useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import type { Conversation } from '../../types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { ChannelBadge } from '../../components/ChannelBadge.tsx';
import { Icon } from '../../components/Icon.tsx';
import { conversationName } from '../../thread/conversationName.ts';
import { useConversationActions, useMembers } from './inboxQueries.ts';

function tomorrowAtNine(): string {
  const at = new Date();
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at.toISOString();
}

export function ThreadHeader({ conversation, onTogglePanel }: { conversation: Conversation; onTogglePanel(): void }) {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const members = useMembers();
  const { assign, setStatus } = useConversationActions(conversation.id);
  const name = conversationName(conversation);
  const contact = conversation.contact;
  const isAgent = me.role === 'agent';
  const isOthers = conversation.assignee !== null && conversation.assignee.id !== me.user.id;
  // Agents may take a free conversation or hand back their own; admins and owners assign anyone.
  const choices = (members.data?.items ?? []).filter((m) => !m.isDisabled && (!isAgent || m.id === me.user.id));
  const locked = isAgent && isOthers;

  return (
    <header className="thread-header">
      <Link to="/conversations" className="icon-button thread-back" aria-label={t('common.back')}>
        <Icon name="arrowLeft" />
      </Link>
      <Avatar name={name} size={40} />
      <div className="thread-header-main">
        <div className="thread-title">
          {contact ? (
            <Link to={`/contacts/${contact.id}`} className="thread-contact-link" title={t('thread.openContact')}>
              {name}
            </Link>
          ) : (
            <span>{name}</span>
          )}
          <ChannelBadge channel={conversation.channel} />
          {conversation.isGroup && <span className="badge">{t('inbox.group')}</span>}
          {contact?.optedOut && (
            <span className="badge badge-warning" title={t('thread.optedOutHint')}>
              {t('contacts.optedOut')}
            </span>
          )}
        </div>
        <div className="thread-subtitle">
          <span className={`status-dot status-${conversation.status}`} />
          <span data-testid="thread-status">{t(`inbox.status.${conversation.status}`)}</span>
          {conversation.status === 'snoozed' && conversation.snoozedUntil && <span> · {t('inbox.snoozedUntil', { time: fmt.dateTime(conversation.snoozedUntil) })}</span>}
        </div>
      </div>
      <div className="thread-actions">
        <select
          value={conversation.assignee?.id ?? ''}
          onChange={(event) => assign.mutate(event.target.value || null)}
          disabled={locked || assign.isPending}
          aria-label={t('inbox.assignee')}
          title={t('inbox.assignee')}
          data-testid="thread-assignee"
        >
          <option value="">{t('inbox.nobody')}</option>
          {conversation.assignee && !choices.some((m) => m.id === conversation.assignee!.id) && <option value={conversation.assignee.id}>{conversation.assignee.name}</option>}
          {choices.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
        {conversation.status === 'resolved' ? (
          <button type="button" className="button button-small" onClick={() => setStatus.mutate({ status: 'open' })} disabled={locked} data-testid="thread-reopen">
            {t('inbox.reopen')}
          </button>
        ) : (
          <>
            <details className="snooze-menu">
              <summary className="button button-small button-ghost" aria-disabled={locked}>
                <Icon name="clock" size={14} /> <span className="hide-narrow">{t('inbox.snooze')}</span>
              </summary>
              <div className="snooze-menu-items">
                <button type="button" onClick={() => setStatus.mutate({ status: 'snoozed', snoozedUntil: new Date(Date.now() + 3_600_000).toISOString() })} disabled={locked}>
                  {t('inbox.snooze.hour')}
                </button>
                <button type="button" onClick={() => setStatus.mutate({ status: 'snoozed', snoozedUntil: tomorrowAtNine() })} disabled={locked}>
                  {t('inbox.snooze.tomorrow')}
                </button>
                <button type="button" onClick={() => setStatus.mutate({ status: 'pending' })} disabled={locked}>
                  {t('inbox.pending')}
                </button>
              </div>
            </details>
            <button type="button" className="button button-small button-primary" onClick={() => setStatus.mutate({ status: 'resolved' })} disabled={locked} data-testid="thread-resolve">
              <Icon name="check" size={14} /> <span className="hide-narrow">{t('inbox.resolve')}</span>
            </button>
          </>
        )}
        <button type="button" className="icon-button" onClick={onTogglePanel} aria-label={t('panel.contact')} title={t('panel.contact')} data-testid="thread-panel-toggle">
          <Icon name="user" />
        </button>
      </div>
    </header>
  );
}
