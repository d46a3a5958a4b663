// The API's shapes, as docs/openapi.json describes them. Instants are RFC 3339 strings in UTC;
// dates are YYYY-MM-DD in the organisation's zone; clock times are HH:MM local.

export type Role = "owner" | "manager" | "employee";
export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
export const WEEKDAYS: readonly Weekday[] = [
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

export interface User {
  id: number;
  name: string;
  email?: string;
  email_notifications?: boolean;
  position: string;
  role: Role;
  active: boolean;
  picture_url: string | null;
  created_at: string;
}

export interface Organization {
  id: number;
  name: string;
  time_zone: string;
  week_start: Weekday;
}

export interface Session {
  token: string;
  expires_at: string;
  user: User;
  organization: Organization;
}

export interface NewOrganization {
  name: string;
  time_zone: string;
  week_start?: Weekday;
}

export interface RegisterInput {
  name: string;
  email: string;
  password: string;
  position?: string;
  organization?: NewOrganization;
  invitation?: string;
}

export interface MePatch {
  name?: string;
  position?: string;
  email?: string;
  password?: string;
  current_password?: string;
  email_notifications?: boolean;
}

export interface UserPatch {
  name?: string;
  position?: string;
  role?: Role;
  active?: boolean;
}

export interface Invitation {
  id: number;
  email: string;
  role: Role;
  position: string;
  invited_by: number;
  created_at: string;
  expires_at: string;
}

export interface InvitationCreated extends Invitation {
  token: string;
  link: string;
}

export interface InvitationInput {
  email: string;
  role: Role;
  position?: string;
}

export interface Shift {
  id: number;
  user_id: number | null;
  start: string;
  end: string;
  position: string;
  note: string;
  pattern_id: number | null;
}

export interface ShiftInput {
  user_id: number | null;
  start: string;
  end: string;
  position?: string;
  note?: string;
}

export type ShiftPatch = Partial<ShiftInput>;

export interface DayTimes {
  start: string; // HH:MM
  end: string; // HH:MM; earlier than start means the shift ends the next day
}

export type Days = Partial<Record<Weekday, DayTimes | null>>;

export interface WeeklyPattern {
  id: number;
  user_id: number;
  start_date: string;
  end_date: string;
  days: Days;
  position: string;
  created_at: string;
}

export interface WeeklyPatternWithCount extends WeeklyPattern {
  shift_count: number;
}

export interface WeeklyPatternInput {
  user_id: number;
  start_date: string;
  end_date: string;
  days: Days;
  position?: string;
}

export interface ScheduleDay {
  date: string;
  start: string;
  end: string;
  hours: number; // 23 or 25 on daylight-saving days
}

export interface ScheduleEmployee {
  id: number;
  name: string;
  position: string;
  role: Role;
  picture_url: string | null;
  days: Shift[][]; // 7 lists, one per day of the week, by start
  hours: number;
  latest_pattern: WeeklyPattern | null;
}

export interface Schedule {
  week_start: string;
  time_zone: string;
  days: ScheduleDay[];
  employees: ScheduleEmployee[];
  open_shifts: Shift[][];
}

export type EmailKind =
  | "invitation" | "welcome" | "security_notice" | "shift_assigned" | "shift_changed" | "shift_cancelled"
  | "pattern_assigned" | "announcement";
export type OutboxStatus = "pending" | "sent" | "dead";

export interface OutboxMessage {
  id: number;
  kind: EmailKind;
  to: string;
  recipient_user_id: number | null;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string | null;
  sent_at: string | null;
}

export interface MailPage {
  messages: OutboxMessage[];
  next_cursor: string | null;
}

export interface MailRequest {
  to: "all" | number[];
  subject: string;
  message: string;
}

export interface MailAccepted {
  message_ids: number[];
  skipped_user_ids: number[];
}

// RFC 9457 problem details, as every 4xx/5xx answer carries.
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  field?: string;
  conflicting_shift_id?: number;
}
