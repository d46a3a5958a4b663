import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { expectAccessible, mockApi, problem } from "../../test/harness";
import RegisterPage, { GONE } from "./RegisterPage";
import { SIGNED_OUT, descriptionOf, findWhere, renderPage, sessionOf } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const TOKEN = "q3J9Xr0b5m3v8cY2kF1tLwZpA7sN4dHeUiGoBjKlMnQ";
const open = (path = `/register?invitation=${TOKEN}`) => renderPage(path, "/register", <RegisterPage />);

// GET /invitations/lookup for TOKEN (docs/openapi.json InvitationPreview).
const INVITED = {
  "GET /invitations/lookup": { body: {
    organization_name: "Cafe Lumen", email: "grace@example.com", role: "employee", position: "Barista",
    expires_at: "2026-03-27T09:15:00Z",
  } },
};

async function join() {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Your name"), "Grace Hopper");
  await user.type(screen.getByLabelText("Password"), "a long and unusual phrase");
  await user.click(screen.getByRole("button", { name: "Join" }));
}

describe("Register by invitation", () => {
  it("names the organisation and fills in the invited email, read-only, as the page opens", async () => {
    const api = mockApi({ ...SIGNED_OUT, ...INVITED });
    const { container } = open();
    expect(await screen.findByRole("heading", { name: "Join Cafe Lumen" })).toBeTruthy();
    expect(screen.getByText(/Cafe Lumen invited you to Shift-Sync as an employee/)).toBeTruthy();
    const email = screen.getByLabelText("Email") as HTMLInputElement;
    expect(email.value).toBe("grace@example.com");
    expect(email.readOnly).toBe(true);
    expect(descriptionOf(screen.getByLabelText("Position (optional)"))).toContain("keep Barista");
    expect(api.callsTo("GET /invitations/lookup").map((c) => c.query.get("token"))).toEqual([TOKEN]);
    await expectAccessible(container);
  });

  it("sends the token from the link with the account and goes to the schedule", async () => {
    const api = mockApi({ ...SIGNED_OUT, ...INVITED, "POST /auth/register": { status: 201, body: sessionOf() } });
    const { container } = open();
    await screen.findByLabelText("Your name");
    await expectAccessible(container);
    await join();
    expect((await findWhere()).textContent).toBe("/schedule");
    expect(api.callsTo("POST /auth/register").map((c) => c.body)).toEqual([{
      name: "Grace Hopper", email: "grace@example.com", password: "a long and unusual phrase", invitation: TOKEN,
    }]);
  });

  it("says at once, before anything is typed, when the invitation is used, withdrawn, expired or unknown", async () => {
    const api = mockApi({
      ...SIGNED_OUT,
      "GET /invitations/lookup": problem(410, "invitation-gone", "this invitation was used, withdrawn or has expired; ask for a new one", "invitation"),
    });
    const { container } = open();
    expect((await screen.findByRole("alert")).textContent).toBe(GONE);
    expect(screen.getByText(/Ask the person who invited you to send a new invitation/)).toBeTruthy();
    expect(screen.queryByLabelText("Password")).toBeNull();
    expect(screen.getByRole("link", { name: "Sign in" })).toBeTruthy();
    expect(api.callsTo("POST /auth/register")).toHaveLength(0);
    await expectAccessible(container);
  });

  it("says how long to wait when too many unknown links were tried, and tries again on request", async () => {
    const api = mockApi({ ...SIGNED_OUT, "GET /invitations/lookup": problem(429, "too-many-requests", "too many") });
    open();
    expect((await screen.findByRole("alert")).textContent).toMatch(/Try again in 1 minute\./);
    api.on("GET /invitations/lookup", INVITED["GET /invitations/lookup"]);
    await userEvent.setup().click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Join Cafe Lumen" })).toBeTruthy();
  });

  it("says plainly when the invitation is used up while the form is filled in", async () => {
    mockApi({
      ...SIGNED_OUT,
      ...INVITED,
      "POST /auth/register": problem(410, "invitation-gone", "this invitation was used, withdrawn or has expired; ask for a new one", "invitation"),
    });
    const { container } = open();
    await join();
    expect((await screen.findByRole("alert")).textContent).toBe(GONE);
    expect(screen.queryByRole("button", { name: "Join" })).toBeNull();
    expect(screen.getByRole("link", { name: "Sign in" })).toBeTruthy();
    await expectAccessible(container);
  });

  it("shows a wrong email next to the email field", async () => {
    mockApi({
      ...SIGNED_OUT,
      ...INVITED,
      "POST /auth/register": problem(422, "invalid-input", "register with the email address the invitation was sent to", "email"),
    });
    open();
    await join();
    await screen.findByText("Register with the email address the invitation was sent to.");
    expect(descriptionOf(screen.getByLabelText("Email"))).toContain("the invitation was sent to.");
  });

  it("explains a link without its token instead of showing the form", async () => {
    const api = mockApi(SIGNED_OUT);
    const { container } = open("/register");
    expect(screen.getByRole("alert").textContent).toMatch(/link from your invitation email/);
    expect(screen.queryByLabelText("Password")).toBeNull();
    expect(api.callsTo("POST /auth/register")).toHaveLength(0);
    await expectAccessible(container);
  });
});
