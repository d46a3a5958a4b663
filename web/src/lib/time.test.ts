import { addDays, formatHours, localParts, toInstant, today } from "./time";

describe("time in the organisation's zone", () => {
  it("turns a local wall time into the right UTC instant, summer and winter", () => {
    expect(toInstant("2026-01-15", "08:00", "Europe/Berlin")).toBe("2026-01-15T07:00:00Z");
    expect(toInstant("2026-07-15", "08:00", "Europe/Berlin")).toBe("2026-07-15T06:00:00Z");
    expect(toInstant("2026-07-15", "08:00", "America/New_York")).toBe("2026-07-15T12:00:00Z");
  });

  it("takes the later reading of a wall time that a spring-forward skips", () => {
    // 2026-03-29 02:30 does not exist in Berlin; 03:30 CEST is 01:30Z.
    expect(toInstant("2026-03-29", "02:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00Z");
  });

  it("takes the earlier reading of a wall time that a fall-back repeats", () => {
    // 2026-10-25 02:30 happens twice in Berlin: first at 00:30Z (CEST), then at 01:30Z (CET).
    expect(toInstant("2026-10-25", "02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00Z");
  });

  it("reads an instant back as local date and time", () => {
    expect(localParts("2026-07-15T06:00:00Z", "Europe/Berlin")).toEqual({ date: "2026-07-15", time: "08:00" });
    expect(localParts("2026-12-31T23:30:00Z", "Asia/Tokyo")).toEqual({ date: "2027-01-01", time: "08:30" });
  });

  it("knows today in a zone, across the date line", () => {
    const now = new Date("2026-05-01T22:00:00Z");
    expect(today("UTC", now)).toBe("2026-05-01");
    expect(today("Pacific/Auckland", now)).toBe("2026-05-02");
  });

  it("adds days to local dates across months and years", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("formats hours", () => {
    expect(formatHours(7.5, "en")).toBe("7.5 h");
    expect(formatHours(38, "en")).toBe("38 h");
  });
});
