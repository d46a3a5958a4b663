// Dates and times in the organisation's time zone, formatted in the browser's locale. The server
// speaks UTC instants (RFC 3339) and local dates (YYYY-MM-DD in the organisation's zone); every
// conversion between the two lives here.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, options: Intl.DateTimeFormatOptions, locale?: string): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${zone}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

// "08:00" in the browser's locale ("8:00 AM" in en-US), for an instant seen in `zone`.
export function formatTime(instant: string, zone: string, locale?: string): string {
  return formatter(zone, { hour: "numeric", minute: "2-digit" }, locale).format(new Date(instant));
}

// "Mon 23 Mar" style, for a local date (YYYY-MM-DD), in the browser's locale.
export function formatDay(date: string, locale?: string): string {
  return formatter("UTC", { weekday: "short", day: "numeric", month: "short" }, locale).format(dateAtUtcNoon(date));
}

// "Monday, 23 March 2026" style, for a local date.
export function formatLongDay(date: string, locale?: string): string {
  return formatter("UTC", { weekday: "long", day: "numeric", month: "long", year: "numeric" }, locale)
    .format(dateAtUtcNoon(date));
}

// "Mon 23 Mar, 08:00" for an instant seen in `zone`.
export function formatDateTime(instant: string, zone: string, locale?: string): string {
  return formatter(zone, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }, locale)
    .format(new Date(instant));
}

function dateAtUtcNoon(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

// The local date (YYYY-MM-DD) and wall time (HH:MM) of an instant in `zone`.
export function localParts(instant: string | Date, zone: string): { date: string; time: string } {
  const parts = formatter(zone, {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }, "en-CA").formatToParts(typeof instant === "string" ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

// Today's date in `zone`.
export function today(zone: string, now: Date = new Date()): string {
  return localParts(now, zone).date;
}

// The UTC instant (RFC 3339, "Z") of a local date and wall time in `zone`. At a daylight-saving gap
// the wall time does not exist and the later reading is taken (02:30 on a spring-forward day is
// 03:30); at an overlap the earlier one. REQUIRES: date YYYY-MM-DD, time HH:MM.
export function toInstant(date: string, time: string, zone: string): string {
  const wanted = Date.parse(`${date}T${time}:00Z`); // the wall time as if the zone were UTC
  const offsetAt = (t: number) => {
    const seen = localParts(new Date(t), zone);
    return Date.parse(`${seen.date}T${seen.time}:00Z`) - t;
  };
  const day = 86_400_000;
  const before = offsetAt(wanted - day);
  const after = offsetAt(wanted + day);
  const matching = [wanted - before, wanted - after].filter((t) => {
    const seen = localParts(new Date(t), zone);
    return seen.date === date && seen.time === time;
  });
  // A gap (no reading matches): the offset before the change gives the later wall time.
  const chosen = matching.length > 0 ? Math.min(...matching) : wanted - before;
  return new Date(chosen).toISOString().replace(".000Z", "Z");
}

// date + n days (local dates have no time zone).
export function addDays(date: string, n: number): string {
  const d = dateAtUtcNoon(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// Hours as people read them: "7.5 h", "8 h".
export function formatHours(hours: number, locale?: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(hours)} h`;
}

// Minutes between two instants.
export function minutesBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60000);
}
