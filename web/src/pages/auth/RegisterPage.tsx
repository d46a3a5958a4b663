// Register by invitation (/register?invitation=TOKEN, the link in invitation emails): the
// person's name, the invited email, a password, and optionally a position and a picture.
import type { FormEvent, ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";

import type { ApiError } from "../../api/client";
import { ErrorMessage } from "../../components/ui";
import { AccountFields, accountInput, checkAccount } from "./AccountFields";
import { AuthFrame } from "./AuthFrame";
import { readForm } from "../../lib/formErrors";
import { SignUpPicture } from "./SignUpPicture";
import { useSignUp } from "./useSignUp";

const FIELDS = ["name", "email", "password", "position", "picture"] as const;
export const GONE = "This invitation was used, withdrawn or has expired; ask for a new one.";

function words(error: ApiError): string | null {
  if (error.kind === "email-taken") return "This email is already registered. Sign in instead.";
  return null;
}

function Dead({ children }: { children: ReactNode }) {
  return (
    <AuthFrame title="Join your team">
      {children}
      <div className="auth__links">
        <p>Already joined? <Link to="/sign-in">Sign in</Link></p>
      </div>
    </AuthFrame>
  );
}

export default function RegisterPage() {
  const [params] = useSearchParams();
  const token = params.get("invitation")?.trim() ?? "";
  if (!token) {
    return (
      <Dead>
        <ErrorMessage error="This page needs the link from your invitation email, and the link is incomplete." />
        <p>Open the link in the invitation email again, or copy all of it into the address bar. If you cannot
          find the email, ask the person who invited you to send a new invitation.</p>
      </Dead>
    );
  }
  return <InvitationForm token={token} />;
}

function InvitationForm({ token }: { token: string }) {
  const { form, errors, failure, busy, passes, send, edited, picture, choosePicture } = useSignUp(FIELDS, words);

  if (failure?.kind === "invitation-gone") {
    return (
      <Dead>
        <ErrorMessage error={GONE} />
        <p>Ask the person who invited you to send a new invitation; each one works once and for a few days.</p>
      </Dead>
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    if (!passes(checkAccount(value))) return;
    void send({ ...accountInput(value), invitation: token });
  }

  return (
    <AuthFrame title="Join your team">
      <p className="muted">You were invited to Shift-Sync. Create your account to see your shifts.</p>
      <form ref={form} className="form" noValidate onSubmit={submit} onInput={edited} aria-busy={busy}>
        <ErrorMessage error={errors.page} />
        <AccountFields errors={errors.fields} emailHint="The address your invitation was sent to."
          positionHint="Leave it empty to keep the position from your invitation." />
        <SignUpPicture value={picture} onChange={choosePicture} error={errors.fields.picture} />
        <button type="submit" className="button" disabled={busy}>{busy ? "Creating your account…" : "Join"}</button>
      </form>
      <div className="auth__links">
        <p>Already have an account? <Link to="/sign-in">Sign in</Link></p>
      </div>
    </AuthFrame>
  );
}
