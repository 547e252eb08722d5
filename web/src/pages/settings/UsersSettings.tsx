import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { useFormat, useT } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import type { Member, Role } from '../../types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AddUserForm } from './AddUserForm.tsx';
import { RoleSelect } from './RoleSelect.tsx';

export const usersKey = ['users'] as const;

export function UsersSettings() {
  const t = useT();
  const fmt = useFormat();
  const me = useSession();
  const admin = isAdminRole(me.role);
  const queryClient = useQueryClient();
  const users = useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => api.get<{ items: Member[] }>('/api/users', undefined, { signal }),
  });

  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => api.patch<Member>(`/api/users/${userId}`, { role }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.delete(`/api/users/${userId}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });

  return (
    <div className="stack">
      <ErrorBanner error={users.error ?? changeRole.error ?? remove.error} />
      <div className="card card-flush">
        {users.isPending ? (
          <Spinner />
        ) : (
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('settings.name')}</th>
                <th>{t('settings.email')}</th>
                <th>{t('settings.role')}</th>
                <th>{t('settings.created')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(users.data?.items ?? []).map((user) => {
                const self = user.id === me.user.id;
                return (
                  <tr key={user.id}>
                    <td>
                      {user.name}
                      {self && <span className="muted small"> ({t('settings.you')})</span>}
                      {user.isDisabled && <span className="badge badge-warning">{t('settings.disabled')}</span>}
                    </td>
                    <td>{user.email}</td>
                    <td>
                      {admin && !self ? (
                        <RoleSelect value={user.role} onChange={(role) => changeRole.mutate({ userId: user.id, role })} disabled={changeRole.isPending} />
                      ) : (
                        t(`role.${user.role}`)
                      )}
                    </td>
                    <td className="muted nowrap">{fmt.date(user.createdAt)}</td>
                    <td className="cell-actions">
                      {admin && !self && (
                        <ConfirmButton onConfirm={() => remove.mutate(user.id)} question={t('settings.removeUserQuestion')} confirmLabel={t('common.remove')}>
                          {t('common.remove')}
                        </ConfirmButton>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {admin && <AddUserForm />}
    </div>
  );
}
