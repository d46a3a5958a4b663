// The week as a list by day, for phones, where seven columns do not fit: schedule.css shows it
// below 640 px and the grid above, so only one of them is ever in the accessibility tree. Each day
// is a heading (today marked) and its shifts by start time, everyone's and the open ones; managers
// tap a shift to edit it and add shifts per day, through the same dialogs as the grid.
import { useId, useMemo } from "react";

import type { Shift } from "../../api/types";
import { Avatar } from "../../components/ui";
import { today } from "../../lib/time";
import { dayHeading, editShiftLabel, hoursLabel, hoursPerDay, shiftsOfDay, shiftTimes, weekLabel, type DayHeading,
  type DayShift } from "./model";
import type { WeekViewProps } from "./WeekGrid";

export function DayList({ schedule, meId, canEdit, busy, onAdd, onEdit }: WeekViewProps) {
  const id = useId();
  const zone = schedule.time_zone;
  const days = useMemo(() => schedule.days.map((d, i) => ({
    ...d, heading: dayHeading(d.date), shifts: shiftsOfDay(schedule, i),
  })), [schedule]);
  const perDay = useMemo(() => hoursPerDay(schedule), [schedule]);
  const todayDate = today(zone);

  return (
    <div className={busy ? "sched-days sched-days--busy" : "sched-days"} role="region" aria-busy={busy || undefined}
      aria-label={`Schedule by day, ${weekLabel(schedule.week_start)}, times in ${zone}`}>
      {days.map((day, i) => {
        const isToday = day.date === todayDate;
        return (
          <section key={day.date} className={isToday ? "sched-day is-today" : "sched-day"}
            aria-current={isToday ? "date" : undefined}>
            <div className="sched-day__head">
              <h2 className="sched-day__title" id={`${id}-${i}`}>
                {day.heading.weekday} {day.heading.dayMonth}
                {isToday && <span className="badge sched-day__today">Today</span>}
              </h2>
              <span className="sched-day__hours">
                {day.hours !== 24 && `${day.hours}-hour day · `}{hoursLabel(perDay[i]!)}
              </span>
            </div>
            {day.shifts.length > 0 ? (
              <ul className="sched-day__list" aria-labelledby={`${id}-${i}`}>
                {day.shifts.map((item) => (
                  <DayItem key={item.shift.id} item={item} day={day.heading} times={shiftTimes(item.shift, zone)}
                    isMe={item.employee?.id === meId} canEdit={canEdit} onEdit={onEdit} />
                ))}
              </ul>
            ) : (
              <p className="sched-day__none muted">No shifts</p>
            )}
            {canEdit && (
              <button type="button" className="button button--secondary button--small sched-day__add"
                onClick={() => onAdd(null, day.date)} aria-label={`Add shift on ${day.heading.long}`}>
                Add shift
              </button>
            )}
          </section>
        );
      })}
    </div>
  );
}

interface ItemProps {
  item: DayShift;
  day: DayHeading;
  times: string;
  isMe: boolean;
  canEdit: boolean;
  onEdit(shift: Shift): void;
}

// Who (picture and name, or the open shift's mark), the times, the position and any note, with
// spaces between (the lines are blocks, but the words must not run together when read). For
// managers the words are a button that covers the whole item (schedule.css), so a tap anywhere
// opens the shift's dialog while the button's name holds only words it shows beside the picture.
function DayItem({ item: { shift, employee }, day, times, isMe, canEdit, onEdit }: ItemProps) {
  const who = employee ? employee.name : null;
  const words = (
    <>
      <span className="sched-item__who">
        {who ?? <span className="badge sched-item__open">Open shift</span>}
        {isMe && <span className="muted"> (you)</span>}
      </span>{" "}
      <span className="sched-item__times">{times}</span>{" "}
      {shift.position && <span className="sched-item__line">{shift.position}</span>}{" "}
      {shift.note && <span className="sched-item__line sched-shift__note">{shift.note}</span>}
    </>
  );
  const shown = [`${who ?? "Open shift"}${isMe ? " (you)" : ""}`, times, shift.position, shift.note];
  return (
    <li className={`sched-item${employee ? "" : " sched-item--open"}${isMe ? " is-me" : ""}`}>
      {employee ? <Avatar name={employee.name} url={employee.picture_url} size={36} />
        : <span className="sched-person__open" aria-hidden="true" />}
      {canEdit ? (
        <button type="button" className="sched-item__text sched-item__button" onClick={() => onEdit(shift)}
          aria-label={editShiftLabel(day, shown)}>
          {words}
        </button>
      ) : (
        <span className="sched-item__text">{words}</span>
      )}
    </li>
  );
}
