// Test helpers of the auth, profile and my-shifts pages: realistic answers (docs/openapi.json),
// a router around a page with a probe that shows where navigation went, and field descriptions.
import { render, screen } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, parsePath, useLocation, type InitialEntry } from "react-router-dom";

import type { Session, User } from "../../api/types";
import { SessionProvider, useSession } from "../../app/session";
import { ORGANIZATION, problem, type Route as ApiRoute } from "../../test/harness";

export const ADA: User = {
  id: 1, name: "Ada Lovelace", email: "ada@example.com", email_notifications: true, position: "Head chef",
  role: "owner", active: true, picture_url: null, created_at: "2026-03-01T09:00:00Z",
};

export function sessionOf(user: User = ADA): Session {
  return { token: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", expires_at: "2026-03-08T09:00:00Z", user, organization: ORGANIZATION };
}

// The session at start when nobody is signed in.
export const SIGNED_OUT: Record<string, ApiRoute> = {
  "GET /me": problem(401, "unauthenticated", "no session"),
  "GET /organization": problem(401, "unauthenticated", "no session"),
};

// Shows the path, query and any notice in router state of wherever the page navigated to.
function Where() {
  const location = useLocation();
  const state = location.state as { notice?: string; sessionEnded?: boolean } | null;
  return (
    <p data-testid="where" data-notice={state?.notice ?? ""} data-session-ended={String(state?.sessionEnded ?? false)}>
      {location.pathname + location.search}
    </p>
  );
}

function routed(entry: InitialEntry, pattern: string, page: ReactElement) {
  return (
    <MemoryRouter initialEntries={[entry]}>
      <Routes>
        <Route path={pattern} element={page} />
        <Route path="*" element={<Where />} />
      </Routes>
    </MemoryRouter>
  );
}

// A signed-out page at `path` (matched by `pattern`, with router `state`), in a session that
// loads from the mocked API.
export function renderPage(path: string, pattern: string, page: ReactElement, state?: unknown) {
  return render(<SessionProvider>{routed({ ...parsePath(path), state }, pattern, page)}</SessionProvider>);
}

// Like the app's RequireSession: the page once the session is loaded, gone when it ends.
function SignedInOnly({ children }: { children: ReactElement }) {
  const { state } = useSession();
  return state.status === "signed-in" ? children : null;
}

// A signed-in page (GET /me and /organization come from the mocked API); other paths stay
// reachable after signing out.
export function renderSignedInPage(path: string, pattern: string, page: ReactElement) {
  return renderPage(path, pattern, <SignedInOnly>{page}</SignedInOnly>);
}

export async function findWhere(): Promise<HTMLElement> {
  return screen.findByTestId("where");
}

// The text that describes a control (its hint and error), as aria-describedby points to it.
export function descriptionOf(element: HTMLElement): string {
  return (element.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

// The last request to `method` `path`, as fetch got it (the harness keeps only JSON bodies).
export function lastRequest(method: string, path: string): RequestInit {
  const calls = (fetch as unknown as { mock: { calls: [RequestInfo | URL, RequestInit?][] } }).mock.calls;
  const call = calls.filter(([url, init]) => new URL(String(url), "http://localhost").pathname === `/api/v1${path}`
    && (init?.method ?? "GET") === method).pop();
  if (!call?.[1]) throw new Error(`no request ${method} ${path}`);
  return call[1];
}
