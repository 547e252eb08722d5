/** ISO weekdays, Monday = 1 … Sunday = 7. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Props {
  selected: readonly number[];
  /** The day's short name, e.g. "Mon". */
  label(day: number): string;
  /** A test id per day's checkbox, when the page's tests look for one. */
  testId?(day: number): string;
  onChange(days: number[]): void;
}

/** A row of weekday checkboxes; the selection handed back stays in weekday order. */
export function WeekdayCheckboxes({ selected, label, testId, onChange }: Props) {
  return (
    <div className="chip-row">
      {ISO_WEEKDAYS.map((day) => (
        <label key={day} className="checkbox">
          <input
            type="checkbox"
            checked={selected.includes(day)}
            onChange={(e) => onChange(e.target.checked ? [...selected, day].sort((a, b) => a - b) : selected.filter((d) => d !== day))}
            data-testid={testId?.(day)}
          />
          <span>{label(day)}</span>
        </label>
      ))}
    </div>
  );
}
