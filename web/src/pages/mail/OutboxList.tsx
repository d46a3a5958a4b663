// The outbox, newest first: a table on wide screens, cards on phones. Failed (dead) messages
// show their last error and a Retry button.
import { useState } from "react";

import type { OutboxMessage } from "../../api/types";
import { EmptyState, ErrorMessage, Loading } from "../../components/ui";
import { formatDateTime } from "../../lib/time";
import { bodyNote, kindLabel, STATUS_LABEL } from "./outbox";
import type { Outbox } from "./useOutbox";

const STATUS_BADGE = { pending: "badge", sent: "badge badge--ok", dead: "badge badge--danger" } as const;

export function OutboxList({ outbox, zone }: { outbox: Outbox; zone: string }) {
  const [retrying, setRetrying] = useState<number | null>(null);
  const [retryError, setRetryError] = useState<unknown>(null);
  const { loaded, busy, failure } = outbox;

  async function retry(message: OutboxMessage) {
    setRetrying(message.id);
    setRetryError(null);
    try {
      await outbox.retry(message.id);
    } catch (e) {
      setRetryError(e);
    }
    setRetrying(null);
  }

  return (
    <section aria-labelledby="outbox-title" aria-busy={busy !== null}>
      <div className="mail-outbox__head">
        <h2 id="outbox-title">Outbox</h2>
        <button type="button" className="button button--secondary button--small" disabled={busy !== null}
          onClick={() => void outbox.refresh()}>
          {busy === "refresh" && loaded ? "Refreshing…" : "Refresh"}
        </button>
      </div>
      <p className="muted mail-outbox__zone">Times in {zone}.</p>
      <ErrorMessage error={retryError} />
      <ErrorMessage error={failure?.during === "refresh" ? failure.error : null} />
      {!loaded ? (
        !failure && <Loading label="Loading the outbox" lines={6} />
      ) : loaded.messages.length === 0 ? (
        <EmptyState title="No email yet">Invitations, shift notices and your messages appear here.</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--cards mail-table">
              <caption className="visually-hidden">Email sent by Shift-Sync, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {loaded.messages.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <span className="mail-table__kind">{kindLabel(m.kind)}</span>
                      <span className="mail-table__subject">{m.subject}</span>
                      {bodyNote(m) && <span className="mail-table__note muted">{bodyNote(m)}</span>}
                    </td>
                    <td data-label="To" className="mail-table__to">{m.to}</td>
                    <td data-label="Status">
                      <span className={STATUS_BADGE[m.status]}>{STATUS_LABEL[m.status]}</span>
                      {m.status === "dead" && m.last_error && <span className="mail-table__error">{m.last_error}</span>}
                      {m.status === "dead" && (
                        <button type="button" className="button button--secondary button--small mail-table__retry"
                          aria-label={`Retry “${m.subject}” to ${m.to}`} disabled={retrying !== null}
                          onClick={() => void retry(m)}>
                          {retrying === m.id ? "Retrying…" : "Retry"}
                        </button>
                      )}
                    </td>
                    <td data-label="Attempts">{m.attempts}</td>
                    <td data-label="When"><When message={m} zone={zone} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mail-outbox__more">
            <ErrorMessage error={failure?.during === "older" ? failure.error : null} />
            {loaded.nextCursor !== null ? (
              <button type="button" className="button button--secondary" disabled={busy !== null}
                onClick={() => void outbox.loadOlder()}>
                {busy === "older" ? "Loading…" : "Load older"}
              </button>
            ) : (
              <p className="muted">That is all.</p>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function When({ message, zone }: { message: OutboxMessage; zone: string }) {
  const at = (label: string, instant: string) => (
    <span className="mail-table__when">{label} <time dateTime={instant}>{formatDateTime(instant, zone)}</time></span>
  );
  return (
    <>
      {at("Queued", message.created_at)}
      {message.sent_at && at("Sent", message.sent_at)}
      {message.status === "pending" && message.next_attempt_at && at("Next try", message.next_attempt_at)}
    </>
  );
}
