// Choose a new password (/reset-password?token=...), opened from the emailed link. The token stays
// in the address bar and this page only: the server never logs query strings. Afterwards every
// session of the person has ended, so the page sends them to sign in with the new password.
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { ApiError } from "../../api/client";
import { confirmPasswordReset } from "../../api/endpoints";
import { ErrorMessage, TextField } from "../../components/ui";
import { placeError, readForm, useFormErrors } from "../../lib/formErrors";
import { AuthFrame } from "./AuthFrame";
import { PASSWORD_HINT, checkNewPassword } from "./checks";
import type { SignInNotice } from "./SignInPage";

export const CHANGED_NOTICE = "Your password was changed. Sign in with your new password.";

// A link that can no longer work: say so, and offer a new one.
function DeadLink({ reason }: { reason: string }) {
  return (
    <AuthFrame title="This link no longer works">
      <p className="alert alert--error" role="alert">{reason}</p>
      <div className="auth__links">
        <p><Link to="/forgot-password">Get a new link</Link></p>
        <p><Link to="/sign-in">Back to sign in</Link></p>
      </div>
    </AuthFrame>
  );
}

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const navigate = useNavigate();
  const { form, errors, fail, edited } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [dead, setDead] = useState<string | null>(null);

  if (!token) return <DeadLink reason="This link is incomplete. Open the link from the email again, or ask for a new one." />;
  if (dead) return <DeadLink reason={dead} />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const password = value("password");
    const problem = checkNewPassword(password);
    if (problem) {
      fail({ fields: { password: problem }, page: null });
      return;
    }
    if (password !== value("confirm")) {
      fail({ fields: { confirm: "The two passwords differ. Type the same password twice." }, page: null });
      return;
    }
    setBusy(true);
    try {
      await confirmPasswordReset(token, password);
      const notice: SignInNotice = { notice: CHANGED_NOTICE, sessionEnded: true };
      navigate("/sign-in", { replace: true, state: notice });
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.kind === "reset-link-gone") {
        setDead("This link was used already or has expired. Links work once, for an hour.");
      } else if (e instanceof ApiError && e.field === "token") {
        setDead("This link is not valid. Open the link from the email again, or ask for a new one.");
      } else {
        fail(placeError(e, ["password"] as const));
      }
    }
  }

  return (
    <AuthFrame title="Choose a new password">
      <form ref={form} className="form" noValidate onSubmit={(e) => void submit(e)} onInput={edited} aria-busy={busy}>
        <ErrorMessage error={errors.page} />
        <TextField label="New password" name="password" type="password" autoComplete="new-password" required
          minLength={12} maxLength={128} hint={PASSWORD_HINT} error={errors.fields.password} />
        <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" required
          maxLength={128} error={errors.fields.confirm} />
        <button type="submit" className="button" disabled={busy}>{busy ? "Saving…" : "Set new password"}</button>
      </form>
      <div className="auth__links">
        <p>Every device signed in to your account will be signed out.</p>
      </div>
    </AuthFrame>
  );
}
