// Moving between weeks: previous, this week, next, and a date to jump to. `onGo` receives any
// date of the wanted week.
import { useEffect, useId, useState } from "react";

import { addDays } from "../../lib/time";
import { isDate, weekLabel } from "./model";

interface WeekNavProps {
  weekStart: string; // the first date of the week asked for
  onGo(date: string): void;
  onToday(): void;
}

export function WeekNav({ weekStart, onGo, onToday }: WeekNavProps) {
  const dateId = useId();
  const [picked, setPicked] = useState(weekStart);
  // Follow the week shown unless the date typed is inside it.
  useEffect(() => {
    setPicked((current) => (isDate(current) && current >= weekStart && current <= addDays(weekStart, 6) ? current : weekStart));
  }, [weekStart]);

  return (
    <nav className="week-nav" aria-label="Week">
      <div className="week-nav__buttons">
        <button type="button" className="button button--secondary button--small" onClick={() => onGo(addDays(weekStart, -7))}
          aria-label="Previous week">
          <span aria-hidden="true">‹</span><span className="week-nav__wide">Previous</span>
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onToday}>Today</button>
        <button type="button" className="button button--secondary button--small" onClick={() => onGo(addDays(weekStart, 7))}
          aria-label="Next week">
          <span className="week-nav__wide">Next</span><span aria-hidden="true">›</span>
        </button>
      </div>
      <p className="week-nav__label" aria-live="polite">{weekLabel(weekStart)}</p>
      <div className="week-nav__jump">
        <label htmlFor={dateId}>Go to date</label>
        <input id={dateId} type="date" value={picked}
          onChange={(e) => {
            const value = e.target.value;
            setPicked(value);
            // Typing the year passes through 0002, 0020, 0202: only real dates move the week.
            if (isDate(value)) onGo(value);
          }} />
      </div>
    </nav>
  );
}
