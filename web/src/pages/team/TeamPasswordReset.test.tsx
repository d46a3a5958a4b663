import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { User } from "../../api/types";
import { expectAccessible, mockApi, problem, renderSignedIn, sessionRoutes, type Route } from "../../test/harness";
import { ada, ben, grace, oscar } from "./fixtures";
import TeamPage from "./TeamPage";

afterEach(() => vi.unstubAllGlobals());

function row(name: string): HTMLElement {
  const tr = screen.getByText(name, { selector: ".team-person__name" }).closest("tr");
  if (!tr) throw new Error(`no row for ${name}`);
  return tr;
}

function open(me: User, routes: Record<string, Route> = {}) {
  const api = mockApi({
    ...sessionRoutes(me),
    "GET /users": { body: { users: [ada, ben, grace, oscar] } },
    "GET /invitations": { body: { invitations: [] } },
    ...routes,
  });
  const { container } = renderSignedIn(<TeamPage />);
  return { api, container, user: userEvent.setup() };
}

describe("Team page: password reset links", () => {
  it("a manager sends an employee a link after confirming, and never sees it", async () => {
    const { api, container, user } = open(ben, {
      "POST /users/7/password-reset": { status: 202, body: { expires_at: "2026-03-30T07:00:00Z" } },
    });
    await screen.findByText("Grace Hopper", { selector: ".team-person__name" });
    await user.click(within(row("Grace Hopper")).getByRole("button", { name: "Reset password for Grace Hopper" }));
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText(/never see or set their password/)).toBeTruthy();
    await expectAccessible(container);
    await user.click(within(dialog).getByRole("button", { name: "Send the link" }));
    expect((await screen.findByRole("status")).textContent)
      .toBe("We emailed Grace Hopper a link to choose a new password. It works once, for an hour.");
    expect(api.callsTo("POST /users/7/password-reset")).toHaveLength(1);
  });

  it("offers no link for an owner to a manager, as the server would refuse it", async () => {
    open(ben);
    await screen.findByText("Ada Lovelace", { selector: ".team-person__name" });
    expect(within(row("Ada Lovelace")).queryByRole("button", { name: /^Reset password for/ })).toBeNull();
    expect(within(row("Ben Manager")).getByRole("button", { name: /^Reset password for/ })).toBeTruthy();
  });

  it("shows what went wrong in the dialog and lets the person try again", async () => {
    const { user } = open(ada, {
      "POST /users/7/password-reset": problem(429, "too-many-requests", "too many password reset requests; try again later"),
    });
    await screen.findByText("Grace Hopper", { selector: ".team-person__name" });
    await user.click(within(row("Grace Hopper")).getByRole("button", { name: /^Reset password for/ }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Send the link" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Too many password reset requests; try again later.");
    expect(screen.getByRole("dialog")).toBeTruthy();
  });
});
