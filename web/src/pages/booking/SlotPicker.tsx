import { useQuery } from '@tanstack/react-query';
import { useFormat, useI18n, useT } from '../../i18n.tsx';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { bookingApi, type FreeSlot } from './booking-api.ts';
import { rangeOf } from './calendar-dates.ts';

interface Props {
  serviceId: string;
  staffId?: string;
  day: string;
  selected: FreeSlot | null;
  onSelect(slot: FreeSlot): void;
}

/** The free start times of a service on one local day, by time, each with the staff member who has it. */
export function SlotPicker({ serviceId, staffId, day, selected, onSelect }: Props) {
  const t = useT();
  const fmt = useFormat();
  const { timeZone } = useI18n();
  const range = rangeOf([day], timeZone);
  const slots = useQuery({
    queryKey: ['booking', 'free-slots', serviceId, staffId ?? '', day],
    queryFn: ({ signal }) => bookingApi.freeSlots({ serviceId, ...(staffId ? { staffId } : {}), from: range.from, to: range.to }, signal),
    enabled: Boolean(serviceId && day),
  });
  if (!serviceId || !day) return null;
  if (slots.isPending) return <Spinner />;
  if (!slots.data) return <ErrorBanner error={slots.error} />;
  if (slots.data.length === 0) return <p className="muted small" data-testid="booking-no-slots">{t('booking.cal.noSlots')}</p>;
  return (
    <div className="booking-slots" role="listbox" aria-label={t('booking.cal.freeTimes')} data-testid="booking-slots">
      {slots.data.map((slot) => {
        const isSelected = selected?.startAt === slot.startAt && selected.staffId === slot.staffId;
        return (
          <button
            key={`${slot.staffId}:${slot.startAt}`}
            type="button"
            role="option"
            aria-selected={isSelected}
            className={isSelected ? 'chip booking-slot selected' : 'chip booking-slot'}
            onClick={() => onSelect(slot)}
            data-testid="booking-slot"
          >
            {fmt.time(slot.startAt)}
            {!staffId && <span className="muted"> · {slot.staffName}</span>}
          </button>
        );
      })}
    </div>
  );
}
