// Invite someone: email, role (only those the caller may give) and an optional position. The
// answer's link is shown to share by hand, next to the news that it was emailed too.
import { useState, type FormEvent } from "react";

import { createInvitation } from "../../api/endpoints";
import type { InvitationCreated, Role } from "../../api/types";
import { ErrorMessage, SelectField, TextField } from "../../components/ui";
import { placeError } from "../../lib/formErrors";
import { formatDateTime } from "../../lib/time";
import { CopyLink } from "./CopyLink";
import { invitableRoles, ROLE_LABEL } from "./roles";

interface Props {
  myRole: Role;
  zone: string;
  onInvited: () => void;
}

export function InviteForm({ myRole, zone, onInvited }: Props) {
  const roles = invitableRoles(myRole);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("employee");
  const [position, setPosition] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<InvitationCreated | null>(null);

  const { fields, page } = placeError(error, ["email", "role", "position"] as const);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const invitation = await createInvitation({ email: email.trim(), role, ...(position.trim() ? { position: position.trim() } : {}) });
      setCreated(invitation);
      setEmail("");
      setPosition("");
      setRole("employee");
      onInvited();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="invite-title" id="invite">
      <h2 id="invite-title">Invite someone</h2>
      {created && (
        <div className="team-invited">
          <p className="team-invited__news" role="status">
            An email with the link is on its way to <strong>{created.email}</strong>. You can also share the link yourself:
          </p>
          <CopyLink link={created.link} />
          <p className="muted team-invited__expiry">
            {created.email} joins as {ROLE_LABEL[created.role].toLowerCase()}
            {created.position ? ` (${created.position})` : ""}. The link works once and expires{" "}
            {formatDateTime(created.expires_at, zone)}.
          </p>
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="Email" type="email" value={email} required autoComplete="off" maxLength={254}
          error={fields.email} onChange={(e) => setEmail(e.target.value)} />
        <div className="form-row">
          <SelectField label="Role" value={role} error={fields.role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
          </SelectField>
          <TextField label="Position (optional)" value={position} maxLength={100} autoComplete="off"
            error={fields.position} onChange={(e) => setPosition(e.target.value)} />
        </div>
        <ErrorMessage error={page} />
        <button type="submit" className="button" disabled={busy}>{busy ? "Inviting…" : "Send invitation"}</button>
      </form>
    </section>
  );
}
