import { Fragment } from 'react';
import { useFormat, useT } from '../../i18n.tsx';
import type { CampaignStats, Step } from './campaign-types.ts';
import { percent } from './format.ts';

/** Per step — and per A/B variant under it — what was sent, delivered, read and answered. */
export function StepStatsTable({ stats, steps }: { stats: CampaignStats; steps: Step[] }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <section className="card card-flush" data-testid="step-stats">
      <h2 className="card-title card-flush-title">{t('campaigns.stats.steps')}</h2>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('campaigns.stats.step')}</th>
            <th className="num">{t('campaigns.stats.messagesSent')}</th>
            <th className="num">{t('campaigns.stats.delivered')}</th>
            <th className="num">{t('campaigns.stats.read')}</th>
            <th className="num">{t('campaigns.stats.replied')}</th>
            <th className="num">{t('campaigns.stats.failed')}</th>
            <th className="num">{t('campaigns.stats.replyRate')}</th>
          </tr>
        </thead>
        <tbody>
          {stats.steps.map((row) => {
            const step = steps.find((s) => s.id === row.stepId);
            return (
              <Fragment key={row.stepId}>
                <tr data-testid="step-stats-row" data-order={row.order}>
                  <td>
                    <strong>{row.order + 1}.</strong> <span className="muted small">{t(`campaigns.trigger.${row.trigger === 'after_reply' ? 'after_reply' : 'delay'}`)}</span>
                    {step && <div className="step-stats-text">{step.content}</div>}
                  </td>
                  <td className="num" data-testid="step-stats-sent">
                    {fmt.number(row.sent)}
                  </td>
                  <td className="num">{fmt.number(row.delivered)}</td>
                  <td className="num">{fmt.number(row.read)}</td>
                  <td className="num">{fmt.number(row.replied)}</td>
                  <td className="num">{fmt.number(row.failed)}</td>
                  <td className="num">{percent(row.replyRate, fmt)}</td>
                </tr>
                {row.variants.length > 1 &&
                  row.variants.map((v) => (
                    <tr key={`${row.stepId}-${v.key}`} className="row-variant" data-testid="variant-stats-row">
                      <td>{t('campaigns.step.variant', { key: v.key })}</td>
                      <td className="num">{fmt.number(v.sent)}</td>
                      <td className="num">{fmt.number(v.delivered)}</td>
                      <td className="num">{fmt.number(v.read)}</td>
                      <td className="num">{fmt.number(v.replied)}</td>
                      <td className="num">—</td>
                      <td className="num">{percent(v.replyRate, fmt)}</td>
                    </tr>
                  ))}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
