import type { Pipeline } from '../../types.ts';

interface Props {
  pipeline: Pipeline;
  selected: string[];
  disabled?: boolean;
  /** Names the grid as a group for assistive technology; without it the grid is a plain block. */
  label?: string;
  onChange(stageIds: string[]): void;
}

/** A pipeline's stages in board order as checkboxes: ticking one adds it to the selection, clearing it takes it out. */
export function StageCheckboxes({ pipeline, selected, disabled, label, onChange }: Props) {
  return (
    <div className="checkbox-grid" role={label ? 'group' : undefined} aria-label={label}>
      {[...pipeline.stages]
        .sort((a, b) => a.position - b.position)
        .map((stage) => (
          <label key={stage.id} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(stage.id)}
              disabled={disabled}
              onChange={(e) => onChange(e.target.checked ? [...selected, stage.id] : selected.filter((id) => id !== stage.id))}
            />
            <span>{stage.name}</span>
          </label>
        ))}
    </div>
  );
}
