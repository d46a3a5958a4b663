// The role rules of docs/API.md ("Roles"), so that the page offers only what the server allows.
// The server stays the judge: whatever it refuses is shown in its own words.
import type { Role } from "../../api/types";

export const ROLE_LABEL: Record<Role, string> = { owner: "Owner", manager: "Manager", employee: "Employee" };

const ALL_ROLES: readonly Role[] = ["employee", "manager", "owner"];

// Roles `actor` may invite with: owners any, managers employees and managers.
export function invitableRoles(actor: Role): Role[] {
  if (actor === "owner") return [...ALL_ROLES];
  if (actor === "manager") return ["employee", "manager"];
  return [];
}

// Whether `actor` may change or remove someone whose role is `target` (not oneself).
export function mayManage(actor: Role, target: Role): boolean {
  return actor === "owner" || (actor === "manager" && target !== "owner");
}

// The roles `actor` may choose between for a person now holding `target`, the current one
// included; empty when the role cannot be changed at all (then `whyRoleFixed` says why).
export function assignableRoles(actor: Role, target: Role, self: boolean): Role[] {
  if (self || !mayManage(actor, target)) return [];
  if (actor === "owner") return [...ALL_ROLES];
  return target === "employee" ? ["employee", "manager"] : [];
}

export function whyRoleFixed(actor: Role, target: Role, self: boolean): string {
  if (self) return "Nobody changes their own role.";
  if (actor === "manager" && target === "manager") return "Only an owner can change a manager's role.";
  return "Only an owner can change this person's role.";
}
