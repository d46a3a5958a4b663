// Name, and position for managers and owners (PATCH /me). An employee's position is set by a
// manager on the Team page, so here it is only shown.
import type { FormEvent } from "react";

import { updateMe } from "../../api/endpoints";
import { useSession, useSignedIn } from "../../app/session";
import { ErrorMessage, TextField } from "../../components/ui";
import { checkRequired } from "../auth/checks";
import { readForm } from "../../lib/formErrors";
import { useSave } from "./useSave";

const FIELDS = ["name", "position"] as const;

export function DetailsForm() {
  const { me, isManager } = useSignedIn();
  const { setMe } = useSession();
  const { form, busy, errors, done, run, passes, edited } = useSave(FIELDS);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = readForm(event.currentTarget);
    const name = value("name").trim();
    const problem = checkRequired(name, "your name");
    if (!passes(problem ? { name: problem } : {})) return;
    void run(async () => {
      if (!isManager) {
        setMe(await updateMe({ name }));
        return "Your name is saved.";
      }
      setMe(await updateMe({ name, position: value("position").trim() }));
      return "Your name and position are saved.";
    });
  }

  return (
    <section className="card" aria-labelledby="profile-details">
      <h2 id="profile-details">{isManager ? "Name and position" : "Name"}</h2>
      <form ref={form} className="form" noValidate onSubmit={submit} onInput={edited} aria-busy={busy}>
        <ErrorMessage error={errors.page} />
        <TextField label="Your name" name="name" autoComplete="name" defaultValue={me.name} required maxLength={100}
          error={errors.fields.name} />
        {isManager ? (
          <TextField label="Position" name="position" autoComplete="organization-title" defaultValue={me.position}
            maxLength={100} hint="Your job, such as Barista. May be empty." error={errors.fields.position} />
        ) : (
          <p className="muted">
            Position: {me.position || "none yet"}. Your manager sets it; ask them if it should change.
          </p>
        )}
        <p className="profile__status" role="status">{done}</p>
        <button type="submit" className="button" disabled={busy}>{busy ? "Saving…" : "Save"}</button>
      </form>
    </section>
  );
}
