// Pure helpers of the schedule page: weeks, labels (cached: the grid may show 200 people),
// totals, the instants of a shift typed as local date and times, and errors in plain words.
import { ApiError, describeError, request } from "../../api/client";
import { WEEKDAYS, type Schedule, type ScheduleEmployee, type Shift, type Weekday } from "../../api/types";
import { placeError, type FormErrors } from "../../lib/formErrors";
import { addDays, formatLongDay, localParts, toInstant, today } from "../../lib/time";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

// A real YYYY-MM-DD date (not 2026-02-31), within years a schedule can mean.
export function isDate(text: string | null | undefined): text is string {
  if (!text || !DATE.test(text)) return false;
  const year = Number(text.slice(0, 4));
  if (year < 1900 || year > 2999) return false;
  return new Date(`${text}T12:00:00Z`).toISOString().slice(0, 10) === text;
}

// The weekday of a local date.
export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(`${date}T12:00:00Z`).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7]!;
}

// The first date of the week containing `date`, for weeks starting on `weekStart`.
export function weekStartOf(date: string, weekStart: Weekday): string {
  const back = (WEEKDAYS.indexOf(weekdayOf(date)) - WEEKDAYS.indexOf(weekStart) + 7) % 7;
  return addDays(date, -back);
}

// The first date of the week "Today" opens: the week containing today's date in `zone`, for weeks
// starting on `weekStart`. A Sunday opens the week that begins on it when weeks start on Sunday,
// and the week that ends with it when they start on Monday.
export function thisWeekStart(now: Date, zone: string, weekStart: Weekday): string {
  return weekStartOf(today(zone, now), weekStart);
}

// The seven weekdays in the organisation's order.
export function weekdaysFrom(weekStart: Weekday): Weekday[] {
  const first = WEEKDAYS.indexOf(weekStart);
  return WEEKDAYS.map((_, i) => WEEKDAYS[(first + i) % 7]!);
}

// Formatters made once (the browser's locale), never per cell.
const hoursFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const rangeFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", timeZone: "UTC" });
const dayMonthFormat = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const noon = (date: string) => new Date(`${date}T12:00:00Z`);

export const hoursLabel = (hours: number) => `${hoursFormat.format(hours)} h`;

// "Mar 23 – Jun 28, 2026": the dates from `first` to `last`.
export function datesLabel(first: string, last: string): string {
  return rangeFormat.formatRange(noon(first), noon(last));
}

// "Mar 23 – 29, 2026" for the week starting on `weekStart`.
export const weekLabel = (weekStart: string) => datesLabel(weekStart, addDays(weekStart, 6));

// "Mon" for a weekday, in the browser's locale (2024-01-01 was a Monday).
export const weekdayShort = (day: Weekday) => weekdayFormat.format(noon(addDays("2024-01-01", WEEKDAYS.indexOf(day))));

// A day's column heading in two parts ("Mon", "Mar 23") and in full for labels.
export interface DayHeading { date: string; weekday: string; dayMonth: string; long: string }
export function dayHeading(date: string): DayHeading {
  return { date, weekday: weekdayFormat.format(noon(date)), dayMonth: dayMonthFormat.format(noon(date)), long: formatLongDay(date) };
}

