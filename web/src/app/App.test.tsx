import { screen, waitFor, within, render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router-dom";

import { schedule, user as person } from "../pages/schedule/fixtures";
import { mockApi, problem, sessionRoutes } from "../test/harness";
import { AppRoutes } from "./App";
import { SessionProvider } from "./session";

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}
const where = () => screen.getByTestId("where").textContent;

function renderApp(url: string) {
  return render(
    <SessionProvider>
      <MemoryRouter initialEntries={[url]}>
        <AppRoutes />
        <Where />
      </MemoryRouter>
    </SessionProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("the app's routes", () => {
  it("gives every page its own title", async () => {
    mockApi({ ...sessionRoutes(person("manager")), "GET /schedule": { body: schedule() } });
    renderApp("/schedule");
    await screen.findByRole("heading", { level: 1, name: "Schedule" });
    await waitFor(() => expect(document.title).toBe("Schedule · Shift-Sync"));
    const user = userEvent.setup();
    for (const [link, title] of [["My shifts", "My shifts"], ["Team", "Team"], ["Mail", "Mail"], ["Profile", "Profile"]]) {
      await user.click(within(screen.getByRole("navigation", { name: "Main" })).getByRole("link", { name: link }));
      await screen.findByRole("heading", { level: 1, name: title });
      await waitFor(() => expect(document.title).toBe(`${title} · Shift-Sync`));
    }
  });

  it("titles the signed-out pages too", async () => {
    mockApi({ "GET /me": problem(401, "unauthenticated", "sign in first") });
    renderApp("/create-organization");
    await screen.findByRole("heading", { level: 1, name: "Create an organisation" });
    await waitFor(() => expect(document.title).toBe("Create an organisation · Shift-Sync"));
  });

  it("sends a stranger to sign-in and back to the page they asked for", async () => {
    mockApi({ "GET /me": problem(401, "unauthenticated", "sign in first") });
    renderApp("/team?x=1");
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(where()).toBe(`/sign-in?next=${encodeURIComponent("/team?x=1")}`);
    await waitFor(() => expect(document.title).toBe("Sign in · Shift-Sync"));
  });

  it("signing out leaves no page behind for the next person at the device", async () => {
    const api = mockApi({ ...sessionRoutes(person("manager")), "GET /schedule": { body: schedule() },
      "POST /auth/logout": { status: 204 } });
    renderApp("/schedule?week=2026-03-23");
    await screen.findByRole("heading", { level: 1, name: "Schedule" });
    await userEvent.setup().click(screen.getByRole("button", { name: "Sign out" }));
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(where()).toBe("/sign-in");
    expect(api.callsTo("POST /auth/logout")).toHaveLength(1);
  });
});
