import { Link } from 'react-router-dom';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import type { Pipeline, Stage } from '../../types.ts';
import type { BoardLead } from '../../analysis-types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { Drawer } from '../../components/Drawer.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { AnalyzeRunStatus } from './AnalyzeRunStatus.tsx';
import { LeadAnalysis, ScoreBreakdown } from './LeadAnalysis.tsx';
import { LeadConversation } from './LeadConversation.tsx';
import { AnalysisHistory, StageHistory } from './LeadHistory.tsx';
import { LeadNotes } from './LeadNotes.tsx';
import { InterestBadge, useStageLabel } from './leadBits.tsx';
import { useAnalysis, useLead, useLeadCard, usePatchLead } from './leadQueries.ts';
import { useAnalyzeRun } from './useAnalyzeRun.ts';

interface LeadPanelProps {
  leadId: string;
  /** The lead as the board listed it, shown until the lead itself has loaded. */
  initial: BoardLead | undefined;
  stages: Stage[];
  pipelines: Pipeline[];
  onClose(): void;
}

/** `?lead=<id>` on the leads page: the lead, its analysis and history, notes, and the conversation. */
export function LeadPanel({ leadId, initial, stages, pipelines, onClose }: LeadPanelProps) {
  const t = useT();
  const fmt = useFormat();
  const lead = useLead(leadId);
  const analysisId = lead.data?.analysis?.id ?? initial?.analysis?.id;
  const analysis = useAnalysis(analysisId);
  const data = lead.data ?? initial ?? analysis.data?.lead;
  const patch = usePatchLead();
  const reanalyze = useAnalyzeRun({ leadId });

  const leadStages = data ? ([...(pipelines.find((p) => p.id === data.pipelineId)?.stages ?? stages)].sort((a, b) => a.position - b.position)) : stages;
  const stageLabel = useStageLabel(leadStages);
  const current = analysis.data;
  const conversationId = data?.conversationId ?? current?.conversationId ?? null;
  // The card endpoint adds score, interest and breakdown up on the server, so they cannot disagree here.
  const card = useLeadCard(leadId).data;
  const level = card?.interestLevel ?? data?.interestLevel ?? null;
  const score = card?.score ?? data?.score ?? null;

  return (
    <Drawer
      onClose={onClose}
      title={
        data ? (
          <div className="drawer-heading">
            <Avatar name={data.contactName} size={40} />
            <div>
              <h2 data-testid="lead-panel-title">{data.contactName}</h2>
              <div className="lead-panel-subtitle">
                <InterestBadge level={level} />
                {data.contactPhone && <span className="muted small mono">{data.contactPhone}</span>}
              </div>
            </div>
          </div>
        ) : (
          <h2>{t('board.panel.title')}</h2>
        )
      }
    >
      {!data ? (
        lead.isPending ? <Spinner /> : <ErrorBanner error={lead.error} />
      ) : (
        <div className="lead-panel" data-testid="lead-panel" data-lead-id={data.id}>
          <div className="lead-panel-controls">
            <Field label={t('leads.stage')}>
              <select
                value={data.stageKey}
                onChange={(event) => patch.mutate({ leadId: data.id, patch: { stageKey: event.target.value } })}
                disabled={patch.isPending}
                aria-label={t('leads.stage')}
                data-testid="lead-panel-stage"
              >
                {leadStages.map((stage) => (
                  <option key={stage.id} value={stage.key}>
                    {stageLabel(stage.key)}
                  </option>
                ))}
              </select>
            </Field>
            <label className="switch switch-primary lead-panel-autopilot">
              <input
                type="checkbox"
                checked={data.autopilot}
                onChange={(event) => patch.mutate({ leadId: data.id, patch: { autopilot: event.target.checked } })}
                disabled={patch.isPending}
                data-testid="lead-panel-autopilot"
              />
              <span className="switch-track" aria-hidden="true" />
              <span>{t('leads.autopilot')}</span>
            </label>
          </div>
          <div className="drawer-actions">
            {conversationId && (
              <button
                type="button"
                className="button button-ghost"
                onClick={() => reanalyze.start({ conversationIds: [conversationId], force: true })}
                disabled={reanalyze.active}
                data-testid="lead-reanalyze"
              >
                <Icon name="rotate" size={16} />
                <span>{reanalyze.active ? t('board.analyze.working') : t('board.panel.reanalyze')}</span>
              </button>
            )}
            {conversationId && (
              <Link className="button button-ghost" to={`/conversations/${conversationId}`} data-testid="lead-open-conversation">
                <Icon name="chat" size={16} />
                <span>{t('board.panel.openConversation')}</span>
              </Link>
            )}
            <Link className="button button-ghost" to={`/contacts/${data.contactId}`}>
              <Icon name="user" size={16} />
              <span>{t('thread.openContact')}</span>
            </Link>
          </div>
          <AnalyzeRunStatus run={reanalyze.run} active={reanalyze.active} error={reanalyze.error} onDismiss={reanalyze.dismiss} compact />
          <ErrorBanner error={patch.error} />

          <section className="drawer-section lead-score-section" aria-label={t('leads.score')}>
            <div className="lead-score-head">
              <span className={level ? `lead-score-big score-${level}` : 'lead-score-big'} data-testid="lead-panel-score">
                {score === null ? '—' : fmt.number(score)}
              </span>
              <div>
                <div className="section-label">{t('leads.score')}</div>
                <InterestBadge level={level} />
                {card?.interestOverridden && (
                  <span
                    className="badge lead-override"
                    data-testid="lead-interest-overridden"
                    title={t('board.panel.overriddenHint', { level: t(`leads.interest.${card.score >= 75 ? 'hot' : card.score >= 40 ? 'warm' : 'cold'}` as MessageKey) })}
                  >
                    {t('board.panel.overridden')}
                  </span>
                )}
              </div>
            </div>
            {card && <ScoreBreakdown items={card.breakdown} stageLabel={stageLabel} />}
          </section>

          {analysisId ? (
            analysis.isPending ? (
              <Spinner />
            ) : current ? (
              <LeadAnalysis analysis={current} stageLabel={stageLabel} />
            ) : (
              <ErrorBanner error={analysis.error} />
            )
          ) : (
            <p className="muted drawer-section">{t('board.panel.noAnalysis')}</p>
          )}

          {current && <AnalysisHistory items={current.history} stageLabel={stageLabel} />}
          <StageHistory leadId={data.id} pipelines={pipelines} />
          <LeadNotes leadId={data.id} />
          {conversationId && <LeadConversation conversationId={conversationId} />}
        </div>
      )}
    </Drawer>
  );
}
