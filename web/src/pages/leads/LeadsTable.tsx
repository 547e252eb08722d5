import { useFormat, useT } from '../../i18n.tsx';
import type { Stage } from '../../types.ts';
import type { BoardLead } from '../../analysis-types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { firstLine, InterestBadge, ScoreBadge, useFactLabel, useStageLabel } from './leadBits.tsx';

interface LeadsTableProps {
  leads: BoardLead[];
  stages: Stage[];
  selectedId: string | null;
  onOpen(lead: BoardLead): void;
  emptyText: string;
}

export function LeadsTable({ leads, stages, selectedId, onOpen, emptyText }: LeadsTableProps) {
  const t = useT();
  const fact = useFactLabel();
  const fmt = useFormat();
  const stageLabel = useStageLabel(stages);
  if (leads.length === 0) return <p className="table-empty">{emptyText}</p>;
  return (
    <table className="table leads-table" data-testid="lead-table">
      <thead>
        <tr>
          <th>{t('leads.contact')}</th>
          <th>{t('board.col.interest')}</th>
          <th>{t('leads.score')}</th>
          <th>{t('leads.stage')}</th>
          <th>{t('board.col.niche')}</th>
          <th>{t('board.col.summary')}</th>
          <th>{t('board.col.lastMessage')}</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((lead) => {
          const level = lead.interestLevel ?? lead.analysis?.interestLevel ?? null;
          const lastAt = lead.lastMessageAt ?? lead.analysis?.lastMessageAt ?? null;
          return (
            <tr
              key={lead.id}
              className={lead.id === selectedId ? 'table-row-link row-selected' : 'table-row-link'}
              onClick={() => onOpen(lead)}
              onKeyDown={(event) => event.key === 'Enter' && onOpen(lead)}
              tabIndex={0}
              data-testid="lead-row"
              data-lead-id={lead.id}
              data-level={level ?? ''}
            >
              <td>
                <div className="cell-name">
                  <Avatar name={lead.contactName} size={28} />
                  <div className="cell-name-text">
                    <span>{lead.contactName}</span>
                    {lead.contactPhone && <span className="muted small mono">{lead.contactPhone}</span>}
                  </div>
                </div>
              </td>
              <td>{level ? <InterestBadge level={level} /> : <span className="muted">—</span>}</td>
              <td>
                <ScoreBadge score={lead.score ?? lead.analysis?.score} level={level} />
              </td>
              <td className="nowrap">{stageLabel(lead.stageKey)}</td>
              <td>{fact('niche', lead.analysis?.niche) ?? <span className="muted">—</span>}</td>
              <td className="leads-summary-cell">{firstLine(lead.analysis?.summary) || <span className="muted">{t('board.notAnalysed')}</span>}</td>
              <td className="muted nowrap">{lastAt ? fmt.short(lastAt) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
