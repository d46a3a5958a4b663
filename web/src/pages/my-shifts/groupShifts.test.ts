import type { Shift } from "../../api/types";
import { groupShifts, upcomingRange, weekStartOf } from "./groupShifts";

const shift = (id: number, start: string, end: string): Shift =>
  ({ id, user_id: 7, start, end, position: "Barista", note: "", pattern_id: null });

describe("groupShifts", () => {
  it("puts each shift on its local day in the organisation's zone", () => {
    const late = shift(2, "2026-03-30T22:30:00Z", "2026-03-31T05:00:00Z"); // Tuesday 00:30 in Berlin
    const weeks = groupShifts([late, shift(1, "2026-03-30T06:00:00Z", "2026-03-30T14:00:00Z")], "Europe/Berlin", "monday");
    expect(weeks.map((w) => w.days.map((d) => [d.date, d.shifts.map((r) => r.shift.id)])))
      .toEqual([[["2026-03-30", [1]], ["2026-03-31", [2]]]]);
    expect(groupShifts([late], "UTC", "monday")[0]?.days[0]?.date).toBe("2026-03-30");
  });

  it("splits weeks on the organisation's first day and adds up hours per day and week", () => {
    const shifts = [
      shift(1, "2026-04-04T08:00:00Z", "2026-04-04T12:30:00Z"), // Saturday, 4.5 h
      shift(2, "2026-04-04T14:00:00Z", "2026-04-04T18:00:00Z"), // Saturday, 4 h
      shift(3, "2026-04-05T08:00:00Z", "2026-04-05T16:00:00Z"), // Sunday, 8 h
    ];
    const mondays = groupShifts(shifts, "UTC", "monday");
    expect(mondays.map((w) => [w.start, w.hours])).toEqual([["2026-03-30", 16.5]]);
    expect(mondays[0]?.days.map((d) => d.hours)).toEqual([8.5, 8]);
    const sundays = groupShifts(shifts, "UTC", "sunday");
    expect(sundays.map((w) => [w.start, w.hours])).toEqual([["2026-03-29", 8.5], ["2026-04-05", 8]]);
  });

  it("counts the hours worked across a daylight-saving change and marks shifts that end the next day", () => {
    // 22:00 on 28 March to 06:00 on 29 March in Berlin: the clocks go forward, 7 hours.
    const night = shift(1, "2026-03-28T21:00:00Z", "2026-03-29T04:00:00Z");
    const toMidnight = shift(2, "2026-03-30T14:00:00Z", "2026-03-30T22:00:00Z"); // 16:00–24:00 in Berlin
    const rows = groupShifts([night, toMidnight], "Europe/Berlin", "monday").flatMap((w) => w.days.flatMap((d) => d.shifts));
    expect(rows.map((r) => [r.hours, r.endsNextDay])).toEqual([[7, true], [8, false]]);
  });

  it("knows the first day of any date's week", () => {
    expect(weekStartOf("2026-04-01", "monday")).toBe("2026-03-30");
    expect(weekStartOf("2026-03-30", "monday")).toBe("2026-03-30");
    expect(weekStartOf("2026-03-29", "monday")).toBe("2026-03-23");
    expect(weekStartOf("2026-04-01", "saturday")).toBe("2026-03-28");
  });

  it("asks for eight weeks from now", () => {
    expect(upcomingRange(new Date("2026-03-29T10:00:00.123Z")))
      .toEqual({ from: "2026-03-29T10:00:00Z", to: "2026-05-24T10:00:00Z" });
  });
});
