import { Link } from 'react-router-dom';
import { useFormat, useT, type MessageKey } from '../../i18n.tsx';
import type { Lead, Stage } from '../../types.ts';
import { LEAD_DRAG_TYPE } from './dnd.ts';
import { useDefaultName } from './default-names.ts';

interface LeadCardProps {
  lead: Lead;
  stages: Stage[];
  dragging: boolean;
  onDragStart(leadId: string): void;
  onDragEnd(): void;
  onMove(leadId: string, stageId: string): void;
}

export function LeadCard({ lead, stages, dragging, onDragStart, onDragEnd, onMove }: LeadCardProps) {
  const t = useT();
  const name = useDefaultName();
  const fmt = useFormat();
  return (
    <article
      className={dragging ? 'lead-card dragging' : 'lead-card'}
      draggable
      onDragStart={(event) => {
        event.dataTransfer.setData(LEAD_DRAG_TYPE, lead.id);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart(lead.id);
      }}
      onDragEnd={onDragEnd}
      data-testid="lead-card"
      data-lead-id={lead.id}
    >
      <div className="lead-card-top">
        <Link to={`/contacts/${lead.contactId}`} className="lead-card-contact" draggable={false}>
          {lead.contactName}
        </Link>
        {lead.interestLevel && <span className={`badge badge-${lead.interestLevel}`}>{t(`leads.interest.${lead.interestLevel}` as MessageKey)}</span>}
      </div>
      {lead.title && <div className="lead-card-title">{lead.title}</div>}
      <div className="lead-card-meta">
        {lead.value !== null && <span className="lead-card-value">{fmt.money(lead.value, lead.currency)}</span>}
        {lead.score !== null && (
          <span className="lead-card-score" title={t('leads.score')}>
            {lead.score}
          </span>
        )}
        {lead.autopilot && <span className="badge">{t('leads.autopilot')}</span>}
      </div>
      <select
        className="lead-card-stage"
        value={lead.stageId}
        onChange={(event) => onMove(lead.id, event.target.value)}
        aria-label={t('leads.moveTo')}
        data-testid="lead-stage-select"
      >
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {name('stage', stage.key, stage.name)}
          </option>
        ))}
      </select>
    </article>
  );
}
