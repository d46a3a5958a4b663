// Invitations not yet used and not expired, with their expiry in the organisation's zone and a
// way to withdraw them.
import { useState } from "react";

import { deleteInvitation } from "../../api/endpoints";
import type { Invitation } from "../../api/types";
import { EmptyState, ErrorMessage, Loading } from "../../components/ui";
import type { Load } from "../../lib/useLoad";
import { formatDateTime } from "../../lib/time";
import { ConfirmDialog } from "./ConfirmDialog";
import { ROLE_LABEL } from "./roles";

interface Props {
  invitations: Load<{ invitations: Invitation[] }>;
  zone: string;
  onWithdrawn: (message: string) => void;
}

export function PendingInvitations({ invitations, zone, onWithdrawn }: Props) {
  const [withdrawing, setWithdrawing] = useState<Invitation | null>(null);
  const list = invitations.data?.invitations;

  return (
    <section className="card" aria-labelledby="pending-title">
      <h2 id="pending-title">Pending invitations</h2>
      {invitations.error ? <ErrorMessage error={invitations.error} /> : null}
      {!list ? (
        !invitations.error && <Loading label="Loading invitations" lines={2} />
      ) : list.length === 0 ? (
        <EmptyState title="No pending invitations">Invitations you send wait here until they are used.</EmptyState>
      ) : (
        <ul className="team-invites">
          {list.map((invitation) => (
            <li key={invitation.id} className="team-invites__item">
              <div className="team-invites__text">
                <span className="team-invites__email">{invitation.email}</span>
                <span className="muted">
                  {ROLE_LABEL[invitation.role]}{invitation.position ? ` · ${invitation.position}` : ""}
                </span>
                <span className="muted">
                  Expires <time dateTime={invitation.expires_at}>{formatDateTime(invitation.expires_at, zone)}</time>
                </span>
              </div>
              <button type="button" className="button button--ghost button--small team-table__remove"
                aria-label={`Withdraw the invitation to ${invitation.email}`} onClick={() => setWithdrawing(invitation)}>
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      )}
      {withdrawing && (
        <ConfirmDialog title="Withdraw this invitation?" confirmLabel="Withdraw invitation"
          onClose={() => setWithdrawing(null)}
          onConfirm={async () => {
            await deleteInvitation(withdrawing.id);
            invitations.reload();
            onWithdrawn(`The invitation to ${withdrawing.email} was withdrawn.`);
          }}>
          <p>The link sent to <strong>{withdrawing.email}</strong> stops working. You can invite them again later.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
