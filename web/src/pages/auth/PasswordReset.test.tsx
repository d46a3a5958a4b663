import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { expectAccessible, mockApi, problem } from "../../test/harness";
import { CHANGED_NOTICE, ForgotPasswordPage, ResetPasswordPage, SENT_NOTICE } from "./PasswordResetPages";
import SignInPage from "./SignInPage";
import { SIGNED_OUT, findWhere, renderPage } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const TOKEN = "q1Zb3xQm9Jd0nq2v7cS0fZC8sKq3nWm5jR6tY1uV0aE";
const ACCEPTED = { status: 202, body: { message: "If an account uses this email, we sent it a link." } };

describe("Forgot password", () => {
  it("is linked from sign in, keeping where sign-in was to lead", async () => {
    mockApi(SIGNED_OUT);
    const { unmount } = renderPage("/sign-in", "/sign-in", <SignInPage />);
    expect(screen.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe("/forgot-password");
    unmount();
    renderPage("/sign-in?next=%2Fteam", "/sign-in", <SignInPage />);
    expect(screen.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe("/forgot-password?next=%2Fteam");
  });

  it("leads back to sign in with a ?next= that stays on this site, and drops one that leaves it", async () => {
    mockApi(SIGNED_OUT);
    const { unmount } = renderPage("/forgot-password?next=%2Fteam", "/forgot-password", <ForgotPasswordPage />);
    expect(screen.getByRole("link", { name: "Back to sign in" }).getAttribute("href")).toBe("/sign-in?next=%2Fteam");
    unmount();
    renderPage("/forgot-password?next=%2F%2Fevil.example", "/forgot-password", <ForgotPasswordPage />);
    expect(screen.getByRole("link", { name: "Back to sign in" }).getAttribute("href")).toBe("/sign-in");
  });

  it("sends the email and says the same thing whatever the server found", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/password-reset": ACCEPTED });
    const { container } = renderPage("/forgot-password", "/forgot-password", <ForgotPasswordPage />);
    await expectAccessible(container);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), " ada@example.com ");
    await user.click(screen.getByRole("button", { name: "Email me a link" }));
    expect((await screen.findByRole("status")).textContent).toBe(SENT_NOTICE);
    expect(api.callsTo("POST /auth/password-reset").map((c) => c.body)).toEqual([{ email: "ada@example.com" }]);
    await expectAccessible(container);
  });

  it("checks the email on the field before sending anything", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/password-reset": ACCEPTED });
    renderPage("/forgot-password", "/forgot-password", <ForgotPasswordPage />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), "not an email");
    await user.click(screen.getByRole("button", { name: "Email me a link" }));
    const field = screen.getByLabelText("Email");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Enter an email address like name@example.com.")).toBeTruthy();
    expect(api.callsTo("POST /auth/password-reset")).toHaveLength(0);
  });

  it("says how long to wait when throttled", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: RequestInfo | URL) => {
      const reset = String(input).endsWith("/auth/password-reset");
      return new Response(JSON.stringify({ type: "https://shiftsync.dev/problems/too-many-requests",
        title: "Too many requests", status: reset ? 429 : 401 }), {
        status: reset ? 429 : 401,
        headers: { "Content-Type": "application/problem+json", ...(reset ? { "Retry-After": "120" } : {}) },
      });
    }));
    renderPage("/forgot-password", "/forgot-password", <ForgotPasswordPage />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.click(screen.getByRole("button", { name: "Email me a link" }));
    expect((await screen.findByRole("alert")).textContent)
      .toBe("Too many requests for a new password. Try again in 2 minutes.");
  });
});

describe("Choose a new password", () => {
  async function choose(password: string, again = password) {
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("New password"), password);
    await user.type(screen.getByLabelText("New password again"), again);
    await user.click(screen.getByRole("button", { name: "Set new password" }));
  }

  it("sends the token and the password, then sends to sign in with a notice", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/password-reset/confirm": { status: 204 } });
    const { container } = renderPage(`/reset-password?token=${TOKEN}`, "/reset-password", <ResetPasswordPage />);
    await expectAccessible(container);
    await choose("a brand new and rather long passphrase");
    const where = await findWhere();
    expect(where.textContent).toBe("/sign-in");
    expect(where.getAttribute("data-notice")).toBe(CHANGED_NOTICE);
    expect(where.getAttribute("data-session-ended")).toBe("true");
    expect(api.callsTo("POST /auth/password-reset/confirm").map((c) => c.body))
      .toEqual([{ token: TOKEN, password: "a brand new and rather long passphrase" }]);
  });

  it("shows the policy's errors on the field, its own and the server's", async () => {
    const api = mockApi({
      ...SIGNED_OUT,
      "POST /auth/password-reset/confirm": problem(422, "invalid-input", "this password is too common", "password"),
    });
    const { container } = renderPage(`/reset-password?token=${TOKEN}`, "/reset-password", <ResetPasswordPage />);
    await choose("short");
    expect(screen.getByText("Use at least 12 characters (this one has 5).")).toBeTruthy();
    expect(api.callsTo("POST /auth/password-reset/confirm")).toHaveLength(0);

    const user = userEvent.setup();
    await user.clear(screen.getByLabelText("New password"));
    await user.clear(screen.getByLabelText("New password again"));
    await choose("password1234password");
    expect(await screen.findByText("This password is too common.")).toBeTruthy();
    expect(screen.getByLabelText("New password").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(container);
  });

  it("refuses two different passwords before sending", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/password-reset/confirm": { status: 204 } });
    renderPage(`/reset-password?token=${TOKEN}`, "/reset-password", <ResetPasswordPage />);
    await choose("a brand new and rather long passphrase", "a different long passphrase");
    expect(screen.getByText("The two passwords differ. Type the same password twice.")).toBeTruthy();
    expect(api.callsTo("POST /auth/password-reset/confirm")).toHaveLength(0);
  });

  it("says a used or expired link no longer works and offers a new one", async () => {
    mockApi({
      ...SIGNED_OUT,
      "POST /auth/password-reset/confirm": problem(410, "reset-link-gone", "used already", "token"),
    });
    const { container } = renderPage(`/reset-password?token=${TOKEN}`, "/reset-password", <ResetPasswordPage />);
    await choose("a brand new and rather long passphrase");
    expect((await screen.findByRole("alert")).textContent).toMatch(/used already or has expired/);
    expect(screen.getByRole("link", { name: "Get a new link" }).getAttribute("href")).toBe("/forgot-password");
    await expectAccessible(container);
  });

  it("says a link without a token is incomplete", async () => {
    mockApi(SIGNED_OUT);
    renderPage("/reset-password", "/reset-password", <ResetPasswordPage />);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/incomplete/));
  });
});
