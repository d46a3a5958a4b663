// Outbox messages as the API answers them, for the Mail page's tests.
import type { OutboxMessage } from "../../api/types";

export function message(id: number, fields: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id, kind: "announcement", to: "grace@example.com", recipient_user_id: 7, subject: `Message ${id}`,
    status: "sent", attempts: 1, last_error: null, created_at: "2026-03-20T09:15:00Z", next_attempt_at: null,
    sent_at: "2026-03-20T09:15:04Z", body: "kept", ...fields,
  };
}

export const sent = message(43, { kind: "shift_changed", subject: "Your shift on Monday changed" });
export const dead = message(42, {
  kind: "invitation", to: "new@example.com", recipient_user_id: null, subject: "You are invited to Café Central",
  status: "dead", attempts: 8, last_error: "550 mailbox unavailable", sent_at: null,
});
export const waiting = message(41, {
  subject: "Staff meeting on Friday", status: "pending", attempts: 2, last_error: "connection refused",
  sent_at: null, next_attempt_at: "2026-03-20T09:40:00Z",
});
