// Signing in again in place: when the session ends under a page (it expired, or was ended
// elsewhere), this dialog opens over whatever is open, a half-filled form included, and the request
// that met the end of the session is sent again once the person has signed in (api/client.ts).
// The email is the signed-in person's and cannot be changed here: the work waiting to be saved is
// theirs. Cancelling ends the session as before: the sign-in page, then back to this page.
import { useState, type FormEvent } from "react";

import { login } from "../api/endpoints";
import type { Session } from "../api/types";
import { Dialog, ErrorMessage, TextField } from "../components/ui";
import { readForm } from "../lib/formErrors";
import { signInError } from "./signInError";

export function SignInAgain({ email, onDone }: { email: string; onDone(session: Session | null): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const address = email || value("email").trim();
    const password = value("password");
    if (!address || !password) {
      setError(address ? "Enter your password." : "Enter your email and password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await login(address, password);
      onDone(session);
    } catch (e) {
      setError(signInError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Sign in again" open onClose={() => onDone(null)}>
      <p>Your session has ended. Sign in again to carry on where you were: nothing you typed is lost.</p>
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <ErrorMessage error={error} />
        <TextField label="Email" name="email" type="email" autoComplete="username" defaultValue={email}
          readOnly={Boolean(email)} spellCheck={false} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required autoFocus />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
