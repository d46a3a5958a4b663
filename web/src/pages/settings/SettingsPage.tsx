// /settings (owners only): the organisation's name, time zone, first day of the week and the
// locale its emails write dates and times in (PATCH /organization). Errors from the server land on
// their fields (lib/formErrors); the app's frame shows the new name at once.
import type { FormEvent } from "react";

import type { ApiError } from "../../api/client";
import { updateOrganization } from "../../api/endpoints";
import { WEEKDAYS, type Locale, type Weekday } from "../../api/types";
import { useSession, useSignedIn } from "../../app/session";
import { ErrorMessage, PageHeader, SelectField, TextField } from "../../components/ui";
import { readForm } from "../../lib/formErrors";
import { checkRequired } from "../auth/checks";
import { TimeZoneField } from "../auth/TimeZoneField";
import { useSave } from "../profile/useSave";
import "./settings.css";

const FIELDS = ["name", "time_zone", "week_start", "locale"] as const;

// The locales the server takes (docs/openapi.json Locale), each with what it looks like.
export const LOCALES: readonly [Locale, string][] = [
  ["en-US", "Mon, Jan 4, 7 AM–3 PM (US)"],
  ["en-GB", "Mon 4 Jan, 07:00–15:00 (UK)"],
];

// Plainer words than the server's for the choices a list offers.
function words(error: ApiError): string | null {
  if (error.field === "time_zone") return "Choose a time zone from the list; this one is not known to the server.";
  if (error.field === "locale") return "Choose one of the listed formats.";
  return null;
}

const dayName = (day: Weekday) => day.charAt(0).toUpperCase() + day.slice(1);

export default function SettingsPage() {
  const { organization } = useSignedIn();
  const { setOrganization } = useSession();
  const { form, busy, errors, done, run, passes, edited } = useSave(FIELDS, words);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const name = value("name").trim();
    const problem = checkRequired(name, "the organisation's name");
    if (!passes(problem ? { name: problem } : {})) return;
    void run(async () => {
      setOrganization(await updateOrganization({
        name,
        time_zone: value("time_zone"),
        week_start: value("week_start") as Weekday,
        locale: value("locale") as Locale,
      }));
      return "The organisation's settings are saved.";
    });
  }

  return (
    <div className="settings">
      <PageHeader title="Organisation settings" />
      <section className="card" aria-labelledby="settings-organisation">
        <h2 id="settings-organisation">{organization.name}</h2>
        <form ref={form} className="form" noValidate onSubmit={submit} onInput={edited} aria-busy={busy}>
          <ErrorMessage error={errors.page} />
          <TextField label="Organisation name" name="name" autoComplete="organization" required maxLength={100}
            defaultValue={organization.name} error={errors.fields.name} />
          <TimeZoneField name="time_zone" initial={organization.time_zone} error={errors.fields.time_zone} />
          <SelectField label="First day of the week" name="week_start" defaultValue={organization.week_start}
            hint="The schedule's weeks begin on this day." error={errors.fields.week_start}>
            {WEEKDAYS.map((day) => <option key={day} value={day}>{dayName(day)}</option>)}
          </SelectField>
          <SelectField label="Dates and times in emails" name="locale" defaultValue={organization.locale}
            hint="How the emails Shift-Sync sends write dates and times." error={errors.fields.locale}>
            {LOCALES.map(([tag, label]) => <option key={tag} value={tag}>{label}</option>)}
          </SelectField>
          <p className="muted">A new time zone applies to what weekly patterns make from now on; shifts already
            planned keep their times.</p>
          <p className="settings__status" role="status">{done}</p>
          <button type="submit" className="button" disabled={busy}>{busy ? "Saving…" : "Save"}</button>
        </form>
      </section>
    </div>
  );
}
