// Sign in (/sign-in): email and password; afterwards the page the person came for (?next=, when
// it stays on this site) or the schedule.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router-dom";

import { login } from "../../api/endpoints";
import { useSession } from "../../app/session";
import { signInError } from "../../app/signInError";
import { ErrorMessage, Notice, TextField } from "../../components/ui";
import { AuthFrame } from "./AuthFrame";
import { readForm } from "../../lib/formErrors";
import { safeNext } from "./safeNext";

// What another page wants said here, as router state. The profile, after an email or password
// change the server answered by ending every session, sends `sessionEnded` so that the app's
// session ends here, once this page shows (ending it there would send the person to sign-in
// through the signed-in pages' redirect, without the notice).
export interface SignInNotice {
  notice?: string;
  sessionEnded?: boolean;
}

export default function SignInPage() {
  const { state, signedIn, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const said = location.state as SignInNotice | null;
  // Where sign-in leads afterwards stays the same on the way through "Forgot password?".
  const next = params.get("next");
  const forgotPassword = next ? `/forgot-password?next=${encodeURIComponent(next)}` : "/forgot-password";
  const notice = said?.notice
    ?? (state.status === "signed-out" && state.reason === "expired" ? "Your session has ended. Please sign in again." : null);

  // Once, when the session has loaded: a later sign-in on this page must stay signed in.
  const settled = useRef(false);
  useEffect(() => {
    if (settled.current || state.status === "loading") return;
    settled.current = true;
    if (said?.sessionEnded && state.status === "signed-in") void signOut().catch(() => undefined);
  }, [said, state.status, signOut]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const email = value("email").trim();
    const password = value("password");
    if (!email || !password) {
      setError("Enter your email and password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      signedIn(await login(email, password));
      navigate(safeNext(params.get("next")), { replace: true });
    } catch (e) {
      setError(signInError(e));
      setBusy(false);
    }
  }

  return (
    <AuthFrame title="Sign in">
      {notice && !error && <Notice>{notice}</Notice>}
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <ErrorMessage error={error} />
        <TextField label="Email" name="email" type="email" autoComplete="email" inputMode="email" required
          spellCheck={false} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <p className="auth__forgot"><Link to={forgotPassword}>Forgot password?</Link></p>
        <button type="submit" className="button" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
      <div className="auth__links">
        <p>New to Shift-Sync? <Link to="/create-organization">Create an organisation</Link></p>
        <p className="muted">Joining a team? Open the link in your invitation email.</p>
      </div>
    </AuthFrame>
  );
}
