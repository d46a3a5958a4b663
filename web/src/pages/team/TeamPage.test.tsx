import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import type { User } from "../../api/types";
import { expectAccessible, mockApi, problem, renderSignedIn, sessionRoutes, type Route } from "../../test/harness";
import { ada, asSeenByEmployee, ben, created, grace, linus, oscar, pending } from "./fixtures";
import TeamPage from "./TeamPage";

afterEach(() => vi.unstubAllGlobals());

function row(name: string): HTMLElement {
  const cell = screen.getByText(name, { selector: ".team-person__name" });
  const tr = cell.closest("tr");
  if (!tr) throw new Error(`no row for ${name}`);
  return tr;
}

function asManager(me: User = ben, users: User[] = [ada, ben, grace, oscar]) {
  return mockApi({
    ...sessionRoutes(me),
    "GET /users": (call) => ({
      body: { users: call.query.get("include_inactive") === "true" ? [...users, linus] : users },
    }),
    "GET /invitations": { body: { invitations: [pending] } },
  });
}

// The Team page as `me` (a manager unless said otherwise), with `routes` added to the usual answers.
function open(routes: Record<string, Route> = {}, me: User = ben) {
  const user = userEvent.setup();
  const api = asManager(me);
  for (const [key, route] of Object.entries(routes)) api.on(key, route);
  const { container } = renderSignedIn(<TeamPage />);
  return { user, api, container };
}

