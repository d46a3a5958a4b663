// People and invitations as the API answers them, for the Team page's tests.
import type { Invitation, InvitationCreated, User } from "../../api/types";

const base = { active: true, picture_url: null, created_at: "2026-03-01T09:00:00Z" } as const;

export const ada: User = { ...base, id: 1, name: "Ada Lovelace", position: "Owner", role: "owner", email: "ada@example.com", email_notifications: true };
export const ben: User = { ...base, id: 2, name: "Ben Manager", position: "Shift lead", role: "manager", email: "ben@example.com", email_notifications: true };
export const grace: User = { ...base, id: 7, name: "Grace Hopper", position: "Barista", role: "employee", email: "grace@example.com", email_notifications: true, picture_url: "/api/v1/users/7/picture?v=3" };
export const oscar: User = { ...base, id: 9, name: "Oscar Owner", position: "", role: "owner", email: "oscar@example.com", email_notifications: false };
export const linus: User = { ...base, id: 11, name: "Linus Gone", position: "Waiter", role: "employee", email: "linus@example.com", email_notifications: true, active: false };

// What an employee sees of others: no email.
export function asSeenByEmployee(user: User): User {
  const { email: _email, email_notifications: _n, ...rest } = user;
  return rest;
}

export const pending: Invitation = {
  id: 3, email: "new@example.com", role: "employee", position: "Waiter", invited_by: 1,
  created_at: "2026-03-20T09:15:00Z", expires_at: "2026-03-27T09:15:00Z",
};

export const created: InvitationCreated = {
  id: 4, email: "sam@example.com", role: "manager", position: "Cook", invited_by: 2,
  created_at: "2026-03-21T10:00:00Z", expires_at: "2026-03-28T10:00:00Z",
  token: "q3J9Xr0b5m3v8cY2kF1tLwZpA7sN4dHeUiGoBjKlMnQ",
  link: "https://shifts.example.com/register?invitation=q3J9Xr0b5m3v8cY2kF1tLwZpA7sN4dHeUiGoBjKlMnQ",
};
