import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { expectAccessible, mockApi, problem } from "../../test/harness";
import RegisterPage, { GONE } from "./RegisterPage";
import { SIGNED_OUT, descriptionOf, findWhere, renderPage, sessionOf } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const TOKEN = "q3J9Xr0b5m3v8cY2kF1tLwZpA7sN4dHeUiGoBjKlMnQ";
const open = (path = `/register?invitation=${TOKEN}`) => renderPage(path, "/register", <RegisterPage />);

async function join(email = "grace@example.com") {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Your name"), "Grace Hopper");
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), "a long and unusual phrase");
  await user.click(screen.getByRole("button", { name: "Join" }));
}

describe("Register by invitation", () => {
  it("sends the token from the link with the account and goes to the schedule", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/register": { status: 201, body: sessionOf() } });
    const { container } = open();
    await expectAccessible(container);
    await join();
    expect((await findWhere()).textContent).toBe("/schedule");
    expect(api.callsTo("POST /auth/register").map((c) => c.body)).toEqual([{
      name: "Grace Hopper", email: "grace@example.com", password: "a long and unusual phrase", invitation: TOKEN,
    }]);
  });

  it("says plainly when the invitation is used, withdrawn or expired", async () => {
    mockApi({
      ...SIGNED_OUT,
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
      "POST /auth/register": problem(422, "invalid-input", "register with the email address the invitation was sent to", "email"),
    });
    open();
    await join("someone.else@example.com");
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
