// Register by invitation (/register?invitation=TOKEN, the link in invitation emails): the page
// looks the invitation up first (GET /invitations/lookup), names the organisation and shows the
// invited email read-only; then the person's name, a password, and optionally a position and a
// picture. A used, withdrawn, expired or unknown invitation is said at once, with what to do.
import type { FormEvent, ReactNode } from "react";
import { Link, useSearchParams } from "react-router-dom";

import { ApiError, describeError } from "../../api/client";
import { lookupInvitation } from "../../api/endpoints";
import type { InvitationPreview } from "../../api/types";
import { ErrorMessage, Loading } from "../../components/ui";
import { useLoad } from "../../lib/useLoad";
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

// The invitation is looked up as the page opens, so the page names the organisation and the
// address at once, and a used or unknown link says so before anything is typed.
function InvitationForm({ token }: { token: string }) {
  const invitation = useLoad((signal) => lookupInvitation(token, signal), [token]);
  if (invitation.error instanceof ApiError && invitation.error.kind === "invitation-gone") return <Gone />;
  if (invitation.error) {
    return (
      <AuthFrame title="Join your team">
        <ErrorMessage error={lookupFailure(invitation.error)} />
        <button type="button" className="button" onClick={invitation.reload}>Try again</button>
      </AuthFrame>
    );
  }
  if (!invitation.data) {
    return <AuthFrame title="Join your team"><Loading label="Opening your invitation" /></AuthFrame>;
  }
  return <JoinForm token={token} invitation={invitation.data} />;
}

function Gone() {
  return (
    <Dead>
      <ErrorMessage error={GONE} />
      <p>Ask the person who invited you to send a new invitation; each one works once and for a few days. If you
        copied the link by hand, check that you copied all of it.</p>
    </Dead>
  );
}

export function lookupFailure(error: unknown): string {
  if (error instanceof ApiError && error.kind === "too-many-requests") {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60));
    return `Too many invitation links that do not exist were tried from this network. Try again in ${minutes} ` +
      `minute${minutes === 1 ? "" : "s"}.`;
  }
  return describeError(error);
}

function JoinForm({ token, invitation }: { token: string; invitation: InvitationPreview }) {
  const { form, errors, failure, busy, passes, send, edited, picture, choosePicture } = useSignUp(FIELDS, words);

  if (failure?.kind === "invitation-gone") return <Gone />;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    if (!passes(checkAccount(value))) return;
    void send({ ...accountInput(value), invitation: token });
  }

  const position = invitation.position
    ? `Leave it empty to keep ${invitation.position}, the position from your invitation.`
    : "Your job, such as Barista or Shift lead.";
  return (
    <AuthFrame title={`Join ${invitation.organization_name}`}>
      <p className="muted">
        {invitation.organization_name} invited you to Shift-Sync as {article(invitation.role)} {invitation.role}.
        Create your account to see your shifts.
      </p>
      <form ref={form} className="form" noValidate onSubmit={submit} onInput={edited} aria-busy={busy}>
        <ErrorMessage error={errors.page} />
        <AccountFields errors={errors.fields} fixedEmail={invitation.email}
          emailHint="The address your invitation was sent to; you sign in with it." positionHint={position} />
        <SignUpPicture value={picture} onChange={choosePicture} error={errors.fields.picture} />
        <button type="submit" className="button" disabled={busy}>{busy ? "Creating your account…" : "Join"}</button>
      </form>
      <div className="auth__links">
        <p>Already have an account? <Link to="/sign-in">Sign in</Link></p>
      </div>
    </AuthFrame>
  );
}

const article = (role: string) => (/^[aeiou]/.test(role) ? "an" : "a");
