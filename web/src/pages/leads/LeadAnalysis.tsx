import type { ReactNode } from 'react';
import { useFormat, useT } from '../../i18n.tsx';
import type { AnalysisSummary } from '../../analysis-types.ts';
import { useBreakdownLabel, useFactLabel, useFallbackLabel, useLanguageName, useSignalLabel } from './leadBits.tsx';
import { useDefaultName } from './default-names.ts';

/** How the score adds up: one line per rule, with its points. */
export function ScoreBreakdown({ items, stageLabel }: { items: AnalysisSummary['breakdown']; stageLabel?: (key: string) => string }) {
  const t = useT();
  const fmt = useFormat();
  const defaultName = useDefaultName();
  // The scorer names the base line "Stage: <key>"; show the stage as the board names it.
  const labelOf = useBreakdownLabel((stage) => stageLabel?.(stage) ?? defaultName('stage', stage, stage));
  if (items.length === 0) return null;
  return (
    <ul className="breakdown" aria-label={t('board.panel.breakdown')} data-testid="score-breakdown">
      {items.map((item, index) => (
        <li key={`${item.label}-${index}`} className="breakdown-row">
          <span className="breakdown-label">{labelOf(item.label)}</span>
          <span className={item.points < 0 ? 'breakdown-points negative' : 'breakdown-points'}>
            {item.points > 0 ? '+' : item.points < 0 ? '−' : ''}
            {fmt.number(Math.abs(item.points))}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="details-row" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children ?? <span className="muted">—</span>}</dd>
    </div>
  );
}

/** The facts of the current analysis: who, what they want, the qualification answers, signals, next step. */
export function LeadAnalysis({ analysis, stageLabel }: { analysis: AnalysisSummary; stageLabel(key: string | null | undefined): string }) {
  const t = useT();
  const fmt = useFormat();
  const signalLabel = useSignalLabel();
  const languageName = useLanguageName();
  const fact = useFactLabel();
  const fallback = useFallbackLabel();
  const modelVersion = / \+ dialog-v(\d+)$/.exec(analysis.model)?.[1];
  const analyser =
    analysis.provider === 'offline'
      ? modelVersion
        ? t('board.panel.analyserModel', { version: modelVersion })
        : t('board.panel.analyserOffline')
      : [analysis.provider, analysis.model].filter(Boolean).join(' / ');
  return (
    <>
      <section className="drawer-section" aria-label={t('board.panel.analysis')} data-testid="lead-analysis">
        <h3 className="section-label">{t('board.panel.analysis')}</h3>
        {analysis.summary && <p className="lead-summary">{analysis.summary}</p>}
        {analysis.nextAction && (
          <div className="lead-next-action">
            <span className="section-label">{t('board.panel.nextAction')}</span>
            <p>{analysis.nextAction}</p>
          </div>
        )}
        <dl className="details">
          <Row label={t('board.panel.analysedStage')}>{stageLabel(analysis.funnelStage)}</Row>
          <Row label={t('board.col.niche')}>{fact('niche', analysis.niche)}</Row>
          <Row label={t('board.panel.role')}>{fact('role', analysis.role)}</Row>
          <Row label={t('board.panel.budget')}>{analysis.budget}</Row>
          <Row label={t('contacts.language')}>{languageName(analysis.language)}</Row>
          <Row label={t('board.panel.messages')}>
            {t('board.panel.messageCounts', { incoming: fmt.number(analysis.incomingCount), total: fmt.number(analysis.messageCount) })}
          </Row>
          <Row label={t('board.panel.analyser')}>
            <span className={analysis.provider === 'offline' ? undefined : 'mono'} data-testid="lead-analyser">
              {analyser}
            </span>
            {analysis.promptVersion ? <span className="muted small"> · {t('board.panel.promptVersion', { version: analysis.promptVersion })}</span> : null}
            {analysis.fallbackReason && <span className="badge badge-warning lead-fallback">{fallback(analysis.fallbackReason)}</span>}
          </Row>
          <Row label={t('board.panel.analysedAt')}>{fmt.dateTime(analysis.analyzedAt)}</Row>
        </dl>
      </section>

      <section className="drawer-section" aria-label={t('board.panel.qualification')}>
        <h3 className="section-label">
          {t('board.panel.qualification')}{' '}
          <span className={analysis.qualificationComplete ? 'badge badge-success' : 'badge'}>
            {analysis.qualificationComplete ? t('board.panel.qualificationComplete') : t('board.panel.qualificationIncomplete')}
          </span>
        </h3>
        {analysis.qualification.length === 0 ? (
          <p className="muted small">{t('board.panel.noQuestions')}</p>
        ) : (
          <ul className="qa-list" data-testid="lead-qualification">
            {analysis.qualification.map((item, index) => (
              <li key={`${item.question}-${index}`} className={item.answer ? 'qa-item answered' : 'qa-item'}>
                <span className="qa-mark" aria-label={item.answer ? t('board.panel.answered') : t('board.panel.unanswered')}>
                  {item.answer ? '✓' : '—'}
                </span>
                <div>
                  <div className="qa-question">{item.question}</div>
                  <div className="qa-answer">{item.answer ?? <span className="muted">{t('board.panel.unanswered')}</span>}</div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="drawer-section" aria-label={t('board.panel.signals')}>
        <h3 className="section-label">{t('board.panel.signals')}</h3>
        {analysis.signals.length === 0 ? (
          <p className="muted small">{t('board.panel.noSignals')}</p>
        ) : (
          <div className="tag-list" data-testid="lead-signals">
            {analysis.signals.map((signal) => (
              <span key={signal} className={`tag signal-chip signal-${signal}`}>
                {signalLabel(signal)}
              </span>
            ))}
          </div>
        )}
      </section>
    </>
  );
}
