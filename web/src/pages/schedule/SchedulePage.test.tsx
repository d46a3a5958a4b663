import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation } from "react-router-dom";

import type { Schedule, Shift } from "../../api/types";
import { formatLongDay, today } from "../../lib/time";
import { expectAccessible, mockApi, ORGANIZATION as ORG, problem, renderSignedIn, sessionRoutes, type ApiCall,
} from "../../test/harness";
import { schedule, user, ZONE } from "./fixtures";
import { dayHeading, shiftTimes, weekStartOf } from "./model";
import SchedulePage from "./SchedulePage";

function Where() {
  return <output data-testid="where">{useLocation().search}</output>;
}

// The page at `url` for a signed-in person of `role`; GET /schedule answers the asked week.
function setup(role: "employee" | "manager" | "owner", url = "/schedule?week=2026-03-23") {
  const api = mockApi({
    ...sessionRoutes(user(role)),
    "GET /schedule": (call: ApiCall) => ({ body: schedule(weekStartOf(call.query.get("week") ?? today(ZONE), "monday")) }),
  });
  const view = renderSignedIn(
    <MemoryRouter initialEntries={[url]}>
      <Routes><Route path="/schedule" element={<><SchedulePage /><Where /></>} /></Routes>
    </MemoryRouter>,
  );
  return { api, view, user: userEvent.setup() };
}

const rowOf = async (name: RegExp | string) => (await screen.findByRole("rowheader", { name })).closest("tr")!;
const cellsOf = (row: HTMLElement) => within(row).getAllByRole("cell");
const times = (shift: Pick<Shift, "start" | "end">) => shiftTimes(shift, ZONE);
const weeksAsked = (api: ReturnType<typeof setup>["api"]) => api.callsTo("GET /schedule").map((c) => c.query.get("week"));
const where = () => screen.getByTestId("where").textContent;
// The grid and the day list are both on the page (CSS shows one by the screen's width, which jsdom
// does not apply), so a test about one looks inside it.
const grid = () => within(screen.getByRole("region", { name: /^Schedule for/ }));

