// A failed sign-in in plain words, for the sign-in page and for signing in again in place.
import { ApiError, describeError } from "../api/client";

export function signInError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.kind === "invalid-credentials") return "Wrong email or password.";
    if (error.status === 429) {
      if (!error.retryAfter) return "Too many attempts. Try again in a few minutes.";
      const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
      return `Too many attempts, try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
    }
  }
  return describeError(error);
}
