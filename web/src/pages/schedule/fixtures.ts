// Test data shaped like the API's answers (docs/openapi.json): a week in Europe/Berlin with a
// daylight-saving Sunday, two people and an open shift.
import type { Schedule, ScheduleEmployee, Shift, User, WeeklyPattern } from "../../api/types";
import { addDays, toInstant } from "../../lib/time";

export const ZONE = "Europe/Berlin";

// The signed-in person: Ada (7) as an employee, Grace (8) as a manager or owner.
export function user(role: User["role"], id = role === "employee" ? 7 : 8): User {
  return {
    id, name: role === "employee" ? "Ada Lovelace" : "Grace Hopper", email: "someone@example.com", position: "Barista",
    role, active: true, picture_url: null, created_at: "2026-01-05T09:00:00Z",
  };
}

let nextId = 100;
// A shift from local wall times in Berlin; an end earlier than the start is on the next day.
export function shift(userId: number | null, date: string, start: string, end: string, extra: Partial<Shift> = {}): Shift {
  const endDate = end < start ? addDays(date, 1) : date;
  return {
    id: nextId++, user_id: userId, start: toInstant(date, start, ZONE), end: toInstant(endDate, end, ZONE),
    position: "Barista", note: "", pattern_id: null, ...extra,
  };
}

export const PATTERN: WeeklyPattern = {
  id: 5, user_id: 7, start_date: "2026-03-02", end_date: "2026-06-28",
  days: { monday: { start: "08:00", end: "16:00" }, thursday: { start: "22:00", end: "06:00" } },
  position: "Barista", created_at: "2026-03-01T09:00:00Z",
};

// A person's week from [day index, shift] pairs.
function employee(id: number, name: string, position: string, shifts: [number, Shift][],
  latest: WeeklyPattern | null = null): ScheduleEmployee {
  const days: Shift[][] = Array.from({ length: 7 }, () => []);
  for (const [day, s] of shifts) days[day]!.push(s);
  const hours = shifts.reduce((h, [, s]) => h + (Date.parse(s.end) - Date.parse(s.start)) / 3_600_000, 0);
  return { id, name, position, role: "employee", picture_url: null, days, hours, latest_pattern: latest };
}

// The week starting on `weekStart` (a Monday): Ada works Monday and Tuesday 08:00-16:00 and
// Thursday night 22:00-06:00; Grace works Monday 12:00-20:00 as a waiter; a waiter's shift is
// open on Tuesday. Shift ids are 100 upwards.
export function schedule(weekStart = "2026-03-23"): Schedule {
  const at = (i: number) => addDays(weekStart, i);
  nextId = 100; // the same ids every time: a test can name the shift the page shows
  const ada: [number, Shift][] = [[0, shift(7, at(0), "08:00", "16:00")],
    [1, shift(7, at(1), "08:00", "16:00", { note: "Count the till" })], [3, shift(7, at(3), "22:00", "06:00")]];
  const grace: [number, Shift][] = [[0, shift(8, at(0), "12:00", "20:00", { position: "Waiter" })]];
  const open = shift(null, at(1), "16:00", "22:00", { position: "Waiter" });
  return {
    week_start: weekStart,
    time_zone: ZONE,
    days: Array.from({ length: 7 }, (_, i) => {
      const start = toInstant(at(i), "00:00", ZONE);
      const end = toInstant(at(i + 1), "00:00", ZONE);
      return { date: at(i), start, end, hours: (Date.parse(end) - Date.parse(start)) / 3_600_000 };
    }),
    employees: [employee(7, "Ada Lovelace", "Barista", ada, PATTERN), employee(8, "Grace Hopper", "Shift lead", grace)],
    open_shifts: Array.from({ length: 7 }, (_, i) => (i === 1 ? [open] : [])),
  };
}
