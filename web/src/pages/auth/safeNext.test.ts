import { safeNext } from "./safeNext";

describe("safeNext", () => {
  it("keeps a relative path on this site, with its query and fragment", () => {
    expect(safeNext("/team")).toBe("/team");
    expect(safeNext("/schedule?week=2026-03-30#today")).toBe("/schedule?week=2026-03-30#today");
  });

  it.each([
    null, "", "team", "//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)",
    "/\tx", " /team", "/a\\b",
  ])("refuses %j and goes to the schedule", (next) => {
    expect(safeNext(next)).toBe("/schedule");
  });
});
