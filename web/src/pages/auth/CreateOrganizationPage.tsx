// Create an organisation (/create-organization): the owner's account, the organisation's name,
// time zone and first day of the week, and an optional picture, in one POST /auth/register.
import type { FormEvent } from "react";
import { Link } from "react-router-dom";

import type { ApiError } from "../../api/client";
import { WEEKDAYS, type Weekday } from "../../api/types";
import { ErrorMessage, SelectField, TextField } from "../../components/ui";
import { AccountFields, accountInput, checkAccount } from "./AccountFields";
import { AuthFrame } from "./AuthFrame";
import { checkRequired } from "./checks";
import { readForm } from "../../lib/formErrors";
import { SignUpPicture } from "./SignUpPicture";
import { TimeZoneField } from "./TimeZoneField";
import { useSignUp } from "./useSignUp";

const FIELDS = ["name", "email", "password", "position", "picture",
  "organization.name", "organization.time_zone", "organization.week_start"] as const;

function words(error: ApiError): string | null {
  if (error.kind === "registration-closed") {
    return "New organisations cannot be created on this Shift-Sync. Ask your organisation for an invitation instead.";
  }
  if (error.kind === "email-taken") return "This email is already registered. Sign in instead, or use another email.";
  return null;
}

const dayName = (day: Weekday) => day.charAt(0).toUpperCase() + day.slice(1);

export default function CreateOrganizationPage() {
  const { form, errors, busy, passes, send, edited, picture, choosePicture } = useSignUp(FIELDS, words);
  const fields = errors.fields;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const found = checkAccount(value);
    const orgName = checkRequired(value("organization.name"), "the organisation's name");
    const zone = checkRequired(value("organization.time_zone"), "the time zone");
    if (orgName) found["organization.name"] = orgName;
    if (zone) found["organization.time_zone"] = zone;
    if (!passes(found)) return;
    void send({
      ...accountInput(value),
      organization: {
        name: value("organization.name").trim(),
        time_zone: value("organization.time_zone").trim(),
        week_start: value("organization.week_start") as Weekday,
      },
    });
  }

  return (
    <AuthFrame title="Create an organisation" wide>
      <p className="muted">You become its owner and can invite your team next.</p>
      <form ref={form} className="form" noValidate onSubmit={submit} onInput={edited} aria-busy={busy}>
        <ErrorMessage error={errors.page} />
        <fieldset className="auth__section">
          <legend>About you</legend>
          <AccountFields errors={fields} />
          <SignUpPicture value={picture} onChange={choosePicture} error={fields.picture} />
        </fieldset>
        <fieldset className="auth__section">
          <legend>Your organisation</legend>
          <TextField label="Organisation name" name="organization.name" autoComplete="organization" required
            maxLength={100} error={fields["organization.name"]} />
          <div className="form-row">
            <TimeZoneField name="organization.time_zone" error={fields["organization.time_zone"]} />
            <SelectField label="First day of the week" name="organization.week_start" defaultValue="monday"
              error={fields["organization.week_start"]}>
              {WEEKDAYS.map((day) => <option key={day} value={day}>{dayName(day)}</option>)}
            </SelectField>
          </div>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating your organisation…" : "Create organisation"}
        </button>
      </form>
      <div className="auth__links">
        <p>Already have an account? <Link to="/sign-in">Sign in</Link></p>
        <p className="muted">Joining a team? Open the link in your invitation email.</p>
      </div>
    </AuthFrame>
  );
}
