import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";

import type { Organization, User } from "../../api/types";
import { AppRoutes } from "../../app/App";
import { SessionProvider } from "../../app/session";
import { ORGANIZATION, expectAccessible, mockApi, problem, renderSignedIn, sessionRoutes } from "../../test/harness";
import { descriptionOf } from "../auth/testing";
import { ada, ben, grace } from "../team/fixtures";
import SettingsPage from "./SettingsPage";

afterEach(() => vi.unstubAllGlobals());

function open(routes = {}) {
  const api = mockApi({
    ...sessionRoutes(ada),
    "PATCH /organization": ({ body }) => ({ body: { ...ORGANIZATION, ...(body as Partial<Organization>) } }),
    ...routes,
  });
  const view = renderSignedIn(<SettingsPage />);
  return { api, view, user: userEvent.setup() };
}

describe("Organisation settings", () => {
  it("shows the organisation's name, time zone, first day of the week and locale, and is accessible", async () => {
    const { view } = open();
    expect((await screen.findByLabelText<HTMLInputElement>("Organisation name")).value).toBe("Café Central");
    const zone = screen.getByLabelText<HTMLSelectElement>("Time zone");
    expect(zone.value).toBe("Europe/Berlin");
    expect(zone.options.length).toBeGreaterThan(100); // the browser's IANA zones
    expect(screen.getByLabelText<HTMLSelectElement>("First day of the week").value).toBe("monday");
    expect(screen.getByLabelText<HTMLSelectElement>("Dates and times in emails").value).toBe("en-US");
    await expectAccessible(view.container);
  });

  it("keeps a zone the browser does not list selectable", async () => {
    mockApi({ ...sessionRoutes(ada, { ...ORGANIZATION, time_zone: "Etc/GMT-3" }) });
    renderSignedIn(<SettingsPage />);
    expect((await screen.findByLabelText<HTMLSelectElement>("Time zone")).value).toBe("Etc/GMT-3");
  });

  it("saves every setting and shows the new name at once", async () => {
    const { api, user } = open();
    const name = await screen.findByLabelText("Organisation name");
    await user.clear(name);
    await user.type(name, "Café Central Nord");
    await user.selectOptions(screen.getByLabelText("Time zone"), "America/New_York");
    await user.selectOptions(screen.getByLabelText("First day of the week"), "sunday");
    await user.selectOptions(screen.getByLabelText("Dates and times in emails"), "en-GB");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("The organisation's settings are saved.")).toBeTruthy();
    expect(api.callsTo("PATCH /organization").map((c) => c.body)).toEqual([{
      name: "Café Central Nord", time_zone: "America/New_York", week_start: "sunday", locale: "en-GB",
    }]);
    expect(screen.getByRole("heading", { name: "Café Central Nord" })).toBeTruthy();
  });

  it("puts the server's refusal on the field it names and keeps what was typed", async () => {
    const { api, user } = open({
      "PATCH /organization": problem(422, "invalid-input", "time_zone must be an IANA time zone such as Europe/Berlin",
        "time_zone"),
    });
    await user.click(await screen.findByRole("button", { name: "Save" }));
    const zone = screen.getByLabelText("Time zone");
    expect(await screen.findByText(/Choose a time zone from the list/)).toBeTruthy();
    expect(descriptionOf(zone)).toContain("Choose a time zone from the list");
    expect(zone.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(zone);
    expect(api.callsTo("PATCH /organization")).toHaveLength(1);
  });

  it("asks for a name before sending anything", async () => {
    const { api, user } = open();
    await user.clear(await screen.findByLabelText("Organisation name"));
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(descriptionOf(screen.getByLabelText("Organisation name"))).toMatch(/name/i);
    expect(api.callsTo("PATCH /organization")).toHaveLength(0);
  });
});

describe("Organisation settings in the app", () => {
  function app(me: User, path: string) {
    mockApi({ ...sessionRoutes(me), "GET /schedule": problem(503, "not-ready", "not in this test") });
    render(<SessionProvider><MemoryRouter initialEntries={[path]}><AppRoutes /></MemoryRouter></SessionProvider>);
  }

  it("is in the owner's navigation and opens for them", async () => {
    app(ada, "/settings");
    expect(await screen.findByRole("heading", { name: "Organisation settings" })).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Settings" }).getAttribute("href")).toBe("/settings");
  });

  it.each([["a manager", ben], ["an employee", grace]])("shows nothing of it to %s", async (_who, me) => {
    app(me, "/settings");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).queryByRole("link", { name: "Settings" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Organisation settings" })).toBeNull();
    expect(screen.queryByLabelText("Organisation name")).toBeNull();
  });
});