// The text that aria-describedby points at (hints and errors of a field).
function descriptionOf(element: HTMLElement): string {
  return (element.getAttribute("aria-describedby") ?? "").split(" ").filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

describe("the week grid", () => {
  it("shows people, their shifts in the organisation's zone and hours per person and per day", async () => {
    const { api } = setup("employee");
    const week = schedule();
    const ada = await rowOf(/Ada Lovelace/);
    const adaMonday = week.employees[0]!.days[0]![0]!;
    // 08:00 in Berlin is 07:00Z: the grid must show the Berlin reading.
    expect(times(adaMonday)).toMatch(/^0?8\D/);
    expect(cellsOf(ada)[0]!.textContent).toContain(times(adaMonday));
    expect(cellsOf(ada)[0]!.textContent).not.toContain("Barista"); // Ada's own position is not repeated
    expect(cellsOf(ada)[1]!.textContent).toContain("Count the till");
    expect(cellsOf(ada)[7]!.textContent).toBe("24 h");

    const grace = await rowOf(/Grace Hopper/);
    expect(within(grace).getByRole("rowheader").textContent).toContain("Shift lead");
    expect(cellsOf(grace)[0]!.textContent).toContain("Waiter"); // another position than hers
    expect(cellsOf(grace)[7]!.textContent).toBe("8 h");

    const open = await rowOf(/Open shifts/);
    expect(cellsOf(open)[1]!.textContent).toContain(times(week.open_shifts[1]![0]!));

    const total = cellsOf(await rowOf("Total")).map((c) => c.textContent);
    expect(total).toEqual(["16 h", "14 h", "0 h", "8 h", "0 h", "0 h", "0 h", "38 h"]);

    expect(screen.getByRole("table", { name: /Schedule for .*Europe\/Berlin/ })).toBeTruthy();
    expect(screen.getByRole("columnheader", { name: /23-hour day/ }).textContent).toMatch(/29/); // the clocks go forward
    expect(weeksAsked(api)).toEqual(["2026-03-23"]);
  });

  it("highlights today's column", async () => {
    const monday = weekStartOf(today(ZONE), "monday");
    setup("employee", `/schedule?week=${monday}`);
    await rowOf(/Ada Lovelace/);
    const current = screen.getAllByRole("columnheader").filter((th) => th.getAttribute("aria-current") === "date");
    expect(current).toHaveLength(1);
    expect(current[0]!.className).toContain("is-today");
  });

  it("shows a placeholder, then keeps the week on screen while the next one loads", async () => {
    const { api } = setup("employee");
    expect(await screen.findByRole("status", { name: "Loading the schedule" })).toBeTruthy();
    await rowOf(/Ada Lovelace/);
    let answer!: (s: Schedule) => void;
    api.on("GET /schedule", () => new Promise((resolve) => { answer = (s) => resolve({ body: s }); }));
    fireEvent.click(screen.getByRole("button", { name: "Next week" }));
    await waitFor(() => expect(weeksAsked(api)).toEqual(["2026-03-23", "2026-03-30"]));
    expect(screen.getByRole("rowheader", { name: /Ada Lovelace/ })).toBeTruthy();
    expect(screen.getByRole("region", { name: /Schedule for/ }).getAttribute("aria-busy")).toBe("true");
    answer(schedule("2026-03-30"));
    await waitFor(() => expect(screen.getByRole("region", { name: /Schedule for/ }).getAttribute("aria-busy")).toBeNull());
    expect(screen.getByRole("columnheader", { name: /Apr.* 5|5 Apr/ })).toBeTruthy();
  });

  it("moves between weeks with previous, next and today, keeping the week in the URL", async () => {
    const { api, user } = setup("employee", "/schedule?week=2026-03-25");
    await rowOf(/Ada Lovelace/);
    expect(weeksAsked(api)).toEqual(["2026-03-25"]);
    await user.click(screen.getByRole("button", { name: "Next week" }));
    expect(where()).toBe("?week=2026-03-30");
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    expect(where()).toBe("?week=2026-03-16");
    await user.click(screen.getByRole("button", { name: "Today" }));
    const thisWeek = weekStartOf(today(ZONE), "monday");
    expect(where()).toBe(`?week=${thisWeek}`);
    await waitFor(() => expect(weeksAsked(api)).toEqual(["2026-03-25", "2026-03-30", "2026-03-23", "2026-03-16", thisWeek]));
  });

  it("jumps to the week containing the date picked, ignoring half-typed years", async () => {
    const { api } = setup("employee");
    await rowOf(/Ada Lovelace/);
    const picker = screen.getByLabelText("Go to date");
    fireEvent.change(picker, { target: { value: "0002-04-08" } });
    expect(where()).toBe("?week=2026-03-23");
    fireEvent.change(picker, { target: { value: "2026-04-08" } }); // a Wednesday
    expect(where()).toBe("?week=2026-04-06");
    await waitFor(() => expect(weeksAsked(api)).toEqual(["2026-03-23", "2026-04-06"]));
    expect((picker as HTMLInputElement).value).toBe("2026-04-08");
  });

  it("is read-only for employees", async () => {
    setup("employee");
    const ada = await rowOf(/Ada Lovelace/);
    expect(within(ada).getByRole("rowheader").textContent).toContain("(you)");
    expect(screen.queryAllByRole("button", { name: /Add .*shift/ })).toHaveLength(0);
    expect(screen.queryAllByRole("button", { name: /Edit/ })).toHaveLength(0);
    expect(screen.queryByRole("button", { name: "Weekly pattern" })).toBeNull();
    expect(cellsOf(ada)[0]!.textContent).toContain(times(schedule().employees[0]!.days[0]![0]!));
  });

  it("has no serious accessibility problem, for employees and for managers", async () => {
    const { view } = setup("employee");
    await rowOf(/Ada Lovelace/);
    await expectAccessible(view.container);
    view.unmount();
    const manager = setup("manager");
    await rowOf(/Ada Lovelace/);
    await expectAccessible(manager.view.container);
  });
});

describe("the week as a list by day, as phones show it", () => {
  const dayList = async () => within(await screen.findByRole("region", { name: /^Schedule by day, .*Europe\/Berlin/ }));
  // The section of a day, found by its heading ("Mon 23 Mar").
  async function dayOf(date: string) {
    const { weekday, dayMonth } = dayHeading(date);
    const heading = (await dayList()).getByRole("heading", { level: 2, name: new RegExp(`^${weekday} ${dayMonth}`) });
    return within(heading.closest("section")!);
  }
  const words = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();
  const itemsOf = (day: Pick<typeof screen, "queryAllByRole">) => day.queryAllByRole("listitem").map((li) => words(li.textContent));

  it("has a heading per day and lists its shifts by start time: who, times in the organisation's zone, position", async () => {
    setup("employee");
    const week = schedule();
    const headings = (await dayList()).getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings.map((h) => h!.replace("Today", ""))).toEqual(
      week.days.map((d) => `${dayHeading(d.date).weekday} ${dayHeading(d.date).dayMonth}`));

    const [ada, grace] = week.employees;
    const monday = itemsOf(await dayOf("2026-03-23"));
    // "AL": the initials in place of a picture.
    expect(monday).toEqual([words(`ALAda Lovelace (you) ${times(ada!.days[0]![0]!)} Barista`),
      words(`GHGrace Hopper ${times(grace!.days[0]![0]!)} Waiter`)]);
    expect(times(ada!.days[0]![0]!)).toMatch(/^0?8\D/); // Berlin's 08:00, not 07:00Z
    const tuesday = await dayOf("2026-03-24");
    expect(itemsOf(tuesday)).toEqual([words(`ALAda Lovelace (you) ${times(ada!.days[1]![0]!)} Barista Count the till`),
      words(`Open shift ${times(week.open_shifts[1]![0]!)} Waiter`)]);
    expect(tuesday.getByRole("list", { name: /^Tue/ })).toBeTruthy();
    expect(tuesday.getByText("14 h")).toBeTruthy();

    const wednesday = await dayOf("2026-03-25");
    expect(wednesday.queryByRole("list")).toBeNull();
    expect(wednesday.getByText("No shifts")).toBeTruthy();
    expect((await dayOf("2026-03-29")).getByText(/23-hour day/)).toBeTruthy(); // the clocks go forward
    // Read-only for employees.
    expect((await dayList()).queryAllByRole("button")).toHaveLength(0);
  });

  it("marks today, and shows people's pictures", async () => {
    const thisWeek = weekStartOf(today(ZONE), "monday");
    const { api } = setup("employee", `/schedule?week=${thisWeek}`);
    const week = schedule(thisWeek);
    week.employees[1]!.picture_url = "/api/v1/users/8/picture?v=3";
    api.on("GET /schedule", { body: week }); // before the page asks: it waits for the session first
    const marked = await waitFor(async () => {
      const found = (await dayList()).getAllByRole("heading", { level: 2 }).filter((h) => h.closest("[aria-current=date]"));
      expect(found).toHaveLength(1);
      return found[0]!;
    });
    expect(marked.textContent).toBe(`${dayHeading(today(ZONE)).weekday} ${dayHeading(today(ZONE)).dayMonth}Today`);
    const monday = await dayOf(thisWeek);
    expect(monday.getAllByRole("listitem")[1]!.querySelector("img")?.getAttribute("src")).toBe("/api/v1/users/8/picture?v=3");
    expect(api.callsTo("GET /schedule")).toHaveLength(1);
  });

  it("renders only the view the screen's width shows, where the browser can tell, and follows a change", async () => {
    let phone = true;
    const changed = new Set<() => void>();
    vi.stubGlobal("matchMedia", (media: string) => ({
      media, matches: phone && /max-width: 639/.test(media),
      addEventListener: (_: string, listener: () => void) => changed.add(listener),
      removeEventListener: (_: string, listener: () => void) => changed.delete(listener),
    }));
    try {
      setup("employee");
      await dayList();
      expect(screen.queryByRole("table")).toBeNull();
      phone = false; // turned sideways, or a wider window
      act(() => changed.forEach((listener) => listener()));
      expect(await screen.findByRole("table", { name: /^Schedule for/ })).toBeTruthy();
      expect(screen.queryByRole("region", { name: /^Schedule by day/ })).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("lets managers tap a shift to edit it and add a shift on a day, in the grid's dialogs", async () => {
    const { api, user } = setup("manager");
    const open = schedule().open_shifts[1]![0]!;
    const tuesday = await dayOf("2026-03-24");
    await user.click(tuesday.getByRole("button", { name: `Edit shift on ${formatLongDay("2026-03-24")}: Open shift, ${times(open)}, Waiter` }));
    let dialog = within(screen.getByRole("dialog", { name: "Edit shift" }));
    expect((dialog.getByLabelText("Start") as HTMLInputElement).value).toBe("16:00");
    expect((dialog.getByLabelText("Employee") as HTMLSelectElement).value).toBe("");
    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();

    api.on("POST /shifts", (call) => ({ status: 201, body: { id: 902, pattern_id: null, ...(call.body as object) } }));
    await user.click((await dayOf("2026-03-25")).getByRole("button", { name: `Add shift on ${formatLongDay("2026-03-25")}` }));
    dialog = within(screen.getByRole("dialog", { name: "Add shift" }));
    expect((dialog.getByLabelText("Date") as HTMLInputElement).value).toBe("2026-03-25");
    await user.selectOptions(dialog.getByLabelText("Employee"), "Grace Hopper");
    await user.type(dialog.getByLabelText("Start"), "10:00");
    await user.type(dialog.getByLabelText("End"), "14:00");
    await user.click(dialog.getByRole("button", { name: "Add shift" }));
    await screen.findByText(`Grace Hopper's shift on ${formatLongDay("2026-03-25")} is added.`);
    expect(api.callsTo("POST /shifts").map((c) => c.body)).toEqual([{
      user_id: 8, start: "2026-03-25T09:00:00Z", end: "2026-03-25T13:00:00Z", position: "Shift lead", note: "",
    }]);
  });
});

describe("changing shifts", () => {
  const tuesday = formatLongDay("2026-03-24");
  const monday = formatLongDay("2026-03-23");

  it("adds a shift: the instants are the wall times in the organisation's zone, overnight ends the next day", async () => {
    const { api, user } = setup("manager");
    await rowOf(/Grace Hopper/);
    api.on("POST /shifts", (call) => ({ status: 201, body: { id: 900, pattern_id: null, ...(call.body as object) } }));
    await user.click(screen.getByRole("button", { name: `Add shift for Grace Hopper on ${tuesday}` }));
    const dialog = screen.getByRole("dialog", { name: "Add shift" });
    expect((within(dialog).getByLabelText("Employee") as HTMLSelectElement).value).toBe("8");
    expect((within(dialog).getByLabelText("Date") as HTMLInputElement).value).toBe("2026-03-24");
    await user.type(within(dialog).getByLabelText("Start"), "22:00");
    await user.type(within(dialog).getByLabelText("End"), "06:00");
    expect(descriptionOf(within(dialog).getByLabelText("End"))).toContain("Ends the next day");
    await user.type(within(dialog).getByLabelText("Note"), "Close up");
    await user.click(within(dialog).getByRole("button", { name: "Add shift" }));

    await screen.findByText(`Grace Hopper's shift on ${tuesday} is added.`);
    expect(api.callsTo("POST /shifts").map((c) => c.body)).toEqual([{
      user_id: 8, start: "2026-03-24T21:00:00Z", end: "2026-03-25T05:00:00Z", position: "Shift lead", note: "Close up",
    }]);
    expect(api.calls.filter((c) => c.path === "/schedule")).toHaveLength(2); // reloaded
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("adds an open shift", async () => {
    const { api, user } = setup("owner");
    await rowOf(/Open shifts/);
    api.on("POST /shifts", (call) => ({ status: 201, body: { id: 901, pattern_id: null, ...(call.body as object) } }));
    await user.click(screen.getByRole("button", { name: `Add open shift on ${monday}` }));
    const dialog = screen.getByRole("dialog", { name: "Add shift" });
    await user.type(within(dialog).getByLabelText("Start"), "09:30");
    await user.type(within(dialog).getByLabelText("End"), "13:00");
    await user.type(within(dialog).getByLabelText("Position"), "Cook");
    await user.click(within(dialog).getByRole("button", { name: "Add shift" }));
    await screen.findByText(`The open shift on ${monday} is added.`);
    expect(api.callsTo("POST /shifts")[0]!.body).toEqual({
      user_id: null, start: "2026-03-23T08:30:00Z", end: "2026-03-23T12:00:00Z", position: "Cook", note: "",
    });
  });

  it("explains an overlap in plain words", async () => {
    const { api, user } = setup("manager");
    await rowOf(/Ada Lovelace/);
    const existing = schedule().employees[0]!.days[0]![0]!;
    api.on("POST /shifts", {
      status: 409,
      body: { ...problem(409, "shift-overlap", "the shift overlaps another shift of the employee").body as object,
        conflicting_shift_id: existing.id },
    });
    await user.click(screen.getByRole("button", { name: `Add shift for Ada Lovelace on ${monday}` }));
    const dialog = screen.getByRole("dialog", { name: "Add shift" });
    await user.type(within(dialog).getByLabelText("Start"), "12:00");
    await user.type(within(dialog).getByLabelText("End"), "14:00");
    await user.click(within(dialog).getByRole("button", { name: "Add shift" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert.textContent).toBe(`Ada Lovelace already works ${times(existing)} that day.`);
  });

  it("shows a validation error next to the field the server named", async () => {
    const { api, user } = setup("manager");
    await rowOf(/Ada Lovelace/);
    api.on("POST /shifts", problem(422, "invalid-input", "position must be at most 100 characters", "position"));
    await user.click(screen.getByRole("button", { name: `Add shift for Ada Lovelace on ${monday}` }));
    const dialog = screen.getByRole("dialog", { name: "Add shift" });
    await user.type(within(dialog).getByLabelText("Start"), "08:00");
    await user.type(within(dialog).getByLabelText("End"), "08:00");
    await user.click(within(dialog).getByRole("button", { name: "Add shift" }));
    // Checked here first: an end equal to the start is no shift.
    expect(descriptionOf(within(dialog).getByLabelText("End"))).toContain("The end must differ from the start.");
    expect(api.callsTo("POST /shifts")).toHaveLength(0);

    await user.clear(within(dialog).getByLabelText("End"));
    await user.type(within(dialog).getByLabelText("End"), "12:00");
    await user.click(within(dialog).getByRole("button", { name: "Add shift" }));
    const position = within(dialog).getByLabelText("Position");
    await waitFor(() => expect(position.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(position)).toBe("Position must be at most 100 characters.");
    expect(within(dialog).getByLabelText("End").getAttribute("aria-invalid")).toBeNull();
    expect(within(dialog).queryByRole("alert")).toBeNull();
  });

  it("edits a shift, and deletes one only after confirmation", async () => {
    const { api, user } = setup("manager");
    await rowOf(/Ada Lovelace/);
    const existing = schedule().employees[0]!.days[0]![0]!;
    api.on(`PATCH /shifts/${existing.id}`, (call) => ({ body: { ...existing, ...(call.body as object) } }));
    api.on(`DELETE /shifts/${existing.id}`, { status: 204 });

    await user.click(grid().getByRole("button", { name: new RegExp(`^Edit shift of Ada Lovelace on ${monday}`) }));
    let dialog = screen.getByRole("dialog", { name: "Edit shift" });
    expect((within(dialog).getByLabelText("Start") as HTMLInputElement).value).toBe("08:00");
    const end = within(dialog).getByLabelText("End");
    await user.clear(end);
    await user.type(end, "17:00");
    await user.click(within(dialog).getByRole("button", { name: "Save shift" }));
    await screen.findByText(`Ada Lovelace's shift on ${monday} is saved.`);
    expect(api.callsTo(`PATCH /shifts/${existing.id}`)[0]!.body).toEqual({
      user_id: 7, start: "2026-03-23T07:00:00Z", end: "2026-03-23T16:00:00Z", position: "Barista", note: "",
    });

    await user.click(await grid().findByRole("button", { name: new RegExp(`^Edit shift of Ada Lovelace on ${monday}`) }));
    dialog = screen.getByRole("dialog", { name: "Edit shift" });
    await user.click(within(dialog).getByRole("button", { name: "Delete…" }));
    expect(api.callsTo(`DELETE /shifts/${existing.id}`)).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Yes, delete it" }));
    await screen.findByText("The shift is deleted.");
    expect(api.callsTo(`DELETE /shifts/${existing.id}`)).toHaveLength(1);
  });
});

describe("weekly patterns", () => {
  async function openPattern(role: "manager" | "owner" = "manager") {
    const page = setup(role);
    await rowOf(/Ada Lovelace/);
    await page.user.click(screen.getByRole("button", { name: "Weekly pattern" }));
    const dialog = screen.getByRole("dialog", { name: "Weekly pattern" });
    const day = (name: string) => within(within(dialog).getByRole("group", { name }));
    return { ...page, dialog: within(dialog), day };
  }

  async function setDates(dialog: ReturnType<typeof within>, first: string, last: string) {
    fireEvent.change(dialog.getByLabelText("First day"), { target: { value: first } });
    fireEvent.change(dialog.getByLabelText("Last day"), { target: { value: last } });
  }

  it("posts only the weekdays filled in and tells how many shifts it made", async () => {
    const { api, user, dialog, day } = await openPattern();
    api.on("POST /patterns", (call) => ({
      status: 201, body: { id: 6, created_at: "2026-03-20T10:00:00Z", position: "Shift lead", ...(call.body as object), shift_count: 12 },
    }));
    await user.selectOptions(dialog.getByLabelText("Employee"), "Grace Hopper");
    await setDates(dialog, "2026-03-23", "2026-04-19");
    await user.type(day("Monday").getByLabelText("Start"), "09:00");
    await user.type(day("Monday").getByLabelText("End"), "17:00");
    await user.type(day("Wednesday").getByLabelText("Start"), "22:00");
    await user.type(day("Wednesday").getByLabelText("End"), "06:00");
    await user.click(dialog.getByRole("button", { name: "Create pattern" }));

    await screen.findByText("Grace Hopper's weekly pattern is saved: 12 shifts created.");
    expect(api.callsTo("POST /patterns").map((c) => c.body)).toEqual([{
      user_id: 8, start_date: "2026-03-23", end_date: "2026-04-19",
      days: { monday: { start: "09:00", end: "17:00" }, wednesday: { start: "22:00", end: "06:00" } },
    }]);
    expect(api.callsTo("GET /schedule")).toHaveLength(2);
  });

  it("shows the server's error for days.monday.start next to Monday's start", async () => {
    const { api, user, dialog, day } = await openPattern();
    api.on("POST /patterns", problem(422, "invalid-input", "days.monday.start must be before 24:00", "days.monday.start"));
    await user.selectOptions(dialog.getByLabelText("Employee"), "Grace Hopper");
    await user.type(day("Monday").getByLabelText("Start"), "09:00");
    await user.type(day("Monday").getByLabelText("End"), "17:00");
    await user.click(dialog.getByRole("button", { name: "Create pattern" }));
    const mondayStart = day("Monday").getByLabelText("Start");
    await waitFor(() => expect(mondayStart.getAttribute("aria-invalid")).toBe("true"));
    expect(descriptionOf(mondayStart)).toBe("Monday's start must be before 24:00.");
    expect(day("Tuesday").getByLabelText("Start").getAttribute("aria-invalid")).toBeNull();
  });

  it("checks half-filled days and an empty week before asking the server", async () => {
    const { api, user, dialog, day } = await openPattern();
    await user.click(dialog.getByRole("button", { name: "Create pattern" }));
    expect(descriptionOf(dialog.getByLabelText("Employee"))).toBe("Choose the employee.");
    expect(dialog.getByText("Enter the times of at least one day.")).toBeTruthy();
    await user.type(day("Friday").getByLabelText("Start"), "09:00");
    await user.click(dialog.getByRole("button", { name: "Create pattern" }));
    expect(descriptionOf(day("Friday").getByLabelText("End"))).toContain("Enter the end time too");
    expect(api.callsTo("POST /patterns")).toHaveLength(0);
  });

  it("shows a person's latest pattern and replaces it with PUT", async () => {
    const { api, user, dialog, day } = await openPattern("owner");
    api.on("PUT /patterns/5", (call) => ({
      body: { id: 5, created_at: "2026-03-01T09:00:00Z", position: "Barista", ...(call.body as object), shift_count: 1 },
    }));
    await user.selectOptions(dialog.getByLabelText("Employee"), "Ada Lovelace");
    expect(dialog.getByText(/Latest pattern/).closest("p")!.textContent).toMatch(/Mon 0?8\D.*Thu (10\D|22:00)/);
    await user.click(dialog.getByRole("button", { name: "Change this pattern" }));
    expect((day("Monday").getByLabelText("Start") as HTMLInputElement).value).toBe("08:00");
    expect((day("Thursday").getByLabelText("End") as HTMLInputElement).value).toBe("06:00");
    await user.clear(day("Thursday").getByLabelText("Start"));
    await user.clear(day("Thursday").getByLabelText("End"));
    await user.click(dialog.getByRole("button", { name: "Replace pattern" }));
    await screen.findByText("Ada Lovelace's weekly pattern is saved: 1 shift created.");
    expect(api.callsTo("PUT /patterns/5").map((c) => c.body)).toEqual([{
      user_id: 7, start_date: "2026-03-02", end_date: "2026-06-28", days: { monday: { start: "08:00", end: "16:00" } },
      position: "Barista",
    }]);
    expect(api.callsTo("POST /patterns")).toHaveLength(0);
  });

  it("is accessible with the pattern form open", async () => {
    const { view } = await openPattern();
    await expectAccessible(view.container.ownerDocument.body);
  });
});

describe("when things go wrong, and at the start", () => {
  const manager = user("manager");
  it("shows a week that failed to load as the failure, not the previous week's grid, and retries", async () => {
    const { api, user } = setup("employee");
    await rowOf(/Ada Lovelace/);
    let fail = true;
    api.on("GET /schedule", (call: ApiCall) => (fail && call.query.get("week") === "2026-03-30"
      ? problem(503, "unavailable", "the database is busy")
      : { body: schedule(weekStartOf(call.query.get("week") ?? today(ZONE), "monday")) }));
    await user.click(screen.getByRole("button", { name: "Next week" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("The database is busy.");
    expect(screen.queryByRole("region", { name: /^Schedule for/ })).toBeNull(); // not the 23rd's week
    expect(screen.queryByRole("rowheader", { name: /Ada Lovelace/ })).toBeNull();
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(grid().getByRole("columnheader", { name: /Mar.* 30|30 Mar/ })).toBeTruthy());
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("opens the week of today as the server counts weeks, which may have changed since sign-in", async () => {
    // The session's organisation says weeks start on Monday; the owner has since made it Sunday,
    // and the server answers weeks from Sunday.
    const sundayWeek = (date: string) => weekStartOf(date, "sunday");
    const api = mockApi({
      ...sessionRoutes(user("employee")),
      "GET /schedule": (call: ApiCall) => ({ body: schedule(sundayWeek(call.query.get("week") ?? "2026-03-25")) }),
    });
    renderSignedIn(
      <MemoryRouter initialEntries={["/schedule?week=2026-03-25"]}>
        <Routes><Route path="/schedule" element={<><SchedulePage /><Where /></>} /></Routes>
      </MemoryRouter>,
    );
    await screen.findByRole("region", { name: /^Schedule for/ });
    await userEvent.setup().click(screen.getByRole("button", { name: "Today" }));
    expect(where()).toBe(`?week=${sundayWeek(today(ZONE))}`);
    await waitFor(() => expect(weeksAsked(api).at(-1)).toBe(sundayWeek(today(ZONE))));
  });

  // The owner of a new organisation, alone in it with no shift, on the schedule page.
  function ownerAlone() {
    const owner = user("owner");
    const alone: Schedule = {
      ...schedule(), open_shifts: Array.from({ length: 7 }, () => []),
      employees: [{ id: owner.id, name: owner.name, position: "", role: "owner", picture_url: null,
        days: Array.from({ length: 7 }, () => []), hours: 0, latest_pattern: null }],
    };
    mockApi({ ...sessionRoutes(owner), "GET /schedule": { body: alone } });
    return renderSignedIn(
      <MemoryRouter initialEntries={["/schedule?week=2026-03-23"]}>
        <Routes>
          <Route path="/schedule" element={<SchedulePage />} />
          <Route path="/team" element={<h1>Team page</h1>} />
        </Routes>
      </MemoryRouter>,
    );
  }

  it("shows a new organisation's owner the first step instead of an empty grid", async () => {
    const view = ownerAlone();
    expect(await screen.findByRole("link", { name: "Invite your team" })).toBeTruthy();
    expect(screen.getByText(/Nobody else is in Café Central yet/)).toBeTruthy();
    expect(screen.queryByRole("region", { name: /^Schedule for/ })).toBeNull();
    await expectAccessible(view.container);
    await userEvent.setup().click(screen.getByRole("button", { name: "Plan the week anyway" }));
    expect(await screen.findByRole("region", { name: /^Schedule for/ })).toBeTruthy();
  });

  it("takes a new organisation's owner to the Team page to invite people", async () => {
    ownerAlone();
    await userEvent.setup().click(await screen.findByRole("link", { name: "Invite your team" }));
    expect(await screen.findByRole("heading", { name: "Team page" })).toBeTruthy();
  });

  it("finishes a save after the person signs in again in place, keeping what they typed", async () => {
    const { api, user } = setup("manager");
    await rowOf(/Grace Hopper/);
    let signedIn = false;
    api.on("POST /shifts", (call) => (signedIn
      ? { status: 201, body: { id: 903, pattern_id: null, ...(call.body as object) } }
      : problem(401, "unauthenticated", "the session has ended")));
    api.on("POST /auth/login", (call) => {
      signedIn = true;
      expect(call.body).toEqual({ email: "someone@example.com", password: "my long passphrase" });
      return { body: { token: "t", expires_at: "2026-12-31T00:00:00Z", user: manager, organization: ORG } };
    });
    await user.click(screen.getByRole("button", { name: `Add shift for Grace Hopper on ${formatLongDay("2026-03-24")}` }));
    const editor = screen.getByRole("dialog", { name: "Add shift" });
    await user.type(within(editor).getByLabelText("Start"), "09:00");
    await user.type(within(editor).getByLabelText("End"), "17:00");
    await user.type(within(editor).getByLabelText("Note"), "Inventory");
    await user.click(within(editor).getByRole("button", { name: "Add shift" }));

    const again = await screen.findByRole("dialog", { name: "Sign in again" });
    expect((within(again).getByLabelText("Email") as HTMLInputElement).value).toBe("someone@example.com");
    expect((within(editor).getByLabelText("Note") as HTMLInputElement).value).toBe("Inventory"); // still there
    await user.type(within(again).getByLabelText("Password"), "my long passphrase");
    await user.click(within(again).getByRole("button", { name: "Sign in" }));

    await screen.findByText(`Grace Hopper's shift on ${formatLongDay("2026-03-24")} is added.`);
    const posted = api.callsTo("POST /shifts").map((c) => c.body);
    expect(posted).toHaveLength(2); // refused once, then saved
    expect(posted[1]).toEqual({
      user_id: 8, start: "2026-03-24T08:00:00Z", end: "2026-03-24T16:00:00Z", position: "Shift lead", note: "Inventory",
    });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
