import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

import { ApiError } from "../api/client";
import { getMe } from "../api/endpoints";
import { SessionProvider, useSession } from "./session";

function Probe() {
  const { state } = useSession();
  return <p>{state.status === "signed-out" ? `signed-out:${state.reason ?? "-"}` : state.status}</p>;
}

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

const unauthenticated = {
  type: "https://shiftsync.dev/problems/unauthenticated", title: "Not signed in", status: 401, detail: "sign in first",
};
const me = { id: 1, name: "Ada", position: "", role: "owner", active: true, picture_url: null, created_at: "2026-01-01T00:00:00Z" };
const org = { id: 1, name: "Cafe", time_zone: "UTC", week_start: "monday", locale: "en-US" };

afterEach(() => vi.unstubAllGlobals());

describe("SessionProvider", () => {
  it("treats a first visit's 401s as signed out, not as an expired session", async () => {
    // GET /me and GET /organization both answer 401; the second answer arrives after the first
    // has already signed the app out, as it does in a browser.
    let releaseOrganization = () => {};
    const organizationAnswered = new Promise<void>((resolve) => { releaseOrganization = resolve; });
    vi.stubGlobal("fetch", vi.fn(async (url: string) => {
      if (String(url).includes("/organization")) await organizationAnswered;
      return answer(401, unauthenticated);
    }));
    render(<SessionProvider><Probe /></SessionProvider>);
    expect(await screen.findByText("signed-out:-")).toBeTruthy();
    await act(async () => {
      releaseOrganization();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByText("signed-out:-")).toBeTruthy();
  });

  it("asks a signed-in person whose session ended to sign in again, and says it expired if they decline", async () => {
    vi.stubGlobal("fetch", vi.fn(async (url: string) => answer(200, String(url).includes("/organization") ? org : me)));
    render(<SessionProvider><Probe /></SessionProvider>);
    expect(await screen.findByText("signed-in")).toBeTruthy();
    vi.stubGlobal("fetch", vi.fn(async () => answer(401, unauthenticated)));
    const failed = getMe().catch((e: unknown) => e);
    const dialog = await screen.findByRole("dialog", { name: "Sign in again" });
    expect(screen.getByText("signed-in")).toBeTruthy(); // the page stays while asked
    await userEvent.setup().click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(await failed).toBeInstanceOf(ApiError);
    expect(await screen.findByText("signed-out:expired")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("sends the request again once the person has signed in again, however many were waiting", async () => {
    const ada = { ...me, email: "ada@example.com" };
    vi.stubGlobal("fetch", vi.fn(async (url: string) => answer(200, String(url).includes("/organization") ? org : ada)));
    render(<SessionProvider><Probe /></SessionProvider>);
    expect(await screen.findByText("signed-in")).toBeTruthy();
    let signedInAgain = false;
    const calls: string[] = [];
    vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push(`${init.method ?? "GET"} ${String(url)}`);
      if (String(url).endsWith("/auth/login")) {
        signedInAgain = true;
        return answer(200, { token: "t", expires_at: "2026-12-31T00:00:00Z", user: ada, organization: org });
      }
      return signedInAgain ? answer(200, { ...me, name: "Ada L." }) : answer(401, unauthenticated);
    }));
    const first = getMe();
    const second = getMe();
    const dialog = await screen.findByRole("dialog", { name: "Sign in again" });
    const email = within(dialog).getByLabelText("Email") as HTMLInputElement;
    expect(email.value).toBe("ada@example.com"); // theirs, and not to be changed here
    expect(email.readOnly).toBe(true);
    const user = userEvent.setup();
    await user.type(within(dialog).getByLabelText("Password"), "correct horse battery");
    await user.click(within(dialog).getByRole("button", { name: "Sign in" }));
    expect((await first).name).toBe("Ada L.");
    expect((await second).name).toBe("Ada L.");
    expect(calls.filter((c) => c.endsWith("/auth/login"))).toHaveLength(1); // one dialog for both
    expect(screen.getByText("signed-in")).toBeTruthy();
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
