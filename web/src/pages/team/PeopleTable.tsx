// The people of the organisation: a table on wide screens, a list of cards on phones (the same
// markup; see .table--cards). Managers and owners get the actions the role rules allow.
import type { User } from "../../api/types";
import { Avatar } from "../../components/ui";
import { mayManage, ROLE_LABEL } from "./roles";

export type PersonAction = "edit" | "remove" | "reactivate" | "reset-password";

interface Props {
  people: User[];
  me: User;
  canAct: boolean; // manager or owner
  onAction: (action: PersonAction, person: User) => void;
}

export function PeopleTable({ people, me, canAct, onAction }: Props) {
  return (
    <div className="table-wrap">
      <table className="table table--cards team-table">
        <caption className="visually-hidden">People in the organisation</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Position</th>
            <th scope="col">Role</th>
            {canAct && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id} className={person.active ? undefined : "team-table__removed"}>
              <td>
                <div className="team-person">
                  <Avatar name={person.name} url={person.picture_url} size={40} />
                  <div className="team-person__text">
                    <span className="team-person__name">
                      {person.name}
                      {person.id === me.id && <span className="badge">You</span>}
                      {!person.active && <span className="badge badge--danger">Removed</span>}
                    </span>
                    {person.email && <a className="team-person__email" href={`mailto:${person.email}`}>{person.email}</a>}
                  </div>
                </div>
              </td>
              <td data-label="Position">{person.position || <span className="muted">No position</span>}</td>
              <td data-label="Role">{ROLE_LABEL[person.role]}</td>
              {canAct && <td className="team-table__actions"><Actions person={person} me={me} onAction={onAction} /></td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Actions({ person, me, onAction }: { person: User; me: User; onAction: Props["onAction"] }) {
  const self = person.id === me.id;
  if (!self && !mayManage(me.role, person.role)) return <span className="muted">Only an owner can change an owner.</span>;
  if (!person.active) {
    return (
      <button type="button" className="button button--secondary button--small" aria-label={`Reactivate ${person.name}`}
        onClick={() => onAction("reactivate", person)}>
        Reactivate
      </button>
    );
  }
  return (
    <div className="team-table__buttons">
      <button type="button" className="button button--secondary button--small" aria-label={`Edit ${person.name}`}
        onClick={() => onAction("edit", person)}>
        Edit
      </button>
      <button type="button" className="button button--ghost button--small"
        aria-label={`Reset password for ${person.name}`} onClick={() => onAction("reset-password", person)}>
        Reset password
      </button>
      {!self && (
        <button type="button" className="button button--ghost button--small team-table__remove"
          aria-label={`Remove ${person.name}`} onClick={() => onAction("remove", person)}>
          Remove
        </button>
      )}
    </div>
  );
}
