import { useFormat, useT } from '../../i18n.tsx';
import type { Stage } from '../../types.ts';
import type { BoardLead } from '../../analysis-types.ts';
import { LEAD_DRAG_TYPE } from './dnd.ts';
import { firstLine, InterestBadge, ScoreBadge, useFactLabel, useStageLabel } from './leadBits.tsx';

interface LeadCardProps {
  lead: BoardLead;
  stages: Stage[];
  dragging: boolean;
  selected: boolean;
  onDragStart(leadId: string): void;
  onDragEnd(): void;
  onMove(leadId: string, stageKey: string): void;
  onOpen(lead: BoardLead): void;
}

export function LeadCard({ lead, stages, dragging, selected, onDragStart, onDragEnd, onMove, onOpen }: LeadCardProps) {
  const t = useT();
  const fact = useFactLabel();
  const fmt = useFormat();
  const stageLabel = useStageLabel(stages);
  const level = lead.interestLevel ?? lead.analysis?.interestLevel ?? null;
  const lastAt = lead.lastMessageAt ?? lead.analysis?.lastMessageAt ?? null;
  const summary = firstLine(lead.analysis?.summary);
  return (
    <article
      className={['lead-card', dragging ? 'dragging' : '', selected ? 'selected' : ''].filter(Boolean).join(' ')}
      draggable
      tabIndex={0}
      aria-label={lead.contactName}
      onClick={() => onOpen(lead)}
      onKeyDown={(event) => event.key === 'Enter' && event.target === event.currentTarget && onOpen(lead)}
      onDragStart={(event) => {
        event.dataTransfer.setData(LEAD_DRAG_TYPE, lead.id);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart(lead.id);
      }}
      onDragEnd={onDragEnd}
      data-testid="lead-card"
      data-lead-id={lead.id}
      data-level={level ?? ''}
    >
      <div className="lead-card-top">
        <span className="lead-card-contact">{lead.contactName}</span>
        <InterestBadge level={level} />
      </div>
      {lead.contactPhone && <div className="lead-card-phone mono">{lead.contactPhone}</div>}
      {summary && <div className="lead-card-summary">{summary}</div>}
      <div className="lead-card-meta">
        {lead.analysis?.niche && <span className="tag">{fact('niche', lead.analysis.niche)}</span>}
        {lead.autopilot && <span className="badge">{t('leads.autopilot')}</span>}
        {lastAt && <span className="muted small nowrap">{fmt.short(lastAt)}</span>}
        <span className="lead-card-score-wrap">
          <ScoreBadge score={lead.score ?? lead.analysis?.score} level={level} />
        </span>
      </div>
      <select
        className="lead-card-stage"
        value={lead.stageKey}
        onClick={(event) => event.stopPropagation()}
        onChange={(event) => onMove(lead.id, event.target.value)}
        aria-label={t('leads.moveTo')}
        data-testid="lead-stage-select"
      >
        {stages.map((stage) => (
          <option key={stage.id} value={stage.key}>
            {stageLabel(stage.key)}
          </option>
        ))}
      </select>
    </article>
  );
}
