// One function per API operation the web app uses (docs/openapi.json operationIds in comments).
import { request } from "./client";
import type {
  InvitationCreated, InvitationInput, InvitationList, InvitationPreview, MailAccepted, MailPage, MailRequest, MePatch,
  Organization, OrganizationPatch, OutboxMessage, RegisterInput, Schedule, Session, Shift, ShiftInput, ShiftList,
  ShiftPatch, User, UserList, UserPatch, WeeklyPatternInput, WeeklyPatternList, WeeklyPatternWithCount,
} from "./types";

// register: JSON, or a sign-up form with a picture (nested fields named "organization.name").
export function register(input: RegisterInput, picture?: Blob | null): Promise<Session> {
  if (!picture) return request<Session>("POST", "/auth/register", { body: input });
  const form = new FormData();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (key === "organization" && value && typeof value === "object") {
      for (const [inner, innerValue] of Object.entries(value)) {
        if (innerValue !== undefined) form.append(`organization.${inner}`, String(innerValue));
      }
    } else {
      form.append(key, String(value));
    }
  }
  form.append("picture", picture, "picture");
  return request<Session>("POST", "/auth/register", { form });
}

export const login = (email: string, password: string) =>
  request<Session>("POST", "/auth/login", { body: { email, password } });
export const logout = () => request<void>("POST", "/auth/logout", { renew: false });
// Password reset: the same answer whether or not the email belongs to anyone.
export const requestPasswordReset = (email: string) =>
  request<{ message: string }>("POST", "/auth/password-reset", { body: { email } });
export const confirmPasswordReset = (token: string, password: string) =>
  request<void>("POST", "/auth/password-reset/confirm", { body: { token, password } });
// A manager or owner emails a colleague a reset link; they never see it.
export const sendPasswordReset = (userId: number) =>
  request<{ expires_at: string }>("POST", `/users/${userId}/password-reset`);

export const getMe = () => request<User>("GET", "/me");
export const updateMe = (patch: MePatch) => request<User>("PATCH", "/me", { body: patch });
export const putMyPicture = (picture: Blob) =>
  request<User>("PUT", "/me/picture", { raw: { data: picture, type: picture.type || "image/jpeg" } });
export const deleteMyPicture = () => request<User>("DELETE", "/me/picture");

// Every item of a paged list (docs/API.md, "Paged lists"): asks for the largest pages and follows
// next_cursor until it is null (or absent), for views that show the whole list.
async function listAll<L extends { next_cursor?: string | null }, K extends keyof L>(
  path: string, key: K, query: Query = {},
): Promise<L> {
  let all: L | undefined;
  let cursor: string | undefined;
  for (;;) {
    const page: L = await request<L>("GET", path, { query: { ...query, limit: MAX_PAGE, cursor } });
    if (all === undefined) all = page;
    else (all[key] as unknown[]).push(...(page[key] as unknown[]));
    if (!page.next_cursor) return { ...all, next_cursor: null };
    cursor = page.next_cursor;
  }
}
type Query = Record<string, string | number | boolean | undefined>;
const MAX_PAGE = 500;

export const listUsers = (includeInactive = false) =>
  listAll<UserList, "users">("/users", "users", { include_inactive: includeInactive });
export const updateUser = (id: number, patch: UserPatch) => request<User>("PATCH", `/users/${id}`, { body: patch });
export const deleteUser = (id: number) => request<void>("DELETE", `/users/${id}`);
export const putUserPicture = (id: number, picture: Blob) =>
  request<User>("PUT", `/users/${id}/picture`, { raw: { data: picture, type: picture.type || "image/jpeg" } });
export const deleteUserPicture = (id: number) => request<User>("DELETE", `/users/${id}/picture`);

export const getOrganization = () => request<Organization>("GET", "/organization");
export const updateOrganization = (patch: OrganizationPatch) =>
  request<Organization>("PATCH", "/organization", { body: patch });

export const createInvitation = (input: InvitationInput) =>
  request<InvitationCreated>("POST", "/invitations", { body: input });
export const listInvitations = () => listAll<InvitationList, "invitations">("/invitations", "invitations");
export const deleteInvitation = (id: number) => request<void>("DELETE", `/invitations/${id}`);
// lookupInvitation: public; the token from the invitation link.
export const lookupInvitation = (token: string, signal?: AbortSignal) =>
  request<InvitationPreview>("GET", "/invitations/lookup", { query: { token }, signal });

// getSchedule: the week containing `week` (YYYY-MM-DD in the organisation's zone), or this week.
export const getSchedule = (week?: string, signal?: AbortSignal) =>
  request<Schedule>("GET", "/schedule", { query: { week }, signal });

export const listShifts = (from: string, to: string, userId?: number) =>
  listAll<ShiftList, "shifts">("/shifts", "shifts", { from, to, user_id: userId });
export const createShift = (input: ShiftInput) => request<Shift>("POST", "/shifts", { body: input });
export const updateShift = (id: number, patch: ShiftPatch) => request<Shift>("PATCH", `/shifts/${id}`, { body: patch });
export const deleteShift = (id: number) => request<void>("DELETE", `/shifts/${id}`);

export const listPatterns = (userId?: number) =>
  request<WeeklyPatternList>("GET", "/patterns", { query: { user_id: userId } });
export const createPattern = (input: WeeklyPatternInput) =>
  request<WeeklyPatternWithCount>("POST", "/patterns", { body: input });
export const replacePattern = (id: number, input: WeeklyPatternInput) =>
  request<WeeklyPatternWithCount>("PUT", `/patterns/${id}`, { body: input });
export const deletePattern = (id: number) => request<void>("DELETE", `/patterns/${id}`);

export const sendMail = (input: MailRequest) => request<MailAccepted>("POST", "/mail", { body: input });
// One page of the outbox, newest first: the Mail page loads older pages on request.
export const listMail = (cursor?: string, limit = 50) =>
  request<MailPage>("GET", "/mail", { query: { cursor, limit } });
export const retryMail = (id: number) => request<OutboxMessage>("POST", `/mail/${id}/retry`);
