// Time zones for the organisation: the browser's list of IANA zones (null when it has none, and
// the form falls back to a text input), always holding the browser's own zone.

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function timeZoneList(): string[] | null {
  const intl = Intl as { supportedValuesOf?: (key: "timeZone") => string[] };
  if (typeof intl.supportedValuesOf !== "function") return null;
  let zones: string[];
  try {
    zones = intl.supportedValuesOf("timeZone");
  } catch {
    return null;
  }
  if (zones.length === 0) return null;
  const own = browserTimeZone();
  return zones.includes(own) ? zones : [...zones, own].sort();
}

// "America/Argentina/Buenos_Aires" → "America / Argentina / Buenos Aires".
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, " ").replace(/\//g, " / ");
}
