// The organisation's time zone: a list of the browser's IANA zones with its own zone chosen, or a
// text input where the browser cannot list them.
import { useMemo } from "react";

import { SelectField, TextField } from "../../components/ui";
import { browserTimeZone, timeZoneList, zoneLabel } from "./timeZones";

const HINT = "Shifts are planned and shown in this zone.";

export function TimeZoneField({ name, error }: { name: string; error?: string }) {
  const zones = useMemo(timeZoneList, []);
  const own = useMemo(browserTimeZone, []);
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
