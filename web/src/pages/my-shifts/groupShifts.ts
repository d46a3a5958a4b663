// A person's shifts by week and day as the organisation sees them: days are local dates in its
// time zone, weeks begin on its first day of the week, hours are real elapsed time (a night
// across a daylight-saving change counts what was worked).
import { WEEKDAYS, type Shift, type Weekday } from "../../api/types";
import { addDays, localParts, minutesBetween } from "../../lib/time";

export interface ShiftRow {
  shift: Shift;
  hours: number;
  endsNextDay: boolean;
}

export interface DayGroup {
  date: string;
  hours: number;
  shifts: ShiftRow[];
}

export interface WeekGroup {
  start: string; // the local date the week begins
  hours: number;
  days: DayGroup[];
}

export const WEEKS_AHEAD = 8;

// The range to ask for: from now to eight weeks later (the API allows up to 366 days).
export function upcomingRange(now: Date): { from: string; to: string } {
  const to = new Date(now.getTime() + WEEKS_AHEAD * 7 * 86_400_000);
  const instant = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  return { from: instant(now), to: instant(to) };
}

// The first day of the week that holds `date`.
export function weekStartOf(date: string, weekStart: Weekday): string {
  const weekday = (new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  return addDays(date, -((weekday - WEEKDAYS.indexOf(weekStart) + 7) % 7));
}

export function groupShifts(shifts: readonly Shift[], zone: string, weekStart: Weekday): WeekGroup[] {
  const weeks: WeekGroup[] = [];
  const byStart = [...shifts].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const shift of byStart) {
    const date = localParts(shift.start, zone).date;
    const lastMinute = new Date(Date.parse(shift.end) - 60_000); // a shift ending at midnight ends that day
    const row: ShiftRow = {
      shift,
      hours: minutesBetween(shift.start, shift.end) / 60,
      endsNextDay: localParts(lastMinute, zone).date !== date,
    };
    const weekOf = weekStartOf(date, weekStart);
    let week = weeks[weeks.length - 1];
    if (!week || week.start !== weekOf) {
      week = { start: weekOf, hours: 0, days: [] };
      weeks.push(week);
    }
    let day = week.days[week.days.length - 1];
    if (!day || day.date !== date) {
      day = { date, hours: 0, shifts: [] };
      week.days.push(day);
    }
    day.shifts.push(row);
    day.hours += row.hours;
    week.hours += row.hours;
  }
  return weeks;
}
