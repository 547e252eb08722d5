import { useState, type DragEvent } from 'react';
import { useFormat, useT } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import type { Lead, Stage } from '../../types.ts';
import { LeadCard } from './LeadCard.tsx';
import { LEAD_DRAG_TYPE } from './dnd.ts';
import { useDefaultName } from './default-names.ts';

interface LeadColumnProps {
  stage: Stage;
  stages: Stage[];
  leads: Lead[];
  draggingId: string | null;
  onDragStart(leadId: string): void;
  onDragEnd(): void;
  onMove(leadId: string, stageId: string): void;
}

export function LeadColumn({ stage, stages, leads, draggingId, onDragStart, onDragEnd, onMove }: LeadColumnProps) {
  const t = useT();
  const name = useDefaultName();
  const fmt = useFormat();
  const me = useSession();
  const [over, setOver] = useState(false);
  const currency = me.organization.currency;
  const total = leads.reduce((sum, lead) => sum + (lead.value !== null && (lead.currency ?? currency) === currency ? lead.value : 0), 0);

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
    if (leadId) onMove(leadId, stage.id);
  };

  return (
    <section
      className={['board-column', `board-column-${stage.kind}`, over ? 'drop-target' : ''].filter(Boolean).join(' ')}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="lead-column"
      data-stage-key={stage.key}
    >
      <header className="board-column-header">
        <span className="board-column-name">{name('stage', stage.key, stage.name)}</span>
        <span className="board-column-count">{leads.length}</span>
      </header>
      {total > 0 && <div className="board-column-total">{fmt.money(total, currency)}</div>}
      <div className="board-column-body">
        {leads.map((lead) => (
          <LeadCard key={lead.id} lead={lead} stages={stages} dragging={draggingId === lead.id} onDragStart={onDragStart} onDragEnd={onDragEnd} onMove={onMove} />
        ))}
        {leads.length === 0 && <p className="board-column-empty">{t('leads.emptyStage')}</p>}
      </div>
    </section>
  );
}