// A wall time ("17:30") in the browser's locale ("5:30 PM"), as the grid shows times.
export function clockLabel(time: string): string {
  return shortTime(`2000-01-03T${time}:00Z`, "UTC");
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

// "9 AM" rather than "9:00 AM" where clocks have twelve hours (a grid cell is narrow); "09:00"
// stays "09:00" where they have twenty-four.
export function shortTime(instant: string, zone: string, locale?: string): string {
  const key = `${locale ?? ""}|${zone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: zone });
    timeFormats.set(key, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const whole = parts.some((p) => p.type === "dayPeriod") && parts.some((p) => p.type === "minute" && p.value === "00");
  if (!whole) return parts.map((p) => p.value).join("");
  const kept: string[] = [];
  for (const part of parts) {
    if (part.type === "minute") kept.pop(); // and the separator before it
    else kept.push(part.value);
  }
  return kept.join("");
}

const timeLabels = new Map<string, string>();
// "8 AM–4:30 PM": a shift's times in the organisation's zone, remembered (reloads reuse them).
export function shiftTimes(shift: Pick<Shift, "start" | "end">, zone: string, locale?: string): string {
  const key = `${locale ?? ""}|${zone}|${shift.start}|${shift.end}`;
  let label = timeLabels.get(key);
  if (label === undefined) {
    if (timeLabels.size > 20_000) timeLabels.clear();
    label = `${shortTime(shift.start, zone, locale)}–${shortTime(shift.end, zone, locale)}`;
    timeLabels.set(key, label);
  }
  return label;
}

// A shift's edit button's name, in the grid and the day list alike: which shift on which day, then
// what the button shows, in its order (the visible words inside the name, for voice control:
// WCAG 2.5.3). `who`: the person, null for an open shift, undefined when `shown` says whose it is.
export function editShiftLabel(day: DayHeading, shown: readonly string[], who?: string | null): string {
  const what = who === undefined ? "shift" : who === null ? "open shift" : `shift of ${who}`;
  return `Edit ${what} on ${day.long}: ${shown.filter(Boolean).join(", ")}`;
}

// The shifts starting on day `index` of the week, everyone's and the open ones, by start time
// (open shifts, then people in the schedule's order, when they start together): a grid column as
// a list, for phones.
export interface DayShift { shift: Shift; employee: ScheduleEmployee | null } // null: an open shift
export function shiftsOfDay(schedule: Schedule, index: number): DayShift[] {
  const found: DayShift[] = (schedule.open_shifts[index] ?? []).map((shift) => ({ shift, employee: null }));
  for (const employee of schedule.employees) {
    for (const shift of employee.days[index] ?? []) found.push({ shift, employee });
  }
  return found.sort((a, b) => Date.parse(a.shift.start) - Date.parse(b.shift.start)); // stable: ties keep that order
}

const shiftMinutes = (shift: Shift) => Math.round((Date.parse(shift.end) - Date.parse(shift.start)) / 60_000);

// Hours of the shifts starting on each day of the week, open shifts included.
export function hoursPerDay(schedule: Schedule): number[] {
  const minutes = schedule.days.map(() => 0);
  for (const days of [...schedule.employees.map((e) => e.days), schedule.open_shifts]) {
    days.forEach((shifts, i) => {
      for (const shift of shifts) minutes[i]! += shiftMinutes(shift);
    });
  }
  return minutes.map((m) => m / 60);
}

// Hours of a list of days of shifts (the open shifts' row).
export function hoursOf(days: Shift[][]): number {
  return days.reduce((sum, shifts) => sum + shifts.reduce((s, shift) => s + shiftMinutes(shift), 0), 0) / 60;
}

// The instants of a shift typed as a local date and wall times in `zone`; an end earlier than
// the start is on the next day. REQUIRES: start !== end, all non-empty.
export function shiftInstants(date: string, start: string, end: string, zone: string): { start: string; end: string } {
  const endDate = end < start ? addDays(date, 1) : date;
  return { start: toInstant(date, start, zone), end: toInstant(endDate, end, zone) };
}

// A shift as the form edits it: local date and wall times.
export function shiftLocal(shift: Shift, zone: string): { date: string; start: string; end: string } {
  const start = localParts(shift.start, zone);
  return { date: start.date, start: start.time, end: localParts(shift.end, zone).time };
}

// `words` names fields in the server's words ("end_date must not be before start_date") as
// people say them ("The last day must not be before the first day"), wherever the error lands.
export function errorsFrom(error: unknown, fields: readonly string[], words: Record<string, string> = {}): FormErrors {
  return placeError(error, fields, (e) => {
    let said = describeError(e);
    for (const [name, word] of Object.entries(words)) {
      said = said.replace(new RegExp(`\\b${name.replace(/\./g, "\\.")}\\b`, "gi"), word);
    }
    return said.charAt(0).toUpperCase() + said.slice(1);
  });
}

export function isOverlap(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.kind === "shift-overlap";
}

// The shift another one clashed with: from the week shown, else asked of the server.
export async function conflictingShift(error: ApiError, schedule: Schedule | undefined): Promise<Shift | null> {
  const id = error.problem?.conflicting_shift_id;
  if (!id) return null;
  if (schedule) {
    for (const list of [...schedule.employees.flatMap((e) => e.days), ...schedule.open_shifts]) {
      const found = list.find((s) => s.id === id);
      if (found) return found;
    }
  }
  try {
    return await request<Shift>("GET", `/shifts/${id}`);
  } catch {
    return null;
  }
}

// "Ada already works 8:00 AM–4:00 PM that day." — a 409 shift-overlap in plain words. `date` is
// the local date of the shift being saved (null for a pattern, which spans many days).
export function overlapMessage(name: string, conflict: Shift | null, zone: string, date: string | null): string {
  if (!conflict) return `${name} already has a shift at that time.`;
  const times = shiftTimes(conflict, zone);
  const on = localParts(conflict.start, zone).date;
  if (date !== null && on === date) return `${name} already works ${times} that day.`;
  return `${name} already works ${times} on ${formatLongDay(on)}.`;
}
