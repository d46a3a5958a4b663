// A person's weekly pattern: for each weekday a start and end time (both empty: a day off) over a
// range of dates. New patterns are POSTed; choosing "Change this pattern" loads the person's
// latest one and PUT replaces it.
import { useId, useState, type FormEvent } from "react";

import { createPattern, replacePattern } from "../../api/endpoints";
import { WEEKDAYS, type Days, type Schedule, type Weekday, type WeeklyPattern, type WeeklyPatternInput } from "../../api/types";
import { ErrorMessage, SelectField, TextField } from "../../components/ui";
import { NO_ERRORS } from "../../lib/formErrors";
import { addDays } from "../../lib/time";
import { clockLabel, datesLabel, overlapMessage, weekdaysFrom, weekdayShort } from "./model";
import { useSave } from "./useSave";

type Times = Record<Weekday, { start: string; end: string }>;

const capital = (day: Weekday) => day.charAt(0).toUpperCase() + day.slice(1);

const FIELDS = [
  "user_id", "start_date", "end_date", "position", "days",
  ...WEEKDAYS.flatMap((d) => [`days.${d}`, `days.${d}.start`, `days.${d}.end`]),
];
const WORDS: Record<string, string> = {
  user_id: "the employee", start_date: "the first day", end_date: "the last day",
  ...Object.fromEntries(WEEKDAYS.flatMap((d) => [[`days.${d}.start`, `${capital(d)}'s start`], [`days.${d}.end`, `${capital(d)}'s end`]])),
};


function timesOf(days: Days | null): Times {
  const times = {} as Times;
  for (const d of WEEKDAYS) times[d] = { start: days?.[d]?.start ?? "", end: days?.[d]?.end ?? "" };
  return times;
}

// "Mon 8:00 AM–4:00 PM, Thu 10:00 PM–6:00 AM"
function daysSummary(days: Days, order: Weekday[]): string {
  return order.flatMap((d) => {
    const t = days[d];
    return t ? [`${weekdayShort(d)} ${clockLabel(t.start)}–${clockLabel(t.end)}`] : [];
  }).join(", ");
}

interface PatternFormProps {
  schedule: Schedule;
  weekStart: Weekday;
  defaultStart: string;
  onDone(message: string): void;
  onCancel(): void;
}

