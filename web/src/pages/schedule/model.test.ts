import { ApiError } from "../../api/client";
import type { Problem } from "../../api/types";
import { formatLongDay } from "../../lib/time";
import { mockApi, problem } from "../../test/harness";
import { schedule, shift, ZONE } from "./fixtures";
import {
  conflictingShift, dayHeading, editShiftLabel, errorsFrom, hoursPerDay, isDate, overlapMessage, shiftInstants, shiftLocal,
  shiftsOfDay, shiftTimes, thisWeekStart, weekdaysFrom, weekStartOf,
} from "./model";
import { WEEKDAYS } from "../../api/types";

describe("schedule helpers", () => {
  it("finds the first day of a week, for any first weekday", () => {
    expect(weekStartOf("2026-03-25", "monday")).toBe("2026-03-23");
    expect(weekStartOf("2026-03-23", "monday")).toBe("2026-03-23");
    expect(weekStartOf("2026-03-22", "monday")).toBe("2026-03-16");
    expect(weekStartOf("2026-03-25", "sunday")).toBe("2026-03-22");
    expect(weekStartOf("2026-01-01", "saturday")).toBe("2025-12-27");
    expect(weekdaysFrom("sunday")).toEqual(["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]);
  });

  // Monday 16 to Sunday 29 March 2026: on day i of the week of the 23rd (Monday = 0), weeks starting
  // on weekday k begin on the 23rd + k if that is not after the day, else a week earlier.
  describe("the week Today opens", () => {
    for (const [k, weekStart] of WEEKDAYS.entries()) {
      for (let i = 0; i < 7; i++) {
        const day = `2026-03-${23 + i}`;
        const expected = `2026-03-${i >= k ? 23 + k : 16 + k}`;
        it(`on ${WEEKDAYS[i]} ${day}, weeks starting on ${weekStart}: ${expected}`, () => {
          // Noon in Berlin, and a minute before and after midnight there (UTC+1 until the 29th).
          expect(thisWeekStart(new Date(`${day}T11:00:00Z`), ZONE, weekStart)).toBe(expected);
          expect(thisWeekStart(new Date(`${day}T00:01:00+01:00`), ZONE, weekStart)).toBe(expected);
          if (i < 6) expect(thisWeekStart(new Date(`${day}T23:59:00+01:00`), ZONE, weekStart)).toBe(expected);
        });
      }
    }

    it("takes today's date in the organisation's zone, not the browser's", () => {
      // Sunday 29 March 23:30 UTC is already Monday 30 March in Berlin (UTC+2 from that day).
      const lateSunday = new Date("2026-03-29T23:30:00Z");
      expect(thisWeekStart(lateSunday, ZONE, "monday")).toBe("2026-03-30");
      expect(thisWeekStart(lateSunday, "UTC", "monday")).toBe("2026-03-23");
      expect(thisWeekStart(lateSunday, "UTC", "sunday")).toBe("2026-03-29");
    });
  });

  it("accepts only real dates", () => {
    expect(isDate("2026-02-28")).toBe(true);
    expect(isDate("2026-02-31")).toBe(false);
    expect(isDate("0202-04-08")).toBe(false);
    expect(isDate("2026-4-8")).toBe(false);
    expect(isDate(null)).toBe(false);
  });

  it("turns local times into instants: overnight ends the next day, daylight saving counts", () => {
    expect(shiftInstants("2026-03-23", "08:00", "16:00", ZONE)).toEqual({ start: "2026-03-23T07:00:00Z", end: "2026-03-23T15:00:00Z" });
    expect(shiftInstants("2026-03-28", "22:00", "06:00", ZONE)).toEqual({ start: "2026-03-28T21:00:00Z", end: "2026-03-29T04:00:00Z" });
    expect(shiftLocal(shift(7, "2026-03-28", "22:00", "06:00"), ZONE)).toEqual({ date: "2026-03-28", start: "22:00", end: "06:00" });
  });

  it("writes shift times short, in the organisation's zone and the reader's clock", () => {
    const night = shift(7, "2026-03-23", "22:00", "06:30");
    expect(shiftTimes(night, ZONE, "en-US").replace(/\s/g, " ")).toBe("10 PM–6:30 AM");
    expect(shiftTimes(night, ZONE, "en-GB")).toMatch(/^22:00–0?6:30$/);
    expect(shiftTimes(night, "UTC", "en-GB")).toMatch(/^21:00–0?5:30$/);
  });

  it("adds up the hours of each day, open shifts included", () => {
    expect(hoursPerDay(schedule())).toEqual([16, 14, 0, 8, 0, 0, 0]);
  });

  it("lists a day's shifts, everyone's and the open ones, by start time", () => {
    const week = schedule();
    const day = (i: number) => shiftsOfDay(week, i).map(({ shift, employee }) => [employee?.name ?? "open", shift.id]);
    const [ada, grace] = week.employees;
    expect(day(0)).toEqual([["Ada Lovelace", ada!.days[0]![0]!.id], ["Grace Hopper", grace!.days[0]![0]!.id]]);
    expect(day(1)).toEqual([["Ada Lovelace", ada!.days[1]![0]!.id], ["open", week.open_shifts[1]![0]!.id]]);
    expect(day(2)).toEqual([]);
    // Grace starting before Ada comes first; an open shift starting with someone comes before them.
    grace!.days[3] = [shift(8, "2026-03-26", "06:00", "14:00")];
    week.open_shifts[3] = [shift(null, "2026-03-26", "22:00", "23:00")];
    expect(day(3).map(([who]) => who)).toEqual(["Grace Hopper", "open", "Ada Lovelace"]);
  });

  it("names a shift's edit button by its day, then the words it shows", () => {
    const tuesday = dayHeading("2026-03-24");
    const long = formatLongDay("2026-03-24");
    expect(editShiftLabel(tuesday, ["8–16", "", "Count the till"], "Ada Lovelace"))
      .toBe(`Edit shift of Ada Lovelace on ${long}: 8–16, Count the till`);
    expect(editShiftLabel(tuesday, ["8–16", "Waiter", ""], null)).toBe(`Edit open shift on ${long}: 8–16, Waiter`);
    expect(editShiftLabel(tuesday, ["Open shift", "8–16"])).toBe(`Edit shift on ${long}: Open shift, 8–16`);
  });

  it("puts an error next to a field the form has, else on the form, in people's words", () => {
    const onEnd = new ApiError(422, problem(422, "invalid-input", "end must be after start", "end").body as Problem, "");
    expect(errorsFrom(onEnd, ["start", "end"])).toEqual({ fields: { end: "End must be after start." }, page: null });
    expect(errorsFrom(onEnd, ["start"])).toEqual({ fields: {}, page: "End must be after start." });
    const dates = new ApiError(422, problem(422, "invalid-input", "end_date must not be before start_date", "end_date").body as Problem, "");
    const words = { start_date: "the first day", end_date: "the last day" };
    expect(errorsFrom(dates, ["end_date"], words).fields.end_date).toBe("The last day must not be before the first day.");
  });

  it("says which shift is in the way, fetching it when it is not in the week shown", async () => {
    const week = schedule();
    const monday = week.employees[0]!.days[0]![0]!;
    const clash = (id: number) => new ApiError(409, { ...(problem(409, "shift-overlap", "overlap").body as Problem), conflicting_shift_id: id }, "");
    expect(await conflictingShift(clash(monday.id), week)).toBe(monday);

    const elsewhere = shift(7, "2026-04-02", "10:00", "18:00", { id: 555 });
    const api = mockApi({ "GET /shifts/555": { body: elsewhere } });
    expect(await conflictingShift(clash(555), week)).toEqual(elsewhere);
    expect(api.calls).toHaveLength(1);

    const times = shiftTimes(elsewhere, ZONE);
    expect(overlapMessage("Ada", elsewhere, ZONE, "2026-04-02")).toBe(`Ada already works ${times} that day.`);
    expect(overlapMessage("Ada", elsewhere, ZONE, "2026-04-01")).toBe(`Ada already works ${times} on ${formatLongDay("2026-04-02")}.`);
    expect(overlapMessage("Ada", null, ZONE, null)).toBe("Ada already has a shift at that time.");
  });
});
