import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { getMe } from "../../api/endpoints";
import { expectAccessible, mockApi, problem, sessionRoutes } from "../../test/harness";
import SignInPage from "./SignInPage";
import { ADA, SIGNED_OUT, findWhere, renderPage, sessionOf } from "./testing";

afterEach(() => vi.unstubAllGlobals());

async function signIn(email = "ada@example.com", password = "correct horse battery staple") {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("Sign in", () => {
  it("signs in with the typed credentials and goes to the page in ?next=", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/login": { body: sessionOf() } });
    const { container } = renderPage("/sign-in?next=%2Fteam%3Fshow%3Dall", "/sign-in", <SignInPage />);
    await expectAccessible(container);
    expect(screen.getByLabelText("Email").getAttribute("autocomplete")).toBe("email");
    expect(screen.getByLabelText("Password").getAttribute("autocomplete")).toBe("current-password");

    await signIn();

    expect((await findWhere()).textContent).toBe("/team?show=all");
    expect(api.callsTo("POST /auth/login").map((c) => c.body))
      .toEqual([{ email: "ada@example.com", password: "correct horse battery staple" }]);
  });

  it("ignores a ?next= that leaves the site and goes to the schedule", async () => {
    mockApi({ ...SIGNED_OUT, "POST /auth/login": { body: sessionOf() } });
    renderPage("/sign-in?next=%2F%2Fevil.example%2Fphish", "/sign-in", <SignInPage />);
    await signIn();
    expect((await findWhere()).textContent).toBe("/schedule");
  });

  it("says a wrong email or password in plain words and stays", async () => {
    mockApi({
      ...SIGNED_OUT,
      "POST /auth/login": problem(401, "invalid-credentials", "the email or password is wrong"),
    });
    const { container } = renderPage("/sign-in", "/sign-in", <SignInPage />);
    await signIn("ada@example.com", "not the password");
    expect((await screen.findByRole("alert")).textContent).toBe("Wrong email or password.");
    expect(screen.queryByTestId("where")).toBeNull();
    expect(screen.getByRole("button", { name: "Sign in" }).hasAttribute("disabled")).toBe(false);
    await expectAccessible(container);
  });

  it("says how many minutes to wait when throttled, from Retry-After", async () => {
    vi.stubGlobal("fetch", vi.fn(async (input: RequestInfo | URL) => {
      const login = String(input).endsWith("/auth/login");
      const body = login
        ? { type: "https://shiftsync.dev/problems/too-many-requests", title: "Too many requests", status: 429,
          detail: "too many failed logins; try again later" }
        : { type: "https://shiftsync.dev/problems/unauthenticated", title: "Unauthenticated", status: 401 };
      return new Response(JSON.stringify(body), {
        status: login ? 429 : 401,
        headers: { "Content-Type": "application/problem+json", ...(login ? { "Retry-After": "540" } : {}) },
      });
    }));
    renderPage("/sign-in", "/sign-in", <SignInPage />);
    await signIn();
    expect((await screen.findByRole("alert")).textContent).toBe("Too many attempts, try again in 9 minutes.");
  });

  it("ends the app's session when sent here after the server ended it, and says why", async () => {
    const api = mockApi({
      ...sessionRoutes(ADA),
      "POST /auth/logout": problem(401, "unauthenticated", "no session"),
    });
    renderPage("/sign-in", "/sign-in", <SignInPage />, { notice: "Your password was changed.", sessionEnded: true });
    await waitFor(() => expect(api.callsTo("POST /auth/logout")).toHaveLength(1));
    expect(screen.getByRole("status").textContent).toBe("Your password was changed.");
  });

  it("stays signed in after signing in again on that page", async () => {
    const api = mockApi({ ...SIGNED_OUT, "POST /auth/login": { body: sessionOf() } });
    renderPage("/sign-in", "/sign-in", <SignInPage />, { notice: "Your password was changed.", sessionEnded: true });
    await waitFor(() => expect(api.callsTo("GET /organization")).toHaveLength(1));
    await signIn();
    expect((await findWhere()).textContent).toBe("/schedule");
    expect(api.callsTo("POST /auth/logout")).toHaveLength(0);
  });

  it("links to creating an organisation, and a first visit claims no ended session", async () => {
    const api = mockApi(SIGNED_OUT);
    renderPage("/sign-in", "/sign-in", <SignInPage />);
    await waitFor(() => expect(api.callsTo("GET /organization")).toHaveLength(1));
    await act(async () => undefined); // the session has settled as signed out
    expect(screen.getByRole("link", { name: "Create an organisation" }).getAttribute("href")).toBe("/create-organization");
    // A later 401 while nobody was signed in is not an ended session either.
    await act(() => getMe().catch(() => undefined));
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("says when a session has ended", async () => {
    const api = mockApi(sessionRoutes(ADA));
    renderPage("/sign-in", "/sign-in", <SignInPage />);
    await waitFor(() => expect(api.callsTo("GET /organization")).toHaveLength(1));
    await act(async () => undefined); // signed in
    expect(screen.queryByRole("status")).toBeNull();
    // Any later request that finds the session gone (here GET /me) asks to sign in again in place;
    // declining marks the session expired.
    api.on("GET /me", problem(401, "unauthenticated", "no session"));
    const failed = getMe().catch(() => undefined);
    const dialog = await screen.findByRole("dialog", { name: "Sign in again" });
    await userEvent.setup().click(within(dialog).getByRole("button", { name: "Cancel" }));
    await act(() => failed);
    expect((await screen.findByRole("status")).textContent).toBe("Your session has ended. Please sign in again.");
  });
});
