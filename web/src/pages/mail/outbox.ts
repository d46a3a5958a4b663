// The outbox as the Mail page shows it: plain words for each kind of email, and how a fresh
// first page joins the pages already loaded.
import type { EmailKind, MailPage, OutboxMessage, OutboxStatus } from "../../api/types";

const KIND_LABEL: Record<EmailKind, string> = {
  invitation: "Invitation",
  welcome: "Welcome",
  security_notice: "Security notice",
  shift_assigned: "Shift assigned",
  shift_changed: "Shift changed",
  shift_cancelled: "Shift cancelled",
  pattern_assigned: "Weekly pattern",
  announcement: "Announcement",
  password_reset: "Password reset",
};

// Why the outbox no longer holds a message's text, in plain words (null while it does).
export function bodyNote(message: OutboxMessage): string | null {
  if (message.body === "redacted") return "Link removed after delivery";
  if (message.body === "purged") return "Text deleted after the retention period";
  return null;
}

// Plain words for a kind; a kind this app does not know yet reads "Some new kind".
export function kindLabel(kind: string): string {
  const known = KIND_LABEL[kind as EmailKind];
  if (known) return known;
  const words = kind.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const STATUS_LABEL: Record<OutboxStatus, string> = { pending: "Pending", sent: "Sent", dead: "Failed" };

// The loaded part of the outbox: newest first; `nextCursor` is null when nothing older is left.
export interface Loaded {
  messages: OutboxMessage[];
  nextCursor: string | null;
}

export function fromPage(page: MailPage): Loaded {
  return { messages: page.messages, nextCursor: page.next_cursor };
}

// `loaded` brought up to date by a fresh first page. The fresh page replaces what it covers;
// older messages already loaded stay (with their place to continue from), unless the fresh page
// does not reach them (more than a page arrived meanwhile): then it starts over from the fresh page.
export function mergeNewest(loaded: Loaded, fresh: MailPage): Loaded {
  const last = fresh.messages[fresh.messages.length - 1];
  if (fresh.next_cursor === null || !last) return fromPage(fresh);
  const reaches = loaded.messages.some((m) => m.id >= last.id);
  if (!reaches) return fromPage(fresh);
  return { messages: [...fresh.messages, ...loaded.messages.filter((m) => m.id < last.id)], nextCursor: loaded.nextCursor };
}

// `loaded` followed by an older page (messages already shown are not repeated).
export function appendOlder(loaded: Loaded, older: MailPage): Loaded {
  const seen = new Set(loaded.messages.map((m) => m.id));
  return { messages: [...loaded.messages, ...older.messages.filter((m) => !seen.has(m.id))], nextCursor: older.next_cursor };
}

export function replaceMessage(loaded: Loaded, message: OutboxMessage): Loaded {
  return { ...loaded, messages: loaded.messages.map((m) => (m.id === message.id ? message : m)) };
}
