import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { api } from '../../api.ts';
import { useFormat, useI18n, useT } from '../../i18n.tsx';
import type { Contact, Conversation, Lead, Page, Pipeline } from '../../types.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useStageLabel } from '../leads/leadBits.tsx';
import { useSavedReplies } from './inboxQueries.ts';
import { AnalysisSummary, ContactMembership } from './ContactMembership.tsx';
import { LinkImportedChat } from './LinkImportedChat.tsx';

/** +996700111222 → "+996 700 111 222": the number as people write it. */
function humanPhone(phone: string | null): string | null {
  if (!phone) return null;
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}

function languageName(code: string | null, lang: string): string | null {
  if (!code) return null;
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Beside the thread: who the client is, their lead (stage, interest, autopilot), the activity, saved replies. */
export function LeadSidePanel({ conversation, onClose }: { conversation: Conversation; onClose(): void }) {
  const t = useT();
  const { lang } = useI18n();
  const contactId = conversation.contact?.id;
  const contact = useQuery({ queryKey: ['panel', 'contact', contactId], queryFn: ({ signal }) => api.get<Contact>(`/api/contacts/${contactId}`, undefined, { signal }), enabled: Boolean(contactId) });
  const leads = useQuery({ queryKey: ['panel', 'leads', contactId], queryFn: ({ signal }) => api.get<Page<Lead>>('/api/leads', { contactId, limit: 5 }, { signal }), enabled: Boolean(contactId) });
  const c = contact.data;

  return (
    <aside className="lead-side-panel" data-testid="lead-side-panel">
      <button type="button" className="icon-button panel-close" onClick={onClose} aria-label={t('common.close')}>
        <Icon name="x" />
      </button>
      <LinkImportedChat conversation={conversation} />
      <section>
        <h3>{t('panel.contact')}</h3>
        <ErrorBanner error={contact.error} />
        {c && (
          <dl className="panel-facts">
            <dt>{t('panel.phone')}</dt>
            <dd data-testid="panel-phone">{humanPhone(c.phone) ?? '—'}</dd>
            <dt>{t('panel.language')}</dt>
            <dd>{languageName(c.language, lang) ?? '—'}</dd>
            <dt>{t('panel.tags')}</dt>
            <dd>{c.tags.length ? c.tags.map((tag) => <span key={tag} className="badge">{tag}</span>) : '—'}</dd>
            {c.optedOut && (
              <>
                <dt />
                <dd>
                  <span className="badge badge-warning">{t('panel.optedOut')}</span>
                </dd>
              </>
            )}
          </dl>
        )}
      </section>
      <section>
        <h3>{t('panel.lead')}</h3>
        {leads.data && leads.data.items.length === 0 && <p className="muted small">{t('panel.noLead')}</p>}
        {leads.data?.items[0] && <LeadFacts lead={leads.data.items[0]} />}
      </section>
      {contactId && <AnalysisSummary contactId={contactId} />}
      {contactId && <ContactMembership contactId={contactId} />}
      <ActivityList conversationId={conversation.id} />
      <SavedRepliesEditor />
    </aside>
  );
}

function LeadFacts({ lead }: { lead: Lead }) {
  const t = useT();
  const queryClient = useQueryClient();
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: ({ signal }) => api.get<{ items: Pipeline[] }>('/api/pipelines', undefined, { signal }), staleTime: 60_000 });
  const stages = [...(pipelines.data?.items.find((p) => p.id === lead.pipelineId)?.stages ?? [])].sort((a, b) => a.position - b.position);
  const stageLabel = useStageLabel(stages);
  const patch = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Lead>(`/api/leads/${lead.id}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['panel'] }),
  });
  return (
    <div className="panel-lead">
      <ErrorBanner error={patch.error} />
      <label className="panel-field">
        <span>{t('leads.stage')}</span>
        <select value={lead.stageId} onChange={(event) => patch.mutate({ stageId: event.target.value })} data-testid="panel-stage">
          {stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stageLabel(stage.key)}
            </option>
          ))}
        </select>
      </label>
      <dl className="panel-facts">
        <dt>{t('panel.interest')}</dt>
        <dd>
          {lead.interestLevel ? <span className={`badge badge-interest-${lead.interestLevel}`}>{t(`inbox.interest.${lead.interestLevel}`)}</span> : '—'}
          {lead.score !== null && <span className="muted small"> · {lead.score}/100</span>}
        </dd>
      </dl>
      <label className="panel-toggle">
        <input type="checkbox" checked={lead.autopilot} onChange={(event) => patch.mutate({ autopilot: event.target.checked })} />
        <span>{t('thread.autopilot')}</span>
      </label>
      <Link to={`/leads?lead=${lead.id}`} className="small">
        {t('panel.openLead')}
      </Link>
    </div>
  );
}

interface Activity {
  id: string;
  kind: 'assigned' | 'status_changed';
  details: { to?: string | null; from?: string | null; reason?: string };
  actor: { id: string; name: string } | null;
  createdAt: string;
}

function ActivityList({ conversationId }: { conversationId: string }) {
  const t = useT();
  const fmt = useFormat();
  const activity = useQuery({
    queryKey: ['conversation-activity', conversationId],
    queryFn: ({ signal }) => api.get<{ items: Activity[] }>(`/api/conversations/${conversationId}/activity`, undefined, { signal }),
  });
  const members = useQuery({ queryKey: ['members'], queryFn: ({ signal }) => api.get<{ items: { id: string; name: string }[] }>('/api/users', undefined, { signal }), staleTime: 60_000 });
  const nameOf = (id: string | null | undefined) => members.data?.items.find((m) => m.id === id)?.name ?? '—';
  const items = activity.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section>
      <h3>{t('panel.history')}</h3>
      <ul className="panel-activity">
        {items.slice(-8).map((item) => {
          const actor = item.actor?.name ?? t('activity.system');
          const text =
            item.kind === 'assigned'
              ? item.details.to
                ? t('activity.assigned', { actor, to: nameOf(item.details.to) })
                : t('activity.unassigned', { actor })
              : item.details.reason === 'client_message'
                ? t('activity.clientReopened')
                : t('activity.status', { actor, status: t(`inbox.status.${item.details.to as 'open'}`) });
          return (
            <li key={item.id}>
              <span>{text}</span> <time className="muted small">{fmt.short(item.createdAt)}</time>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function SavedRepliesEditor() {
  const t = useT();
  const queryClient = useQueryClient();
  const saved = useSavedReplies();
  const [shortcut, setShortcut] = useState('');
  const [body, setBody] = useState('');
  const create = useMutation({
    mutationFn: () => api.post('/api/saved-replies', { shortcut, body }),
    onSuccess: () => {
      setShortcut('');
      setBody('');
      void queryClient.invalidateQueries({ queryKey: ['saved-replies'] });
    },
  });
  return (
    <section>
      <h3>{t('inbox.savedReplies')}</h3>
      <ul className="panel-saved">
        {(saved.data?.items ?? []).map((reply) => (
          <li key={reply.id}>
            <strong>/{reply.shortcut}</strong> <span className="muted small">{reply.body}</span>
          </li>
        ))}
      </ul>
      <details>
        <summary className="small">{t('inbox.newSavedReply')}</summary>
        <ErrorBanner error={create.error} />
        <input value={shortcut} onChange={(event) => setShortcut(event.target.value)} placeholder={t('inbox.shortcut')} aria-label={t('inbox.shortcut')} data-testid="saved-reply-shortcut" />
        <textarea value={body} onChange={(event) => setBody(event.target.value)} placeholder="{{ contact.first_name }}, …" aria-label={t('inbox.text')} rows={3} data-testid="saved-reply-body" />
        <button type="button" className="button button-small" onClick={() => create.mutate()} disabled={!shortcut.trim() || !body.trim() || create.isPending} data-testid="saved-reply-save">
          {t('inbox.save')}
        </button>
      </details>
    </section>
  );
}