describe("Team page, as an employee", () => {
  it("lists colleagues with emails only where the server sent them, and offers no changes", async () => {
    const api = mockApi({
      ...sessionRoutes(grace),
      "GET /users": { body: { users: [asSeenByEmployee(ada), asSeenByEmployee(ben), grace] } },
    });
    const { container } = renderSignedIn(<TeamPage />);

    expect(await screen.findByText("Ada Lovelace")).toBeTruthy();
    expect(within(row("Grace Hopper")).getByRole("link", { name: "grace@example.com" }).getAttribute("href"))
      .toBe("mailto:grace@example.com");
    expect(within(row("Ada Lovelace")).queryByRole("link")).toBeNull();
    expect(screen.queryByText("ada@example.com")).toBeNull();
    expect(within(row("Ben Manager")).getByText("Manager")).toBeTruthy();

    expect(screen.queryByRole("button", { name: /edit|remove/i })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Invite someone" })).toBeNull();
    expect(screen.queryByLabelText("Show removed people")).toBeNull();
    expect(api.callsTo("GET /invitations")).toHaveLength(0);
    expect(api.callsTo("GET /users")[0]?.query.get("include_inactive")).toBe("false");
    await expectAccessible(container);
  });
});

describe("Team page, as a manager", () => {
  it("shows everyone's email, the invitation tools, and passes axe", async () => {
    const { container } = open();
    expect(await screen.findByText("grace@example.com")).toBeTruthy();
    expect(screen.getByText("ada@example.com")).toBeTruthy();
    expect(await screen.findByText("new@example.com")).toBeTruthy();
    // 2026-03-27T09:15Z is 10:15 in Berlin (CET).
    expect(screen.getByText(/Expires/).textContent).toMatch(/27.*10:15/);
    await expectAccessible(container);
  });

  it("invites someone: posts the form, shows the link and copies it", async () => {
    const { user, api } = open({ "POST /invitations": { status: 201, body: created } });
    const writeText = vi.spyOn(navigator.clipboard, "writeText");

    const role = await screen.findByLabelText("Role");
    expect(within(role).getAllByRole("option").map((o) => o.textContent)).toEqual(["Employee", "Manager"]);
    await user.type(screen.getByLabelText("Email"), "sam@example.com");
    await user.selectOptions(role, "manager");
    await user.type(screen.getByLabelText("Position (optional)"), "Cook");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));

    expect((await screen.findByText(/on its way to/)).textContent).toContain("sam@example.com");
    expect(api.callsTo("POST /invitations")[0]?.body).toEqual({ email: "sam@example.com", role: "manager", position: "Cook" });
    expect((screen.getByLabelText("Invitation link") as HTMLInputElement).value).toBe(created.link);

    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(writeText).toHaveBeenCalledWith(created.link);
    expect(await screen.findByText("Link copied.")).toBeTruthy();
    await waitFor(() => expect(api.callsTo("GET /invitations")).toHaveLength(2));
  });

  it("selects the link when the clipboard refuses", async () => {
    const { user } = open({ "POST /invitations": { status: 201, body: created } });
    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValue(new Error("denied"));

    await user.type(await screen.findByLabelText("Email"), "sam@example.com");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    await user.click(await screen.findByRole("button", { name: "Copy link" }));
    expect(await screen.findByText(/The link is selected/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText("Invitation link"));
  });

  it("shows an email that is already registered next to the email field", async () => {
    const { user } = open({
      "POST /invitations": problem(409, "email-taken", "this email is already registered", "email"),
    });

    await user.type(await screen.findByLabelText("Email"), "grace@example.com");
    await user.click(screen.getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("This email is already registered.")).toBeTruthy();
    expect(screen.getByLabelText("Email").getAttribute("aria-invalid")).toBe("true");
  });

  it("withdraws an invitation after confirmation", async () => {
    const { user, api } = open({ "DELETE /invitations/3": { status: 204 } });

    await user.click(await screen.findByRole("button", { name: "Withdraw the invitation to new@example.com" }));
    const dialog = screen.getByRole("dialog", { name: "Withdraw this invitation?" });
    expect(api.callsTo("DELETE /invitations/3")).toHaveLength(0);
    api.on("GET /invitations", { body: { invitations: [] } });
    await user.click(within(dialog).getByRole("button", { name: "Withdraw invitation" }));

    expect(await screen.findByText("No pending invitations")).toBeTruthy();
    expect(api.callsTo("DELETE /invitations/3")).toHaveLength(1);
    expect(screen.getByText("The invitation to new@example.com was withdrawn.")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("promotes an employee: the PATCH carries the new role", async () => {
    const { user, api } = open({ "PATCH /users/7": { body: { ...grace, role: "manager" } } });

    await user.click(await screen.findByRole("button", { name: "Edit Grace Hopper" }));
    const dialog = screen.getByRole("dialog", { name: "Edit Grace Hopper" });
    const role = within(dialog).getByLabelText("Role");
    expect(within(role).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual(["employee", "manager"]);
    await user.selectOptions(role, "manager");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Grace Hopper's details were saved.")).toBeTruthy();
    expect(api.callsTo("PATCH /users/7").map((c) => c.body)).toEqual([{ role: "manager" }]);
    expect(api.callsTo("GET /users")).toHaveLength(2);
  });

  it("offers a manager no role change for another manager and nothing for an owner", async () => {
    const { user } = open({
      "GET /users": { body: { users: [ada, ben, { ...grace, id: 8, name: "Mia Manager", role: "manager" }] } },
    });

    expect(await screen.findByText("Only an owner can change an owner.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Edit Ada Lovelace" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Remove Ben Manager" })).toBeNull(); // oneself
    await user.click(screen.getByRole("button", { name: "Edit Mia Manager" }));
    const dialog = screen.getByRole("dialog", { name: "Edit Mia Manager" });
    expect(within(dialog).queryByRole("combobox")).toBeNull();
    expect(within(dialog).getByText(/Only an owner can change a manager's role/)).toBeTruthy();
  });

  it("shows the server's last-owner refusal in plain words and keeps the dialog open", async () => {
    const { user, api } = open({
      "PATCH /users/9": problem(409, "conflict", "the last owner cannot be demoted; make someone else an owner first"),
    }, ada);

    await user.click(await screen.findByRole("button", { name: "Edit Oscar Owner" }));
    const dialog = screen.getByRole("dialog", { name: "Edit Oscar Owner" });
    const role = within(dialog).getByLabelText("Role");
    expect(within(role).getAllByRole("option")).toHaveLength(3);
    await user.selectOptions(role, "employee");
    await user.click(within(dialog).getByRole("button", { name: "Save changes" }));

    expect((await within(dialog).findByRole("alert")).textContent)
      .toBe("The last owner cannot be demoted; make someone else an owner first.");
    expect(api.callsTo("PATCH /users/9")[0]?.body).toEqual({ role: "employee" });
    expect(screen.getByRole("dialog", { name: "Edit Oscar Owner" })).toBeTruthy();
  });

  it("removes a person only after confirmation, explaining open shifts", async () => {
    const { user, api } = open({ "DELETE /users/7": { status: 204 } });

    await user.click(await screen.findByRole("button", { name: "Remove Grace Hopper" }));
    let dialog = screen.getByRole("dialog", { name: "Remove Grace Hopper?" });
    expect(dialog.textContent).toMatch(/shifts that have not started yet become open shifts/);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.callsTo("DELETE /users/7")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Remove Grace Hopper" }));
    dialog = screen.getByRole("dialog", { name: "Remove Grace Hopper?" });
    api.on("GET /users", { body: { users: [ada, ben, oscar] } });
    await user.click(within(dialog).getByRole("button", { name: "Remove Grace Hopper" }));

    expect(await screen.findByText(/Grace Hopper was removed/)).toBeTruthy();
    expect(api.callsTo("DELETE /users/7")).toHaveLength(1);
    await waitFor(() => expect(screen.queryByText("Grace Hopper")).toBeNull());
  });

  it("shows removed people on request and reactivates them", async () => {
    const { user, api } = open({ "PATCH /users/11": { body: { ...linus, active: true } } });

    await user.click(await screen.findByLabelText("Show removed people"));
    const reactivate = await screen.findByRole("button", { name: "Reactivate Linus Gone" });
    expect(api.callsTo("GET /users").at(-1)?.query.get("include_inactive")).toBe("true");
    expect(within(row("Linus Gone")).getByText("Removed")).toBeTruthy();
    await user.click(reactivate);

    expect(await screen.findByText("Linus Gone is back: they can sign in again.")).toBeTruthy();
    expect(api.callsTo("PATCH /users/11")[0]?.body).toEqual({ active: true });
  });
});