export function PatternForm({ schedule, weekStart, defaultStart, onDone, onCancel }: PatternFormProps) {
  const order = weekdaysFrom(weekStart);
  const daysErrorId = useId();
  const [userId, setUserId] = useState("");
  const [replacing, setReplacing] = useState<WeeklyPattern | null>(null);
  const [startDate, setStartDate] = useState(defaultStart);
  const [endDate, setEndDate] = useState(addDays(defaultStart, 27));
  const [times, setTimes] = useState<Times>(() => timesOf(null));
  const [position, setPosition] = useState("");
  const { errors, setErrors, busy, save } = useSave(schedule, FIELDS, WORDS, onDone);

  const employee = schedule.employees.find((e) => String(e.id) === userId);
  const latest = employee?.latest_pattern ?? null;
  const setTime = (day: Weekday, which: "start" | "end", value: string) =>
    setTimes((t) => ({ ...t, [day]: { ...t[day], [which]: value } }));

  function choose(id: string) {
    setUserId(id);
    setReplacing(null);
    setErrors(NO_ERRORS);
  }

  function load(pattern: WeeklyPattern | null) {
    setReplacing(pattern);
    setErrors(NO_ERRORS);
    if (pattern) {
      setStartDate(pattern.start_date);
      setEndDate(pattern.end_date);
      setTimes(timesOf(pattern.days));
      setPosition(pattern.position);
    }
  }

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!userId) found.user_id = "Choose the employee.";
    if (!startDate) found.start_date = "Enter the first day.";
    if (!endDate) found.end_date = "Enter the last day.";
    let anyDay = false;
    for (const d of WEEKDAYS) {
      const { start, end } = times[d];
      if (start && end) {
        anyDay = true;
        if (start === end) found[`days.${d}.end`] = "The end must differ from the start.";
      } else if (start) {
        found[`days.${d}.end`] = "Enter the end time too, or neither for a day off.";
      } else if (end) {
        found[`days.${d}.start`] = "Enter the start time too, or neither for a day off.";
      }
    }
    if (!anyDay && Object.keys(found).every((k) => !k.startsWith("days."))) found.days = "Enter the times of at least one day.";
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const name = employee?.name ?? "The employee";
    void save(check(), async () => {
      const days: Days = {};
      for (const d of order) if (times[d].start) days[d] = { ...times[d] };
      const input: WeeklyPatternInput = { user_id: Number(userId), start_date: startDate, end_date: endDate, days };
      if (position.trim()) input.position = position.trim();
      const saved = replacing ? await replacePattern(replacing.id, input) : await createPattern(input);
      const count = saved.shift_count === 1 ? "1 shift" : `${saved.shift_count} shifts`;
      return `${name}'s weekly pattern is saved: ${count} created.`;
    }, (conflict) => `${overlapMessage(name, conflict, schedule.time_zone, null)} Nothing was saved.`);
  }

  const fieldError = (name: string) => errors.fields[name];
  return (
    <form className="pattern-form" onSubmit={submit} noValidate>
      <ErrorMessage error={errors.page} />
      <SelectField label="Employee" value={userId} onChange={(e) => choose(e.target.value)} error={fieldError("user_id")}>
        <option value="">Choose…</option>
        {schedule.employees.map((e) => <option key={e.id} value={String(e.id)}>{e.name}</option>)}
      </SelectField>
      {latest && !replacing && (
        <div className="pattern-latest">
          <p>
            <strong>Latest pattern</strong>, {datesLabel(latest.start_date, latest.end_date)}:{" "}
            {daysSummary(latest.days, order)}{latest.position && ` (${latest.position})`}
          </p>
          <button type="button" className="button button--secondary button--small" onClick={() => load(latest)}>
            Change this pattern
          </button>
        </div>
      )}
      {replacing && (
        <div className="pattern-latest">
          <p>
            Changing the pattern of {datesLabel(replacing.start_date, replacing.end_date)}. Saving replaces it: its shifts
            that have not started are made again; past shifts stay.
          </p>
          <button type="button" className="button button--secondary button--small" onClick={() => load(null)}
            autoFocus>
            Make a new pattern instead
          </button>
        </div>
      )}
      <div className="form-row">
        <TextField label="First day" type="date" required value={startDate} onChange={(e) => setStartDate(e.target.value)}
          error={fieldError("start_date")} />
        <TextField label="Last day" type="date" required value={endDate} onChange={(e) => setEndDate(e.target.value)}
          error={fieldError("end_date")} />
      </div>
      <fieldset className="pattern-days" aria-describedby={fieldError("days") ? daysErrorId : undefined}>
        <legend>Working times</legend>
        <p className="field__hint">Leave both times empty for a day off. An end earlier than the start ends the next day.</p>
        {fieldError("days") && <p className="field__error" id={daysErrorId}>{fieldError("days")}</p>}
        <div className="pattern-days__head" aria-hidden="true"><span /><span>Start</span><span>End</span></div>
        {order.map((d) => (
          <fieldset key={d} className="pattern-day">
            <legend>{capital(d)}</legend>
            <TextField label="Start" type="time" value={times[d].start} onChange={(e) => setTime(d, "start", e.target.value)}
              error={fieldError(`days.${d}.start`) ?? fieldError(`days.${d}`)} />
            <TextField label="End" type="time" value={times[d].end} onChange={(e) => setTime(d, "end", e.target.value)}
              error={fieldError(`days.${d}.end`)} />
          </fieldset>
        ))}
      </fieldset>
      <TextField label="Position (optional)" value={position} maxLength={100} onChange={(e) => setPosition(e.target.value)}
        error={fieldError("position")}
        hint={employee?.position ? `Empty: ${employee.name}'s position, ${employee.position}.` : "Empty: the employee's position."} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>{replacing ? "Replace pattern" : "Create pattern"}</button>
        <button type="button" className="button button--secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
