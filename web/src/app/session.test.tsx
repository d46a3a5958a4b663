import { act, render, screen } from "@testing-library/react";

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

  it("says the session expired when a signed-in person's request answers 401", async () => {
    vi.stubGlobal("fetch", vi.fn(async (url: string) => answer(200, String(url).includes("/organization") ? org : me)));
    render(<SessionProvider><Probe /></SessionProvider>);
    expect(await screen.findByText("signed-in")).toBeTruthy();
    vi.stubGlobal("fetch", vi.fn(async () => answer(401, unauthenticated)));
    await act(async () => {
      await getMe().catch((e: unknown) => expect(e).toBeInstanceOf(ApiError));
    });
    expect(await screen.findByText("signed-out:expired")).toBeTruthy();
  });
});
