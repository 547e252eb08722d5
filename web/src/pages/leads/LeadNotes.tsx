import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, formErrors } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import type { LeadNote } from '../../analysis-types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { notesKey, useLeadNotes } from './leadQueries.ts';

export function LeadNotes({ leadId }: { leadId: string }) {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const queryClient = useQueryClient();
  const notes = useLeadNotes(leadId);
  const [body, setBody] = useState('');

  const add = useMutation({
    mutationFn: (text: string) => api.post<LeadNote>(`/api/leads/${leadId}/notes`, { body: text }),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: notesKey(leadId) });
    },
  });
  const remove = useMutation({
    mutationFn: (noteId: string) => api.delete(`/api/leads/${leadId}/notes/${noteId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notesKey(leadId) }),
  });
  const errors = formErrors(add.error, ['body']);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) add.mutate(body.trim());
  };

  return (
    <section className="drawer-section" aria-label={t('board.notes')}>
      <h3 className="section-label">{t('board.notes')}</h3>
      <ErrorBanner error={notes.error ?? remove.error} />
      {notes.isPending ? (
        <Spinner />
      ) : (notes.data ?? []).length === 0 ? (
        <p className="muted small">{t('board.notes.empty')}</p>
      ) : (
        <ul className="notes" data-testid="lead-notes">
          {(notes.data ?? []).map((note) => (
            <li key={note.id} className="note" data-testid="lead-note">
              <div className="note-meta">
                <strong>{note.authorName ?? '—'}</strong>
                <time className="muted small" dateTime={note.createdAt}>
                  {fmt.dateTime(note.createdAt)}
                </time>
                {note.authorUserId === me.user.id && (
                  <span className="note-delete">
                    <ConfirmButton onConfirm={() => remove.mutate(note.id)} className="link-button small" confirmLabel={t('common.delete')} testId="note-delete">
                      {t('common.delete')}
                    </ConfirmButton>
                  </span>
                )}
              </div>
              <p className="note-body">{note.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={submit} noValidate>
        <ErrorBanner message={errors.general} />
        <Field label={t('board.notes.add')} error={errors.fields.body}>
          <textarea value={body} onChange={(event) => setBody(event.target.value)} rows={2} data-testid="note-input" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-ghost button-small" disabled={!body.trim() || add.isPending} data-testid="note-add">
            {add.isPending ? t('common.saving') : t('board.notes.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
