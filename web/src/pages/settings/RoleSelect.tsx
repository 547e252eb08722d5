import { useT } from '../../i18n.tsx';
import type { Role } from '../../types.ts';

export const ROLES: Role[] = ['owner', 'admin', 'agent'];

export function RoleSelect({ value, onChange, disabled, testId }: { value: Role; onChange(role: Role): void; disabled?: boolean; testId?: string }) {
  const t = useT();
  return (
    <select value={value} onChange={(event) => onChange(event.target.value as Role)} disabled={disabled} aria-label={t('settings.role')} data-testid={testId}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </select>
  );
}
