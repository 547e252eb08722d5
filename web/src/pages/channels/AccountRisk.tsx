import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import { usePlural } from '../../plural.ts';
import type { AccountSendingHealth, RiskFactor } from './channel-api.ts';

const RISK_BADGE: Record<AccountSendingHealth['risk']['level'], string> = { low: 'badge badge-success', medium: 'badge badge-warning', high: 'badge badge-failed' };
const ROW = { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' } as const;
const RATIO_FACTORS = new Set(['opt_outs', 'no_replies', 'failures', 'unreachable']);

/** The warm-up level and the risk score: what the channel is likely to think of this number, and what lowers the risk. */
export function AccountRisk({ data }: { data: AccountSendingHealth }) {
  const t = useT();
  const fmt = useFormat();
  const plural = usePlural();
  const { warmup, risk, today } = data;
  const measured = (f: RiskFactor) => (RATIO_FACTORS.has(f.code) ? `${Math.round(f.value * 100)}%` : fmt.number(f.value));
  return (
    <div className="stack" style={{ gap: 6, borderTop: '1px solid var(--border)', paddingTop: 8 }} data-testid="account-risk" data-risk={risk.level}>
      <div style={ROW}>
        <span className="muted small">{t('channels.risk.title')}</span>
        <span className={RISK_BADGE[risk.level]} data-testid="account-risk-score">
          {t(`channels.risk.level.${risk.level}` as MessageKey, { score: String(risk.score) })}
        </span>
      </div>
      {warmup.level !== null && (
        <div style={ROW} data-testid="account-warmup-level">
          <span className="muted small">{t('channels.warmup.title')}</span>
          <span className="small">
            {warmup.topLevel !== null
              ? t('channels.warmup.levelOf', { level: String(warmup.level), top: String(warmup.topLevel) })
              : t('channels.warmup.level', { level: String(warmup.level) })}
            {today.allowed !== null ? ` · ${plural('channels.warmup.allowance', today.allowed)}` : ''}
          </span>
        </div>
      )}
      {warmup.levelChange && warmup.levelChange !== 'hold' && warmup.levelChangedAt && (
        <p className="small muted" style={{ margin: 0 }} data-testid="account-warmup-change">
          {t(`channels.warmup.change.${warmup.levelChange}` as MessageKey, { date: fmt.date(warmup.levelChangedAt) })}
        </p>
      )}
      {risk.factors.length > 0 ? (
        <ul className="small" style={{ margin: 0, paddingLeft: 18, display: 'flex', flexDirection: 'column', gap: 4 }} data-testid="account-risk-factors">
          {risk.factors.map((f) => (
            <li key={f.code} data-factor={f.code}>
              <strong>{t(`channels.risk.factor.${f.code}` as MessageKey, { value: measured(f) })}</strong> {t(`channels.risk.lower.${f.code}` as MessageKey)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small muted" style={{ margin: 0 }}>
          {t('channels.risk.none')}
        </p>
      )}
    </div>
  );
}
