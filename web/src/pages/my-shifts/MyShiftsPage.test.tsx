import { screen, waitFor, within } from "@testing-library/react";

import type { Shift } from "../../api/types";
import { expectAccessible, mockApi, sessionRoutes } from "../../test/harness";
import { formatLongDay } from "../../lib/time";
import { ADA, renderSignedInPage } from "../auth/testing";
import MyShiftsPage from "./MyShiftsPage";

const NOW = new Date("2026-03-29T10:00:00Z"); // a Sunday

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const shift = (id: number, start: string, end: string, note = ""): Shift =>
  ({ id, user_id: ADA.id, start, end, position: "Head chef", note, pattern_id: null });

const open = () => renderSignedInPage("/my-shifts", "/my-shifts", <MyShiftsPage />);

function dayCard(date: string): HTMLElement {
  const card = screen.getByRole("heading", { level: 3, name: new RegExp(formatLongDay(date)) }).closest(".card");
  if (!card) throw new Error(`no card for ${date}`);
  return card as HTMLElement;
}

describe("My shifts", () => {
  it("asks for the person's shifts of the next 8 weeks and groups them by day in the organisation's zone", async () => {
    const api = mockApi({
      ...sessionRoutes(ADA), // the organisation is in Europe/Berlin, weeks begin on Monday
      "GET /shifts": { body: { shifts: [
        shift(1, "2026-03-30T06:00:00Z", "2026-03-30T14:00:00Z", "Count the till."), // Mon 08:00–16:00
        shift(2, "2026-03-30T22:30:00Z", "2026-03-31T05:00:00Z"), // Tue 00:30–07:00 in Berlin (Mon in UTC)
        shift(3, "2026-04-06T06:00:00Z", "2026-04-06T14:00:00Z"), // next Monday
      ] } },
    });
    const { container } = open();

    const weeks = await screen.findAllByRole("heading", { level: 2 });
    expect(weeks.map((h) => h.textContent)).toEqual([
      expect.stringMatching(/^Week of .*14\.5 h$/),
      expect.stringMatching(/^Week of .*8 h$/),
    ]);
    expect(within(dayCard("2026-03-30")).getAllByRole("listitem")).toHaveLength(1);
    expect(within(dayCard("2026-03-30")).getByText("Count the till.")).toBeTruthy();
    expect(within(dayCard("2026-03-31")).getByText("6.5 h")).toBeTruthy();
    expect(within(dayCard("2026-04-06")).getByText("8 h")).toBeTruthy();
    expect(screen.getByText(/3 shifts, 22\.5 h in the next 8 weeks/)).toBeTruthy();

    const [call] = api.callsTo("GET /shifts");
    expect(call?.query.get("from")).toBe("2026-03-29T10:00:00Z");
    expect(call?.query.get("to")).toBe("2026-05-24T10:00:00Z");
    expect(call?.query.get("user_id")).toBe(String(ADA.id));
    await expectAccessible(container);
  });

  it("shows times in the organisation's zone", async () => {
    mockApi({
      ...sessionRoutes(ADA),
      "GET /shifts": { body: { shifts: [shift(1, "2026-03-30T06:00:00Z", "2026-03-30T14:00:00Z")] } },
    });
    open();
    const card = await screen.findByRole("listitem");
    const eight = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" })
      .format(new Date(2026, 2, 30, 8, 0));
    expect(card.textContent).toContain(eight);
  });

  it("shows a loading state, then the empty state", async () => {
    let answer: ((reply: { body: unknown }) => void) | undefined;
    mockApi({ ...sessionRoutes(ADA), "GET /shifts": () => new Promise((resolve) => { answer = resolve; }) });
    const { container } = open();
    expect(await screen.findByRole("status", { name: "Loading your shifts" })).toBeTruthy();
    // The loading state may show before the request leaves (a loaded machine): answer it once asked.
    await waitFor(() => expect(answer).toBeDefined());
    answer?.({ body: { shifts: [], next_cursor: null } });
    expect(await screen.findByText("No shifts planned in the next 8 weeks")).toBeTruthy();
    expect(screen.queryByRole("status", { name: "Loading your shifts" })).toBeNull();
    await expectAccessible(container);
  });
});
