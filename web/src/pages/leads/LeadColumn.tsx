import { useState, type DragEvent } from 'react';
import { useFormat, useT } from '../../i18n.tsx';
import type { Stage } from '../../types.ts';
import type { BoardLead } from '../../analysis-types.ts';
import { LeadCard } from './LeadCard.tsx';
import { LEAD_DRAG_TYPE } from './dnd.ts';
import { useStageLabel } from './leadBits.tsx';

interface LeadColumnProps {
  stage: Stage;
  stages: Stage[];
  leads: BoardLead[];
  draggingId: string | null;
  selectedId: string | null;
  onDragStart(leadId: string): void;
  onDragEnd(): void;
  onMove(leadId: string, stageKey: string): void;
  onOpen(lead: BoardLead): void;
}

export function LeadColumn({ stage, stages, leads, draggingId, selectedId, onDragStart, onDragEnd, onMove, onOpen }: LeadColumnProps) {
  const t = useT();
  const fmt = useFormat();
  const stageLabel = useStageLabel(stages);
  const [over, setOver] = useState(false);
  const scored = leads.filter((lead) => lead.score !== null);
  const average = scored.length > 0 ? Math.round(scored.reduce((sum, lead) => sum + (lead.score ?? 0), 0) / scored.length) : null;

  const onDragOver = (event: DragEvent) => {
    if (!draggingId) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setOver(true);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const leadId = event.dataTransfer.getData(LEAD_DRAG_TYPE) || draggingId;
    if (leadId) onMove(leadId, stage.key);
  };

  return (
    <section
      className={['board-column', `board-column-${stage.kind}`, over ? 'drop-target' : ''].filter(Boolean).join(' ')}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      aria-label={stageLabel(stage.key)}
      data-testid="lead-column"
      data-stage-key={stage.key}
    >
      <header className="board-column-header">
        <span className="board-column-name">{stageLabel(stage.key)}</span>
        <span className="board-column-count">{fmt.number(leads.length)}</span>
      </header>
      {average !== null && <div className="board-column-total">{t('board.column.average', { score: fmt.number(average) })}</div>}
      <div className="board-column-body">
        {leads.map((lead) => (
          <LeadCard
            key={lead.id}
            lead={lead}
            stages={stages}
            dragging={draggingId === lead.id}
            selected={selectedId === lead.id}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            onMove={onMove}
            onOpen={onOpen}
          />
        ))}
        {leads.length === 0 && <p className="board-column-empty">{t('leads.emptyStage')}</p>}
      </div>
    </section>
  );
}
