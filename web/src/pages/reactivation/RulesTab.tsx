import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formErrors } from '../../api.ts';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { isAdminRole, useSession } from '../../session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { keys, reactivationApi, type IntervalSource, type ReactivationRule, type RulePatch } from './reactivation-api.ts';
import { CardHeading } from './CardHeading.tsx';

export const SOURCE_BADGE: Record<IntervalSource | 'client_history', string> = {
  manual: 'badge badge-running',
  historical: 'badge badge-success',
  client_history: 'badge badge-success',
  ai: 'badge badge-warm',
  default: 'badge badge-import',
};

/** Reactivation → Rules: one rule per service, its interval and where that interval comes from. */
export function RulesTab() {
  const t = useT();
  const me = useSession();
  const admin = isAdminRole(me.role);
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: keys.rules, queryFn: ({ signal }) => reactivationApi.rules(signal) });
  const services = useQuery({ queryKey: ['booking', 'services'], queryFn: ({ signal }) => reactivationApi.services(signal) });
  const [refreshAi, setRefreshAi] = useState(false);
  const [newService, setNewService] = useState('');
  // One save for the whole table: every row's edits are kept here until "Save changes".
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, unknown>>({});
  const saveAll = useMutation({
    mutationFn: async (changes: Array<{ rule: ReactivationRule; patch: RulePatch }>) => {
      const failed: Record<string, unknown> = {};
      for (const { rule, patch } of changes) {
        try {
          await reactivationApi.updateRule(rule.id, patch);
        } catch (error) {
          failed[rule.id] = error;
        }
      }
      return failed;
    },
    onSuccess: (failed) => {
      setRowErrors(failed);
      setDrafts((current) => Object.fromEntries(Object.entries(current).filter(([id]) => id in failed)));
      void queryClient.invalidateQueries({ queryKey: keys.rules });
      void queryClient.invalidateQueries({ queryKey: keys.candidates });
    },
  });
  const recompute = useMutation({
    mutationFn: () => reactivationApi.recompute({ refreshAi }),
    onSuccess: (data) => {
      queryClient.setQueryData(keys.rules, data);
      void queryClient.invalidateQueries({ queryKey: keys.candidates });
    },
  });
  const create = useMutation({
    mutationFn: (serviceId: string) => reactivationApi.createRule({ serviceId }),
    onSuccess: () => {
      setNewService('');
      void queryClient.invalidateQueries({ queryKey: keys.rules });
    },
  });

  if (rules.isPending) return <Spinner />;
  if (!rules.data) return <ErrorBanner error={rules.error} />;
  const items = rules.data.items;
  const changes = items.flatMap((rule) => {
    const draft = drafts[rule.id];
    const patch = draft ? draftPatch(rule, draft) : null;
    return patch && Object.keys(patch).length > 0 ? [{ rule, patch }] : [];
  });
  const badDiscounts = items.some((rule) => drafts[rule.id] && parseDiscounts(drafts[rule.id]!.discounts) === null);
  const withRule = new Set(items.map((rule) => rule.serviceId));
  const withoutRule = (services.data?.items ?? []).filter((s) => s.isActive !== false && !withRule.has(s.id));

  return (
    <div className="stack" data-testid="reactivation-rules">
      <div className="card stack">
        <CardHeading title={t('react.rules.title')} intro={t('react.rules.intro')}>
          {admin && (
            <div className="page-actions">
              <label className="checkbox small">
                <input type="checkbox" checked={refreshAi} onChange={(e) => setRefreshAi(e.target.checked)} data-testid="rules-refresh-ai" />
                <span>{t('react.rules.refreshAi')}</span>
              </label>
              <button type="button" className="button button-primary" disabled={recompute.isPending} onClick={() => recompute.mutate()} data-testid="rules-recompute">
                {recompute.isPending ? t('react.rules.recomputing') : t('react.rules.recompute')}
              </button>
            </div>
          )}
        </CardHeading>
        <ErrorBanner error={recompute.error ?? create.error} />
        {recompute.isSuccess && <p className="small muted" data-testid="rules-recomputed">{t('react.rules.recomputed', { count: String(recompute.data.items.length) })}</p>}
        <ul className="react-legend small muted">
          {(['manual', 'historical', 'ai', 'default'] as const).map((source) => (
            <li key={source}>
              <span className={SOURCE_BADGE[source]}>{t(`react.source.${source}` as MessageKey)}</span> {t(`react.source.${source}.hint` as MessageKey)}
            </li>
          ))}
        </ul>
        {items.length === 0 ? (
          <EmptyState icon="rotate" title={t('react.rules.none')}>
            {t('react.rules.noneHint')}
          </EmptyState>
        ) : (
          <div className="react-table-wrap">
            <table className="table table-compact react-rules-table">
              <thead>
                <tr>
                  <th>{t('react.rules.col.service')}</th>
                  <th>{t('react.rules.col.interval')}</th>
                  <th>{t('react.rules.col.source')}</th>
                  <th>{t('react.rules.col.candidates')}</th>
                  <th>{t('react.rules.col.manual')}</th>
                  <th>{t('react.rules.col.discounts')}</th>
                  <th>{t('react.rules.col.clientHistory')}</th>
                  <th>{t('react.rules.col.active')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((rule) => (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    editable={admin && !saveAll.isPending}
                    draft={drafts[rule.id] ?? draftOf(rule)}
                    error={rowErrors[rule.id]}
                    onChange={(draft) => setDrafts((current) => ({ ...current, [rule.id]: draft }))}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {admin && items.length > 0 && (
          <div className="form-actions">
            {changes.length > 0 && (
              <button type="button" className="button button-ghost" disabled={saveAll.isPending} onClick={() => (setDrafts({}), setRowErrors({}))} data-testid="rules-discard">
                {t('react.rules.discard')}
              </button>
            )}
            <button type="button" className="button button-primary" disabled={changes.length === 0 || badDiscounts || saveAll.isPending} onClick={() => saveAll.mutate(changes)} data-testid="rules-save">
              {saveAll.isPending ? t('common.saving') : changes.length > 0 ? t('react.rules.saveChanges', { n: String(changes.length) }) : t('react.rules.noChanges')}
            </button>
          </div>
        )}
        {admin && withoutRule.length > 0 && (
          <div className="react-inline-form">
            <select value={newService} onChange={(e) => setNewService(e.target.value)} aria-label={t('react.rules.addFor')} data-testid="rules-new-service">
              <option value="">{t('react.rules.addFor')}</option>
              {withoutRule.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
            <button type="button" className="button" disabled={!newService || create.isPending} onClick={() => create.mutate(newService)} data-testid="rules-add">
              {t('react.rules.add')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function parseDiscounts(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.replace('%', '').trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const numbers = parts.map(Number);
  return numbers.every((n) => Number.isInteger(n) && n >= 0) ? numbers : null;
}

interface Draft {
  manual: string;
  discounts: string;
  useClientHistory: boolean;
  isActive: boolean;
}

function draftOf(rule: ReactivationRule): Draft {
  return {
    manual: rule.candidates.manualDays === null ? '' : String(rule.candidates.manualDays),
    discounts: rule.attemptDiscounts.join(', '),
    useClientHistory: rule.useClientHistory,
    isActive: rule.isActive,
  };
}

/** The fields of a row that differ from the rule as saved. */
function draftPatch(rule: ReactivationRule, draft: Draft): RulePatch {
  const saved = draftOf(rule);
  const patch: RulePatch = {};
  if (draft.manual !== saved.manual) patch.manualIntervalDays = draft.manual.trim() === '' ? null : Number(draft.manual);
  if (draft.discounts !== saved.discounts) {
    const parsed = parseDiscounts(draft.discounts);
    if (parsed) patch.attemptDiscounts = parsed;
  }
  if (draft.useClientHistory !== saved.useClientHistory) patch.useClientHistory = draft.useClientHistory;
  if (draft.isActive !== saved.isActive) patch.isActive = draft.isActive;
  return patch;
}

function RuleRow({ rule, editable, draft, error, onChange }: { rule: ReactivationRule; editable: boolean; draft: Draft; error: unknown; onChange(draft: Draft): void }) {
  const t = useT();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => reactivationApi.deleteRule(rule.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.rules }),
  });
  const errors = formErrors(error, ['manualIntervalDays', 'attemptDiscounts', 'isActive', 'useClientHistory']);
  const localError = parseDiscounts(draft.discounts) === null ? t('react.rules.badDiscounts') : null;
  const c = rule.candidates;
  const candidate = (source: IntervalSource, days: number | null, extra?: string) => (
    <span className={rule.intervalSource === source ? 'react-candidate react-candidate-used' : 'react-candidate'} data-source={source}>
      {t(`react.source.${source}` as MessageKey)}: {days === null ? '—' : t('react.days', { n: String(days) })}
      {extra ? ` ${extra}` : ''}
    </span>
  );

  return (
    <tr data-testid="rule-row" data-rule-id={rule.id} data-source={rule.intervalSource} className={rule.isActive ? undefined : 'row-muted'}>
      <td className="react-name-cell">
        <strong title={rule.computedAt ? t('react.rules.computedAt', { date: fmt.dateTime(rule.computedAt) }) : undefined}>{rule.serviceName}</strong>
      </td>
      <td className="nowrap" data-testid="rule-interval">
        {t('react.days', { n: String(rule.intervalDays) })}
      </td>
      <td>
        <span className={SOURCE_BADGE[rule.intervalSource]} data-testid="rule-source" title={t(`react.source.${rule.intervalSource}.hint` as MessageKey)}>
          {t(`react.source.${rule.intervalSource}` as MessageKey)}
        </span>
      </td>
      <td>
        <div className="small react-candidates">
        {candidate('manual', c.manualDays)}
        {candidate('historical', c.historicalDays, c.historicalSample ? t('react.rules.sample', { n: String(c.historicalSample) }) : undefined)}
        <span title={c.aiReasoning ?? undefined}>{candidate('ai', c.aiDays, c.aiModel ? `(${c.aiModel})` : undefined)}</span>
        {candidate('default', c.defaultDays)}
        {c.aiReasoning && <div className="muted react-ai-reason">{c.aiReasoning}</div>}
        </div>
      </td>
      <td>
        <input
          type="number"
          min={1}
          max={3650}
          className="input-score"
          placeholder={t('react.rules.auto')}
          value={draft.manual}
          disabled={!editable}
          onChange={(e) => onChange({ ...draft, manual: e.target.value })}
          aria-label={t('react.rules.col.manual')}
          data-testid="rule-manual"
        />
        {errors.fields.manualIntervalDays && <div className="field-error">{errors.fields.manualIntervalDays}</div>}
      </td>
      <td>
        <input
          type="text"
          className="react-discounts"
          value={draft.discounts}
          disabled={!editable}
          onChange={(e) => onChange({ ...draft, discounts: e.target.value })}
          aria-label={t('react.rules.col.discounts')}
          title={t('react.rules.discountsHint')}
          data-testid="rule-discounts"
        />
        {(localError ?? errors.fields.attemptDiscounts) && <div className="field-error">{localError ?? errors.fields.attemptDiscounts}</div>}
      </td>
      <td>
        <input
          type="checkbox"
          checked={draft.useClientHistory}
          disabled={!editable}
          onChange={(e) => onChange({ ...draft, useClientHistory: e.target.checked })}
          aria-label={t('react.rules.col.clientHistory')}
          data-testid="rule-client-history"
        />
      </td>
      <td>
        <input
          type="checkbox"
          checked={draft.isActive}
          disabled={!editable}
          onChange={(e) => onChange({ ...draft, isActive: e.target.checked })}
          aria-label={t('react.rules.col.active')}
          data-testid="rule-active"
        />
      </td>
      <td className="cell-actions nowrap">
        {editable && (
          <>
            <ConfirmButton className="button button-small button-danger-ghost" onConfirm={() => remove.mutate()} disabled={remove.isPending} testId="rule-delete">
              {t('common.delete')}
            </ConfirmButton>
          </>
        )}
        {(errors.general || remove.error) && <ErrorBanner message={errors.general} error={remove.error} />}
      </td>
    </tr>
  );
}
