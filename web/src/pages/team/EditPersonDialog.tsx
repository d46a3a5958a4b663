// Change a person's position and role (within the role rules), or remove their picture.
import { useState, type FormEvent } from "react";

import { deleteUserPicture, updateUser } from "../../api/endpoints";
import type { Role, User, UserPatch } from "../../api/types";
import { Avatar, Dialog, ErrorMessage, SelectField, TextField } from "../../components/ui";
import { placeError } from "../../lib/formErrors";
import { assignableRoles, ROLE_LABEL, whyRoleFixed } from "./roles";

interface Props {
  person: User;
  me: User;
  onSaved: (message: string) => void;
  onClose: () => void;
}

export function EditPersonDialog({ person, me, onSaved, onClose }: Props) {
  const self = person.id === me.id;
  const roles = assignableRoles(me.role, person.role, self);
  const [position, setPosition] = useState(person.position);
  const [role, setRole] = useState<Role>(person.role);
  const [picture, setPicture] = useState(person.picture_url);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const { fields, page } = placeError(error, ["position", "role"] as const);

  async function save(event: FormEvent) {
    event.preventDefault();
    const patch: UserPatch = {};
    if (position !== person.position) patch.position = position;
    if (role !== person.role) patch.role = role;
    if (Object.keys(patch).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      await updateUser(person.id, patch);
      onSaved(`${person.name}'s details were saved.`);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  async function removePicture() {
    setBusy(true);
    setError(null);
    try {
      const updated = await deleteUserPicture(person.id);
      setPicture(updated.picture_url);
      onSaved(`${person.name}'s picture was removed.`);
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  }

  return (
    <Dialog title={`Edit ${person.name}`} open onClose={onClose}>
      <form onSubmit={(e) => void save(e)} noValidate>
        <TextField label="Position" value={position} maxLength={100} autoComplete="off"
          hint="Free text, e.g. Barista. May be empty."
          error={fields.position}
          onChange={(e) => setPosition(e.target.value)} />
        {roles.length > 0 ? (
          <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}
            error={fields.role}
            hint="Managers plan shifts and see everyone's email; owners can also change the organisation.">
            {roles.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
          </SelectField>
        ) : (
          <div className="field">
            <span className="field__label">Role</span>
            <p className="field__static">{ROLE_LABEL[person.role]} <span className="muted">— {whyRoleFixed(me.role, person.role, self)}</span></p>
          </div>
        )}
        {picture && (
          <div className="team-edit__picture">
            <Avatar name={person.name} url={picture} size={48} />
            <button type="button" className="button button--secondary button--small" disabled={busy}
              onClick={() => void removePicture()}>
              Remove picture
            </button>
          </div>
        )}
        <ErrorMessage error={page} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>{busy ? "Saving…" : "Save changes"}</button>
          <button type="button" className="button button--secondary" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
