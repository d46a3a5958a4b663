// Where to go after signing in: the ?next= path when it stays on this site, else the schedule.
// Only a relative path qualifies: it starts with "/" but not "//" or "/\" (both mean another
// host to a browser), and holds no backslash or control character.

export const HOME = "/schedule";

export function safeNext(next: string | null | undefined, fallback = HOME): string {
  if (!next || !next.startsWith("/") || next.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const base = "https://shiftsync.invalid";
    if (new URL(next, base).origin !== base) return fallback;
  } catch {
    return fallback;
  }
  return next;
}
