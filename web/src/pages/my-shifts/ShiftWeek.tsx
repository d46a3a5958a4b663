// One week of the person's shifts: its total hours, then each day with its shifts.
import { formatDay, formatHours, formatLongDay, formatTime } from "../../lib/time";
import type { ShiftRow, WeekGroup } from "./groupShifts";

export function ShiftWeek({ week, zone, now }: { week: WeekGroup; zone: string; now: number }) {
  const headingId = `week-${week.start}`;
  return (
    <section className="my-shifts__week" aria-labelledby={headingId}>
      <h2 id={headingId} className="my-shifts__week-head">
        <span>Week of {formatDay(week.start)}</span>
        <span className="my-shifts__total">{formatHours(week.hours)}</span>
      </h2>
      {week.days.map((day) => (
        <div key={day.date} className="card my-shifts__day">
          <h3 className="my-shifts__day-head">
            <span>{formatLongDay(day.date)}</span>
            {day.shifts.length > 1 && <span className="muted">{formatHours(day.hours)}</span>}
          </h3>
          <ul className="my-shifts__list">
            {day.shifts.map((row) => <ShiftItem key={row.shift.id} row={row} zone={zone} now={now} />)}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ShiftItem({ row, zone, now }: { row: ShiftRow; zone: string; now: number }) {
  const { shift } = row;
  const running = Date.parse(shift.start) <= now;
  return (
    <li className="my-shifts__shift">
      <div className="my-shifts__when">
        <span className="my-shifts__time">
          {formatTime(shift.start, zone)} – {formatTime(shift.end, zone)}
          {row.endsNextDay && <span className="muted"> (next day)</span>}
        </span>
        {running && <span className="badge badge--ok">Now</span>}
      </div>
      <div className="my-shifts__what">
        {shift.position && <span>{shift.position}</span>}
        <span className="my-shifts__hours">{formatHours(row.hours)}</span>
      </div>
      {shift.note && <p className="my-shifts__note">{shift.note}</p>}
    </li>
  );
}
