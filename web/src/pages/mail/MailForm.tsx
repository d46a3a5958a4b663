// Email staff: everyone or chosen colleagues, a subject and a message. Says how many it went to
// and who was skipped because they turned non-essential email off.
import { useId, useState, type FormEvent } from "react";

import { sendMail } from "../../api/endpoints";
import type { User } from "../../api/types";
import { ErrorMessage, Loading, Notice, TextAreaField, TextField } from "../../components/ui";
import { placeError } from "../../lib/formErrors";
import { listNames, people } from "./words";

type Field = "to" | "subject" | "message";
const FIELDS: readonly Field[] = ["to", "subject", "message"];

interface Props {
  colleagues: User[] | undefined; // active colleagues, undefined while loading
  colleaguesError: unknown;
  onSent: () => void;
}

export function MailForm({ colleagues, colleaguesError, onSent }: Props) {
  const id = useId();
  const [toAll, setToAll] = useState(true);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [subject, setSubject] = useState("");
  const [message, setMessage] = useState("");
  const [checks, setChecks] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ sent: number; skipped: string[] } | null>(null);

  const server = placeError(error, FIELDS);
  const fieldError = (f: Field) => checks[f] ?? server.fields[f];

  function toggle(userId: number, on: boolean) {
    setChosen((s) => {
      const next = new Set(s);
      if (on) next.add(userId);
      else next.delete(userId);
      return next;
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!toAll && chosen.size === 0) found.to = "Choose at least one person.";
    if (!subject.trim()) found.subject = "Write a subject.";
    if (!message.trim()) found.message = "Write a message.";
    setChecks(found);
    setError(null);
    setResult(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const accepted = await sendMail({ to: toAll ? "all" : [...chosen], subject, message });
      const byId = new Map((colleagues ?? []).map((u) => [u.id, u.name]));
      setResult({
        sent: accepted.message_ids.length,
        skipped: accepted.skipped_user_ids.map((u) => byId.get(u) ?? `Person #${u}`),
      });
      setSubject("");
      setMessage("");
      setChosen(new Set());
      setToAll(true);
      onSent();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  }

  const toError = fieldError("to");
  return (
    <section className="card mail-compose" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Email your staff</h2>
      {result && (
        <Notice>
          Sent to {people(result.sent)}.
          {result.skipped.length > 0 &&
            ` Not sent to ${listNames(result.skipped)}: they turned off non-essential email.`}
        </Notice>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="mail-compose__to" aria-describedby={toError ? `${id}-to-error` : undefined}>
          <legend>To</legend>
          <label className="checkbox">
            <input type="radio" name={`${id}-to`} checked={toAll} onChange={() => setToAll(true)} />
            Everyone{colleagues ? ` (${people(colleagues.length)})` : ""}
          </label>
          <label className="checkbox">
            <input type="radio" name={`${id}-to`} checked={!toAll} onChange={() => setToAll(false)} />
            Chosen people
          </label>
          {!toAll && (
            <Recipients colleagues={colleagues} error={colleaguesError} chosen={chosen} onToggle={toggle} />
          )}
          {toError && <p className="field__error" id={`${id}-to-error`}>{toError}</p>}
        </fieldset>
        <TextField label="Subject" value={subject} maxLength={200} error={fieldError("subject")}
          onChange={(e) => setSubject(e.target.value)} />
        <TextAreaField label="Message" value={message} maxLength={10000} rows={6} error={fieldError("message")}
          hint="Plain text. Everyone gets their own email." onChange={(e) => setMessage(e.target.value)} />
        <ErrorMessage error={server.page} />
        <button type="submit" className="button" disabled={busy}>{busy ? "Sending…" : "Send"}</button>
      </form>
    </section>
  );
}

function Recipients({ colleagues, error, chosen, onToggle }: {
  colleagues: User[] | undefined; error: unknown; chosen: Set<number>; onToggle: (id: number, on: boolean) => void;
}) {
  if (error) return <ErrorMessage error={error} />;
  if (!colleagues) return <Loading label="Loading colleagues" lines={3} />;
  return (
    <fieldset className="mail-compose__people">
      <legend className="visually-hidden">People to email</legend>
      {colleagues.map((u) => (
        <label key={u.id} className="checkbox">
          <input type="checkbox" checked={chosen.has(u.id)} onChange={(e) => onToggle(u.id, e.target.checked)} />
          <span>
            {u.name}
            {u.position && <span className="muted"> · {u.position}</span>}
            {u.email_notifications === false && <span className="muted"> (turned off non-essential email)</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
