// Test harness for pages: a fetch stub that answers like the API (routes keyed "METHOD /path",
// the path without /api/v1 and without the query), a signed-in session around the page, and an
// axe-core check for serious and critical accessibility violations.
import { render } from "@testing-library/react";
import axe from "axe-core";
import type { ReactNode } from "react";
import { expect, vi } from "vitest";

import type { Organization, Problem, User } from "../api/types";
import { SessionProvider, useSession } from "../app/session";

export interface ApiCall {
  method: string;
  path: string; // without /api/v1 and the query: "/users/7"
  query: URLSearchParams;
  body: unknown; // parsed JSON, or undefined
}

export interface Reply {
  status?: number; // 200 by default
  body?: unknown;
}

export type Route = Reply | ((call: ApiCall) => Reply | Promise<Reply>);

export function problem(status: number, slug: string, detail: string, field?: string): Reply {
  const body: Problem = { type: `https://shiftsync.dev/problems/${slug}`, title: slug, status, detail };
  if (field) body.field = field;
  return { status, body };
}

// Stubs fetch for the rest of the test. Unknown routes answer 404 not-found, as the server does.
export function mockApi(routes: Record<string, Route>) {
  const table = new Map(Object.entries(routes));
  const calls: ApiCall[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const call: ApiCall = {
      method: (init.method ?? "GET").toUpperCase(),
      path: url.pathname.replace(/^\/api\/v1/, ""),
      query: url.searchParams,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const route = table.get(`${call.method} ${call.path}`);
    const reply = route === undefined ? problem(404, "not-found", "no such route")
      : typeof route === "function" ? await route(call) : route;
    const status = reply.status ?? 200;
    if (status === 204 || reply.body === undefined) return new Response(null, { status });
    const type = status >= 400 ? "application/problem+json" : "application/json";
    return new Response(JSON.stringify(reply.body), { status, headers: { "Content-Type": type } });
  });
  vi.stubGlobal("fetch", fetchStub);
  return {
    calls,
    // Replaces or adds a route mid-test.
    on(key: string, route: Route) {
      table.set(key, route);
    },
    // The calls to one route, e.g. callsTo("PATCH /users/7").
    callsTo(key: string): ApiCall[] {
      return calls.filter((c) => `${c.method} ${c.path}` === key);
    },
  };
}

export const ORGANIZATION: Organization = {
  id: 1, name: "Café Central", time_zone: "Europe/Berlin", week_start: "monday", locale: "en-US",
};

// The routes the session loads at start, for `me`.
export function sessionRoutes(me: User, organization: Organization = ORGANIZATION): Record<string, Route> {
  return { "GET /me": { body: me }, "GET /organization": { body: organization } };
}

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === "signed-in" ? <>{children}</> : null;
}

// Renders a page inside a signed-in session (served by the mocked GET /me and /organization).
export function renderSignedIn(ui: ReactNode) {
  return render(<SessionProvider><SignedIn>{ui}</SignedIn></SessionProvider>);
}

// No serious or critical axe-core violation inside `node`.
export async function expectAccessible(node: Element) {
  const results = await axe.run(node, { resultTypes: ["violations"] });
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(" | ")}`);
  expect(bad).toEqual([]);
}
