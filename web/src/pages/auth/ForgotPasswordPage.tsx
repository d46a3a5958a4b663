// Forgot password (/forgot-password): asks for the email and says the same thing afterwards
// whatever the server found, because the server answers the same for every email.
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";

import { ApiError, describeError } from "../../api/client";
import { requestPasswordReset } from "../../api/endpoints";
import { ErrorMessage, Notice, TextField } from "../../components/ui";
import { readForm } from "../../lib/formErrors";
import { AuthFrame } from "./AuthFrame";
import { checkEmail } from "./checks";

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

export default function ForgotPasswordPage() {
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
        <p><Link to="/sign-in">Back to sign in</Link></p>
      </div>
    </AuthFrame>
  );
}
