// The API's shapes, by the names the app uses, all taken from docs/openapi.json: schema.d.ts is
// generated from it by openapi-typescript at every build (npm run gen:api), so a change of the
// contract that the app does not follow fails `tsc`. Nothing here is written by hand but names.
// Instants are RFC 3339 strings in UTC; dates are YYYY-MM-DD in the organisation's zone; clock
// times are HH:MM local.
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Role = Schemas["Role"];
export type Weekday = Schemas["Weekday"];

export type User = Schemas["User"];
export type UserList = Schemas["UserList"];
export type Organization = Schemas["Organization"];
export type Session = Schemas["Session"];
export type RegisterInput = Schemas["RegisterInput"];
export type MePatch = Schemas["MePatch"];
export type UserPatch = Schemas["UserPatch"];

// How emails write dates and times.
export type Locale = Schemas["Locale"];
export type OrganizationPatch = Schemas["OrganizationPatch"];
// What the join page shows before anything is typed.
export type InvitationPreview = Schemas["InvitationPreview"];

export type Invitation = Schemas["Invitation"];
export type InvitationCreated = Schemas["InvitationCreated"];
export type InvitationInput = Schemas["InvitationInput"];
export type InvitationList = Schemas["InvitationList"];

export type Shift = Schemas["Shift"];
export type ShiftInput = Schemas["ShiftInput"];
export type ShiftPatch = Schemas["ShiftPatch"];
export type ShiftList = Schemas["ShiftList"];

// A day's times; an end earlier than the start means the shift ends the next day.
export type DayTimes = Schemas["DayTimes"];
export type Days = Schemas["Days"];
export type WeeklyPattern = Schemas["WeeklyPattern"];
export type WeeklyPatternWithCount = Schemas["WeeklyPatternWithCount"];
export type WeeklyPatternInput = Schemas["WeeklyPatternInput"];
export type WeeklyPatternList = Schemas["WeeklyPatternList"];

// `ScheduleDay.hours` is 23 or 25 on daylight-saving days; `ScheduleEmployee.days` holds 7 lists,
// one per day of the week, by start.
export type ScheduleDay = Schemas["ScheduleDay"];
export type ScheduleEmployee = Schemas["ScheduleEmployee"];
export type Schedule = Schemas["Schedule"];

export type EmailKind = Schemas["EmailKind"];
export type OutboxStatus = Schemas["OutboxStatus"];
export type OutboxMessage = Schemas["OutboxMessage"];
export type MailPage = Schemas["MailPage"];
export type MailRequest = Schemas["MailRequest"];
export type MailAccepted = Schemas["MailAccepted"];

// RFC 9457 problem details, as every 4xx/5xx answer carries.
export type Problem = Schemas["Problem"];

// The weekdays from Monday. `satisfies` keeps the list complete: a weekday added to or renamed in
// the contract fails `tsc` here.
export const WEEKDAYS = [
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
] as const satisfies readonly Weekday[];
type Missing = Exclude<Weekday, (typeof WEEKDAYS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;
