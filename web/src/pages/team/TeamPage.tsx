// /team: the organisation's people for everyone; inviting, pending invitations, role and
// position changes, removal and reactivation for managers and owners.
import { useState } from "react";

import { deleteUser, listInvitations, listUsers, sendPasswordReset, updateUser } from "../../api/endpoints";
import type { User } from "../../api/types";
import { useSignedIn } from "../../app/session";
import { EmptyState, ErrorMessage, Loading, Notice, PageHeader } from "../../components/ui";
import { useLoad } from "../../lib/useLoad";
import { ConfirmDialog } from "./ConfirmDialog";
import { EditPersonDialog } from "./EditPersonDialog";
import { InviteForm } from "./InviteForm";
import { PeopleTable, type PersonAction } from "./PeopleTable";
import { PendingInvitations } from "./PendingInvitations";
import "./team.css";

export default function TeamPage() {
  const { me, organization, isManager } = useSignedIn();
  const [showRemoved, setShowRemoved] = useState(false);
  const users = useLoad(() => listUsers(isManager && showRemoved), [isManager, showRemoved]);
  const [open, setOpen] = useState<{ action: PersonAction; person: User } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const done = (message: string) => {
    setError(null);
    setNotice(message);
    users.reload();
  };

  async function act(action: PersonAction, person: User) {
    setNotice(null);
    if (action !== "reactivate") return setOpen({ action, person });
    setError(null);
    try {
      await updateUser(person.id, { active: true });
      done(`${person.name} is back: they can sign in again.`);
    } catch (e) {
      setError(e);
    }
  }

  const people = users.data?.users;
  return (
    <div className="team">
      <PageHeader title="Team">
        {isManager && (
          <label className="checkbox">
            <input type="checkbox" checked={showRemoved} onChange={(e) => setShowRemoved(e.target.checked)} />
            Show removed people
          </label>
        )}
      </PageHeader>
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={error} />
      <div className={isManager ? "team__layout team__layout--manager" : "team__layout"}>
        <section aria-labelledby="people-title" aria-busy={users.loading}>
          <h2 id="people-title">
            People {people && <span className="muted team__count">({people.length})</span>}
          </h2>
          <ErrorMessage error={users.error} />
          {!people ? (
            !users.error && <Loading label="Loading people" lines={5} />
          ) : people.length === 0 ? (
            <EmptyState title="Nobody here yet" />
          ) : (
            <PeopleTable people={people} me={me} canAct={isManager} onAction={(a, p) => void act(a, p)} />
          )}
        </section>
        {isManager && (
          <div className="team__side">
            <InvitationsPanel myRole={me.role} zone={organization.time_zone} onNotice={setNotice} />
          </div>
        )}
      </div>
      {open?.action === "edit" && (
        <EditPersonDialog person={open.person} me={me} onSaved={done} onClose={() => setOpen(null)} />
      )}
      {open?.action === "reset-password" && (
        <ConfirmDialog title={`Send ${open.person.name} a password reset link?`} confirmLabel="Send the link"
          danger={false} onClose={() => setOpen(null)}
          onConfirm={async () => {
            await sendPasswordReset(open.person.id);
            done(`We emailed ${open.person.name} a link to choose a new password. It works once, for an hour.`);
          }}>
          <p>
            They get an email with a link to choose a new password themselves. You never see or set their password, and
            their current password keeps working until they use the link.
          </p>
        </ConfirmDialog>
      )}
      {open?.action === "remove" && (
        <ConfirmDialog title={`Remove ${open.person.name}?`} confirmLabel={`Remove ${open.person.name}`}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            await deleteUser(open.person.id);
            done(`${open.person.name} was removed. Their shifts that had not started are now open shifts.`);
          }}>
          <p>They can no longer sign in, and they leave the schedule.</p>
          <p>
            Their shifts that have not started yet become <strong>open shifts</strong>, so the gaps stay visible on the
            schedule. Past shifts stay as history. You can reactivate them later under “Show removed people”.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function InvitationsPanel({ myRole, zone, onNotice }: {
  myRole: User["role"]; zone: string; onNotice: (message: string) => void;
}) {
  const invitations = useLoad(() => listInvitations(), []);
  return (
    <>
      <InviteForm myRole={myRole} zone={zone} onInvited={invitations.reload} />
      <PendingInvitations invitations={invitations} zone={zone} onWithdrawn={onNotice} />
    </>
  );
}
