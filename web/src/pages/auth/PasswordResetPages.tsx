// Password reset, the two signed-out pages (one module, so they load together and share chunks
// with the other auth pages):
// - Forgot password (/forgot-password): asks for the email and says the same thing afterwards
//   whatever the server found, because the server answers the same for every email.
// - Choose a new password (/reset-password?token=...), opened from the emailed link. The token
//   stays in the address bar and this page only: the server never logs query strings.
//   Afterwards every session of the person has ended, so the page sends them to sign in.
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { ApiError, describeError } from "../../api/client";
import { confirmPasswordReset, requestPasswordReset } from "../../api/endpoints";
import { ErrorMessage, Notice, TextField } from "../../components/ui";
import { placeError, readForm, useFormErrors } from "../../lib/formErrors";
import { AuthFrame } from "./AuthFrame";
import { PASSWORD_HINT, checkEmail, checkNewPassword } from "./checks";
import { HOME, safeNext } from "./safeNext";
import type { SignInNotice } from "./SignInPage";

export const SENT_NOTICE =
  "If an account uses this email, we sent it a link to choose a new password. The link works once, for an hour. "
  + "Check your inbox, and your spam folder.";

function requestError(error: unknown): string {
  if (error instanceof ApiError && error.status === 429) {
    if (!error.retryAfter) return "Too many requests for a new password. Try again in a few minutes.";
    const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
    return `Too many requests for a new password. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
  }
  return describeError(error);
}

export function ForgotPasswordPage() {
  // Where sign-in was to lead (?next=, when it stays on this site), kept for the way back.
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const signIn = next === HOME ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = readForm(event.currentTarget)("email").trim();
    const problem = checkEmail(email);
    setFieldError(problem);
    setError(null);
    if (problem) return;
    setBusy(true);
    try {
      await requestPasswordReset(email);
      setSent(true);
    } catch (e) {
      if (e instanceof ApiError && e.field === "email") setFieldError(describeError(e));
      else setError(requestError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title="Forgot your password?">
      {sent ? (
        <>
          <Notice>{SENT_NOTICE}</Notice>
          <button type="button" className="button button--secondary" onClick={() => setSent(false)}>
            Send another link
          </button>
        </>
      ) : (
        <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
          <p>Enter the email address you sign in with. We will email you a link to choose a new password.</p>
          <ErrorMessage error={error} />
          <TextField label="Email" name="email" type="email" autoComplete="email" inputMode="email" required
            maxLength={254} spellCheck={false} error={fieldError} />
          <button type="submit" className="button" disabled={busy}>{busy ? "Sending…" : "Email me a link"}</button>
        </form>
      )}
      <div className="auth__links">
        <p><Link to={signIn}>Back to sign in</Link></p>
      </div>
    </AuthFrame>
  );
}

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

export function ResetPasswordPage() {
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
