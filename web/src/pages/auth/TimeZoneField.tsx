// The organisation's time zone: a list of the browser's IANA zones with its own zone chosen, or a
// text input where the browser cannot list them.
import { useMemo } from "react";

import { SelectField, TextField } from "../../components/ui";
import { browserTimeZone, timeZoneList, zoneLabel } from "./timeZones";

const HINT = "Shifts are planned and shown in this zone.";

// `initial`: the zone chosen at first (the organisation's, on the settings page); the browser's
// own zone by default. It is always in the list.
export function TimeZoneField({ name, error, initial }: { name: string; error?: string; initial?: string }) {
  const zones = useMemo(() => {
    const list = timeZoneList();
    return list && initial && !list.includes(initial) ? [...list, initial].sort() : list;
  }, [initial]);
  const browser = useMemo(browserTimeZone, []);
  const own = initial ?? browser;
  if (!zones) {
    return <TextField label="Time zone" name={name} defaultValue={own} required autoComplete="off" spellCheck={false}
      hint={`${HINT} An IANA name such as Europe/Berlin.`} error={error} />;
  }
  return (
    <SelectField label="Time zone" name={name} defaultValue={own} required hint={HINT} error={error}>
      {zones.map((zone) => <option key={zone} value={zone}>{zoneLabel(zone)}</option>)}
    </SelectField>
  );
}
