import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { lazy } from "react";
import { MemoryRouter, Route, Routes } from "react-router-dom";

import { expectAccessible, mockApi, renderSignedIn, sessionRoutes } from "../test/harness";
import { user as person } from "../pages/schedule/fixtures";
import { Layout } from "./Layout";
import { browser, isChunkLoadError, PageBoundary, reloadOnceForNewRelease } from "./PageBoundary";

// What Chromium says when a lazily loaded file is gone from the server.
const gone = () => new TypeError("Failed to fetch dynamically imported module: http://localhost/assets/TeamPage-Bx1.js");
const Missing = () => lazy(() => Promise.reject(gone()));

function Broken(): never {
  throw new Error("a bug");
}

let reload: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  sessionStorage.clear();
  reload = vi.spyOn(browser, "reload").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation(() => {}); // React reports the errors caught
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("a page that cannot load", () => {
  it("knows a failed import from other errors", () => {
    expect(isChunkLoadError(gone())).toBe(true);
    expect(isChunkLoadError(new TypeError("Importing a module script failed."))).toBe(true);
    expect(isChunkLoadError(new Error("Unable to preload CSS for /assets/TeamPage-x.css"))).toBe(true);
    expect(isChunkLoadError(new Error("a bug"))).toBe(false);
    expect(isChunkLoadError("Failed to fetch dynamically imported module")).toBe(false);
  });

  it("reloads once for a new release, then says what happened and offers to reload", async () => {
    const Page = Missing();
    const first = render(<PageBoundary><Page /></PageBoundary>);
    expect(await screen.findByText(/Loading the new version/)).toBeTruthy();
    expect(reload).toHaveBeenCalledTimes(1);
    first.unmount();

    // After that reload the file is still missing: no second reload, the failure in words.
    const Again = Missing();
    render(<PageBoundary><Again /></PageBoundary>);
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "This page could not load" })).toBeTruthy();
    expect(alert.textContent).toMatch(/may have just been updated, or the connection dropped/);
    expect(reload).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(document.title).toBe("This page could not load · Shift-Sync"));
    await userEvent.setup().click(within(alert).getByRole("button", { name: "Reload the page" }));
    expect(reload).toHaveBeenCalledTimes(2);
    await expectAccessible(document.body);
  });

  it("reloads by itself again only after a minute", () => {
    expect(reloadOnceForNewRelease(1_000_000)).toBe(true);
    expect(reloadOnceForNewRelease(1_030_000)).toBe(false);
    expect(reloadOnceForNewRelease(1_061_000)).toBe(true);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it("says a page that broke while rendering broke, without reloading", async () => {
    render(<PageBoundary><Broken /></PageBoundary>);
    expect(await screen.findByRole("heading", { name: "This page ran into a problem" })).toBeTruthy();
    expect(reload).not.toHaveBeenCalled();
  });

  it("shows the next page again once the person moves on", async () => {
    const view = render(<PageBoundary resetKey="/team"><Broken /></PageBoundary>);
    await screen.findByRole("alert");
    view.rerender(<PageBoundary resetKey="/schedule"><p>Schedule</p></PageBoundary>);
    expect(screen.getByText("Schedule")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("keeps the navigation of the signed-in frame", async () => {
    sessionStorage.setItem("shiftsync.reloaded-for-new-release", String(Date.now())); // just reloaded
    mockApi(sessionRoutes(person("manager")));
    const Team = Missing();
    await act(async () => {
      renderSignedIn(
        <MemoryRouter initialEntries={["/team"]}>
          <Routes><Route element={<Layout />}><Route path="/team" element={<Team />} /></Route></Routes>
        </MemoryRouter>,
      );
    });
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByRole("heading", { name: "This page could not load" })).toBeTruthy();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Schedule" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeTruthy();
    expect(reload).not.toHaveBeenCalled();
  });
});
