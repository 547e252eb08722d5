import { useFormat, useT } from '../../i18n.tsx';
import { explanationText, slotTimes, type OfferedSlot, type RankedSlot, type SlotExplanation } from './reactivation-api.ts';

/** The slots offered to one client, best first, each with the slot finder's ranking explained. */
export function SlotList({ slots }: { slots: Array<OfferedSlot | RankedSlot> }) {
  const t = useT();
  const fmt = useFormat();
  if (slots.length === 0) return <span className="muted small">{t('react.slots.none')}</span>;
  return (
    <ol className="react-slots" data-testid="react-slots">
      {slots.map((slot, index) => {
        const { start } = slotTimes(slot);
        const explanation = slot.explanation as SlotExplanation | string | null;
        return (
          <li key={`${start}-${slot.staffId ?? index}`} className="react-slot" data-testid="react-slot">
            <div>
              <strong>{fmt.dateTime(start)}</strong>
              {slot.staffName && <span> · {slot.staffName}</span>}
              <span className="react-score" title={t('react.slots.score')}>
                {Math.round(slot.score * 100)}
              </span>
            </div>
            {explanation && (
              <details className="react-explain">
                <summary className="small muted" data-testid="react-slot-why">
                  {t('react.slots.why')}
                </summary>
                {typeof explanation === 'string' ? (
                  <div className="small muted react-explain-text">{explanation}</div>
                ) : (
                  <ul className="small">
                    <li>
                      {t('react.slots.staff', { score: explanation.staff.score.toFixed(2), weight: String(explanation.staff.weight) })}: {explanation.staff.reason}
                    </li>
                    <li>
                      {t('react.slots.timeOfDay', { score: explanation.time.timeOfDay.score.toFixed(2) })}: {explanation.time.timeOfDay.reason}
                    </li>
                    <li>
                      {t('react.slots.weekday', { score: explanation.time.weekday.score.toFixed(2) })}: {explanation.time.weekday.reason}
                    </li>
                    <li className="mono">{explanationText(explanation)}</li>
                  </ul>
                )}
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
