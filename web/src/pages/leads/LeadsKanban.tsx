import type { Stage } from '../../types.ts';
import type { BoardLead } from '../../analysis-types.ts';
import { LeadColumn } from './LeadColumn.tsx';

interface LeadsKanbanProps {
  stages: Stage[];
  leads: BoardLead[];
  draggingId: string | null;
  selectedId: string | null;
  onDragStart(leadId: string): void;
  onDragEnd(): void;
  onMove(leadId: string, stageKey: string): void;
  onOpen(lead: BoardLead): void;
}

/** A column per stage of the pipeline; drag a card (or use its stage menu) to move it. */
export function LeadsKanban({ stages, leads, ...rest }: LeadsKanbanProps) {
  return (
    <div className="board" data-testid="lead-board">
      {stages.map((stage) => (
        <LeadColumn key={stage.id} stage={stage} stages={stages} leads={leads.filter((lead) => lead.stageKey === stage.key)} {...rest} />
      ))}
    </div>
  );
}
