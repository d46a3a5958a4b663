// Email preferences: non-essential email on or off (PATCH /me {email_notifications}), saved as
// soon as the box changes.
import { useId, useState } from "react";

import { updateMe } from "../../api/endpoints";
import { useSession, useSignedIn } from "../../app/session";
import { ErrorMessage } from "../../components/ui";
import { useSave } from "./useSave";

export function NotificationsForm() {
  const { me } = useSignedIn();
  const { setMe } = useSession();
  const { busy, errors, done, run } = useSave([]);
  const [pending, setPending] = useState<boolean | null>(null);
  const hintId = useId();
  const checked = pending ?? me.email_notifications ?? true;

  function toggle(on: boolean) {
    setPending(on);
    void run(async () => {
      setMe(await updateMe({ email_notifications: on }));
      return on ? "You will get emails about your shifts and announcements." : "You will get only essential emails.";
    }).finally(() => setPending(null));
  }

  return (
    <section className="card" aria-labelledby="profile-mail">
      <h2 id="profile-mail">Email preferences</h2>
      <ErrorMessage error={errors.page} />
      <label className="checkbox">
        <input type="checkbox" checked={checked} disabled={busy} aria-describedby={hintId}
          onChange={(e) => toggle(e.target.checked)} />
        Email me about my shifts, weekly patterns and team announcements
      </label>
      <p className="field__hint" id={hintId}>Security notices, invitations and welcome emails are always sent.</p>
      <p className="profile__status" role="status">{done}</p>
    </section>
  );
}
