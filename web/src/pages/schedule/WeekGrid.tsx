// The week as a table: a row per person (and one for open shifts), a column per day, hours per
// person and per day. Rows are memoised: opening a dialog or a notice does not re-render 200
// people. Phones get the same week as a list by day (DayList) instead; between that and a wide
// screen the table scrolls sideways inside its frame with the names kept in view.
import { memo, useEffect, useId, useMemo, useRef } from "react";

import type { Schedule, ScheduleEmployee, Shift } from "../../api/types";
import { Avatar } from "../../components/ui";
import { today } from "../../lib/time";
import { dayHeading, editShiftLabel, hoursLabel, hoursOf, hoursPerDay, shiftTimes, weekLabel, type DayHeading } from "./model";

export interface GridActions {
  onAdd(userId: number | null, date: string): void;
  onEdit(shift: Shift): void;
}

// What the grid and the day list show the week from.
export interface WeekViewProps extends GridActions {
  schedule: Schedule;
  meId: number;
  canEdit: boolean;
  busy: boolean;
}

export function WeekGrid({ schedule, meId, canEdit, busy, onAdd, onEdit }: WeekViewProps) {
  const captionId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const zone = schedule.time_zone;
  const days = useMemo(() => schedule.days.map((d) => dayHeading(d.date)), [schedule.days]);
  const perDay = useMemo(() => hoursPerDay(schedule), [schedule]);
  const openHours = useMemo(() => hoursOf(schedule.open_shifts), [schedule.open_shifts]);
  const todayIndex = days.findIndex((d) => d.date === today(zone));

  // On a screen too narrow for the week, bring today's column next to the names when a week is shown.
  useEffect(() => {
    const box = scroller.current;
    const column = box?.querySelector<HTMLElement>("thead .is-today");
    const names = box?.querySelector<HTMLElement>("thead th");
    if (!box || !column || !names || box.scrollWidth <= box.clientWidth) return;
    box.scrollLeft = Math.max(0, column.offsetLeft - names.offsetWidth);
  }, [schedule.week_start]);

  return (
    <div ref={scroller} className={busy ? "sched-scroll sched-wide sched-scroll--busy" : "sched-scroll sched-wide"} aria-busy={busy || undefined}
      role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={canEdit ? "sched sched--edit" : "sched"}>
        <caption id={captionId} className="visually-hidden">
          Schedule for {weekLabel(schedule.week_start)}, times in {zone}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="sched__person">Employee</th>
            {schedule.days.map((day, i) => (
              <th key={day.date} scope="col" className={i === todayIndex ? "sched__day is-today" : "sched__day"}
                aria-current={i === todayIndex ? "date" : undefined}>
                <span className="sched__weekday">{days[i]!.weekday}</span>{" "}
                <span className="sched__date">{days[i]!.dayMonth}</span>
                {day.hours !== 24 && <span className="sched__dst">{day.hours}-hour day</span>}
              </th>
            ))}
            <th scope="col" className="sched__hours">Hours</th>
          </tr>
        </thead>
        <tbody>
          <ShiftRow key="open" employee={null} shifts={schedule.open_shifts} hours={openHours} zone={zone} days={days}
            todayIndex={todayIndex} canEdit={canEdit} isMe={false} onAdd={onAdd} onEdit={onEdit} />
          {schedule.employees.map((employee) => (
            <ShiftRow key={employee.id} employee={employee} shifts={employee.days} hours={employee.hours} zone={zone}
              days={days} todayIndex={todayIndex} canEdit={canEdit} isMe={employee.id === meId} onAdd={onAdd} onEdit={onEdit} />
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="sched__person">Total</th>
            {perDay.map((hours, i) => (
              <td key={days[i]!.date} className={i === todayIndex ? "is-today" : undefined}>{hoursLabel(hours)}</td>
            ))}
            <td className="sched__hours">{hoursLabel(perDay.reduce((a, b) => a + b, 0))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

interface RowProps extends GridActions {
  employee: ScheduleEmployee | null; // null: the open shifts
  shifts: Shift[][];
  hours: number;
  zone: string;
  days: DayHeading[];
  todayIndex: number;
  canEdit: boolean;
  isMe: boolean;
}

const ShiftRow = memo(function ShiftRow({ employee, shifts, hours, zone, days, todayIndex, canEdit, isMe, onAdd, onEdit }: RowProps) {
  const who = employee ? employee.name : null;
  return (
    <tr className={employee ? (isMe ? "sched__row is-me" : "sched__row") : "sched__row sched__row--open"}>
      <th scope="row" className="sched__person">
        {employee ? (
          <span className="sched-person">
            <Avatar name={employee.name} url={employee.picture_url} size={32} />
            <span className="sched-person__text">
              <span className="sched-person__name">{employee.name}{isMe && <span className="muted"> (you)</span>}</span>
              {employee.position && <span className="sched-person__position">{employee.position}</span>}
            </span>
          </span>
        ) : (
          <span className="sched-person">
            <span className="sched-person__open" aria-hidden="true" />
            <span className="sched-person__name">Open shifts</span>
          </span>
        )}
      </th>
      {days.map((day, i) => (
        <td key={i} className={i === todayIndex ? "is-today" : undefined}>
          {shifts[i]!.map((shift) => (
            <ShiftItem key={shift.id} shift={shift} zone={zone} who={who} day={day}
              personPosition={employee?.position ?? null} canEdit={canEdit} onEdit={onEdit} />
          ))}
          {canEdit && (
            <button type="button" className="sched-add" onClick={() => onAdd(employee?.id ?? null, day.date)}
              aria-label={who ? `Add shift for ${who} on ${day.long}` : `Add open shift on ${day.long}`}>+</button>
          )}
        </td>
      ))}
      <td className="sched__hours">{hoursLabel(hours)}</td>
    </tr>
  );
});

interface ItemProps {
  shift: Shift;
  zone: string;
  who: string | null;
  day: DayHeading;
  personPosition: string | null;
  canEdit: boolean;
  onEdit(shift: Shift): void;
}

// Few elements per shift (the grid may hold thousands): the times as plain text, a line each for
// a position other than the person's and a note, spaced so that the words do not run together
// when read (the button's name holds them in the same order).
function ShiftItem({ shift, zone, who, day, personPosition, canEdit, onEdit }: ItemProps) {
  const times = shiftTimes(shift, zone);
  const position = shift.position && shift.position !== personPosition ? shift.position : "";
  const content = (
    <>
      {times}{" "}
      {position && <span className="sched-shift__line">{position}</span>}{" "}
      {shift.note && <span className="sched-shift__line sched-shift__note" title={shift.note}>{shift.note}</span>}
    </>
  );
  if (!canEdit) return <div className="sched-shift">{content}</div>;
  return (
    <button type="button" className="sched-shift sched-shift--button" onClick={() => onEdit(shift)}
      aria-label={editShiftLabel(day, [times, position, shift.note], who)}>
      {content}
    </button>
  );
}
