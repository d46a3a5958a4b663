// Email and password (PATCH /me with current_password). The server ends every session of the
// person on such a change, this one included, so success leads to sign-in with a word why (and
// the sign-in page ends the app's session).
import type { FormEvent } from "react";
import { useNavigate } from "react-router-dom";

import type { ApiError } from "../../api/client";
import { updateMe } from "../../api/endpoints";
import type { MePatch } from "../../api/types";
import { useSignedIn } from "../../app/session";
import { ErrorMessage, TextField } from "../../components/ui";
import { PASSWORD_HINT, checkEmail, checkNewPassword } from "../auth/checks";
import { readForm } from "../../lib/formErrors";
import type { SignInNotice } from "../auth/SignInPage";
import { useSave } from "./useSave";

const FIELDS = ["email", "password", "current_password"] as const;

function words(error: ApiError): string | null {
  if (error.field !== "current_password") return null;
  return /wrong/i.test(error.problem?.detail ?? "") ? "That is not your current password." : "Enter your current password.";
}

export function signedOutNotice(patch: MePatch): string {
  const what = patch.email && patch.password ? "email and password were" : patch.email ? "email was" : "password was";
  return `Your ${what} changed and you were signed out everywhere. Sign in again.`;
}

export function SignInDetailsForm() {
  const { me } = useSignedIn();
  const navigate = useNavigate();
  const { form, busy, errors, run, passes, edited } = useSave(FIELDS, words);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const email = value("email").trim();
    const password = value("password");
    const current = value("current_password");
    const patch: MePatch = { current_password: current };
    if (email !== (me.email ?? "")) patch.email = email;
    if (password) patch.password = password;
    const found: Record<string, string> = {};
    if (!patch.email && !patch.password) found.password = "Enter a new password, or change your email above.";
    const emailProblem = patch.email !== undefined ? checkEmail(email) : null;
    const passwordProblem = patch.password ? checkNewPassword(password) : null;
    if (emailProblem) found.email = emailProblem;
    if (passwordProblem) found.password = passwordProblem;
    if (!current) found.current_password = "Enter your current password.";
    if (!passes(found)) return;
    void run(async () => {
      await updateMe(patch);
      const state: SignInNotice = { notice: signedOutNotice(patch), sessionEnded: true };
      navigate("/sign-in", { replace: true, state });
      return "";
    });
  }

  return (
    <section className="card" aria-labelledby="profile-sign-in">
      <h2 id="profile-sign-in">Email and password</h2>
      <p className="muted">Changing either signs you out on every device, this one included.</p>
      <form ref={form} className="form" noValidate onSubmit={submit} onInput={edited} aria-busy={busy}>
        <ErrorMessage error={errors.page} />
        <TextField label="Email" name="email" type="email" autoComplete="email" inputMode="email" spellCheck={false}
          defaultValue={me.email ?? ""} required maxLength={254} error={errors.fields.email} />
        <TextField label="New password (optional)" name="password" type="password" autoComplete="new-password"
          maxLength={128} hint={PASSWORD_HINT} error={errors.fields.password} />
        <TextField label="Current password" name="current_password" type="password" autoComplete="current-password"
          required maxLength={128} hint="Needed to change your email or password."
          error={errors.fields.current_password} />
        <button type="submit" className="button" disabled={busy}>{busy ? "Saving…" : "Change and sign out"}</button>
      </form>
    </section>
  );
}
