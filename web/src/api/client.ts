// The one place that talks HTTP. The session lives in the HttpOnly cookie the server sets at
// sign-in, so no token is ever handled by script; every change carries X-Requested-With, which
// the server requires of cookie-authenticated writes (CSRF defence).
import type { Problem } from "./types";

export const API = "/api/v1";

// A failed request: the problem the server answered, or a network failure (status 0).
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  readonly retryAfter: number | null; // seconds, from the Retry-After header (429), if any

  constructor(status: number, problem: Problem | null, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  // The short slug of the problem type ("shift-overlap"), or "" for a network failure.
  get kind(): string {
    const type = this.problem?.type ?? "";
    return type.slice(type.lastIndexOf("/") + 1);
  }

  // The input field the problem is about ("days.monday.start"), if the server named one.
  get field(): string | undefined {
    return this.problem?.field;
  }
}

// Plain words for a failed request, for showing to people.
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return "Shift-Sync cannot be reached. Check your connection and try again.";
    if (error.status === 401 && error.kind === "unauthenticated") return "Your session has ended. Please sign in again.";
    const detail = error.problem?.detail;
    if (detail) return detail.charAt(0).toUpperCase() + detail.slice(1) + (/[.!?]$/.test(detail) ? "" : ".");
    return error.problem?.title ?? `Something went wrong (${error.status}).`;
  }
  return "Something went wrong. Please try again.";
}

type Body = unknown;

interface RequestOptions {
  body?: Body;                 // sent as JSON
  form?: FormData;             // sent as multipart/form-data
  raw?: { data: Blob; type: string };  // sent as is (picture uploads)
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  renew?: boolean;             // false: a 401 is final, no sign-in again (signing out)
}

// Called when a request answers 401 unauthenticated (the session ended). It resolves to true once
// the person has signed in again (the app asks in place, over whatever they were doing), and the
// request is then sent once more, so a save interrupted by the end of a session still completes;
// to false when they did not, and the request fails with that 401 (the app shows sign-in).
// A 401 means the server did nothing, so sending again cannot do anything twice.
let onSessionEnded: (() => Promise<boolean>) | null = null;
export function setSessionEndedHandler(handler: (() => Promise<boolean>) | null): void {
  onSessionEnded = handler;
}

function urlOf(path: string, query?: RequestOptions["query"]): string {
  const url = path.startsWith("/api/") ? path : API + path;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  } else if (options.form) {
    body = options.form; // the browser sets the multipart boundary
  } else if (options.raw) {
    headers["Content-Type"] = options.raw.type;
    body = options.raw.data;
  }
  if (method !== "GET" && method !== "HEAD") headers["X-Requested-With"] = "shiftsync";

  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, null, "network failure");
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  const payload = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = payload && typeof payload === "object" && "type" in payload ? (payload as Problem) : null;
    const wait = Number(response.headers.get("Retry-After") ?? "");
    const error = new ApiError(response.status, problem, problem?.detail ?? problem?.title ?? response.statusText,
      Number.isFinite(wait) && wait > 0 ? wait : null);
    if (response.status === 401 && error.kind === "unauthenticated" && onSessionEnded && options.renew !== false
      && await onSessionEnded()) {
      return request<T>(method, path, { ...options, renew: false });
    }
    throw error;
  }
  return payload as T;
}
