// The schedule: one week of everybody's shifts (the week lives in the URL, ?week=YYYY-MM-DD).
// Managers and owners add, change and delete shifts from the grid and give weekly patterns;
// employees see the same grid read-only. Phones show the week as a list by day instead (DayList).
// A week that fails to load shows the failure in the grid's place (never the previous week under
// the new week's heading); an organisation of its owner alone is shown its first step instead.
import { useCallback, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";

import { getSchedule } from "../../api/endpoints";
import type { Schedule, Shift } from "../../api/types";
import { useSignedIn } from "../../app/session";
import { Dialog, EmptyState, ErrorMessage, Loading, Notice, PageHeader } from "../../components/ui";
import { today } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { useMediaQuery } from "../../lib/useMediaQuery";
import { DayList } from "./DayList";
import { isDate, thisWeekStart, weekdayOf, weekStartOf } from "./model";
import { PatternForm } from "./PatternForm";
import { ShiftEditor, type Editing } from "./ShiftEditor";
import { WeekGrid } from "./WeekGrid";
import { WeekNav } from "./WeekNav";
import "./schedule.css";

// Where the week becomes a list by day: the same width as schedule.css's media queries. The
// stylesheet shows one view; this spares rendering the hidden one (a 200-person grid is 1400 cells).
const PHONE = "(max-width: 639.98px)";

export default function SchedulePage() {
  const { me, organization, isManager } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const asked = params.get("week");
  const week = isDate(asked) ? asked : undefined;
  const { data: schedule, error, loading, reload } = useLoad((signal) => getSchedule(week, signal), [week]);

  const zone = schedule?.time_zone ?? organization.time_zone;
  // The week the server answered starts on the organisation's first day as it is now; the session's
  // copy of the organisation is as it was at sign-in.
  const firstDay = schedule ? weekdayOf(schedule.week_start) : organization.week_start;
  const weekStart = week ? weekStartOf(week, firstDay) : (schedule?.week_start ?? thisWeekStart(new Date(), zone, firstDay));

  const [editing, setEditing] = useState<Editing | null>(null);
  const [patternOpen, setPatternOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [showEmptyWeek, setShowEmptyWeek] = useState(false);

  const go = useCallback((date: string) => {
    setNotice(null);
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set("week", weekStartOf(date, firstDay));
      return next;
    });
  }, [setParams, firstDay]);
  const onAdd = useCallback((userId: number | null, date: string) => setEditing({ kind: "new", userId, date }), []);
  const onEdit = useCallback((shift: Shift) => setEditing({ kind: "edit", shift }), []);
  const done = (message: string) => {
    setEditing(null);
    setPatternOpen(false);
    setNotice(message);
    reload();
  };

  const todayDate = today(zone);
  const phone = useMediaQuery(PHONE); // null: unknown, both rendered
  return (
    <div className="schedule-page">
      <PageHeader title="Schedule">
        {isManager && schedule && (
          <button type="button" className="button" onClick={() => { setNotice(null); setPatternOpen(true); }}>
            Weekly pattern
          </button>
        )}
      </PageHeader>
      <WeekNav weekStart={weekStart} onGo={go} onToday={() => go(thisWeekStart(new Date(), zone, firstDay))} />
      <p className="schedule-page__zone muted">Times in {zone}</p>
      {notice && <Notice>{notice}</Notice>}
      {error != null ? (
        <div className="schedule-page__error">
          <ErrorMessage error={error} />
          <button type="button" className="button button--secondary button--small" onClick={reload}
            disabled={loading}>Try again</button>
        </div>
      ) : schedule && isManager && !showEmptyWeek && aloneIn(schedule, me.id) ? (
        <EmptyState title="Invite your team">
          <p>Nobody else is in {organization.name} yet. Invite the people you plan shifts for: they appear here
            as rows, one per person, as soon as they join.</p>
          <p className="schedule-page__first-step">
            <Link className="button" to="/team">Invite your team</Link>
            <button type="button" className="button button--secondary" onClick={() => setShowEmptyWeek(true)}>
              Plan the week anyway
            </button>
          </p>
        </EmptyState>
      ) : schedule ? (
        <>
          {phone !== true &&
            <WeekGrid schedule={schedule} meId={me.id} canEdit={isManager} busy={loading} onAdd={onAdd} onEdit={onEdit} />}
          {phone !== false &&
            <DayList schedule={schedule} meId={me.id} canEdit={isManager} busy={loading} onAdd={onAdd} onEdit={onEdit} />}
        </>
      ) : (
        <div className="sched-scroll sched-scroll--placeholder"><Loading label="Loading the schedule" lines={8} /></div>
      )}
      {isManager && schedule && (
        <>
          <Dialog title={editing?.kind === "edit" ? "Edit shift" : "Add shift"} open={editing !== null} onClose={() => setEditing(null)}>
            {editing && <ShiftEditor editing={editing} schedule={schedule} onDone={done} onCancel={() => setEditing(null)} />}
          </Dialog>
          <Dialog title="Weekly pattern" open={patternOpen} onClose={() => setPatternOpen(false)}>
            <PatternForm schedule={schedule} weekStart={firstDay} onDone={done} onCancel={() => setPatternOpen(false)}
              defaultStart={todayDate > schedule.week_start ? todayDate : schedule.week_start} />
          </Dialog>
        </>
      )}
    </div>
  );
}

// Nobody but the signed-in person, and not a shift in the week: a new organisation's first look.
function aloneIn(schedule: Schedule, meId: number): boolean {
  const noShifts = (days: Shift[][]) => days.every((shifts) => shifts.length === 0);
  return schedule.employees.every((e) => e.id === meId && noShifts(e.days)) && noShifts(schedule.open_shifts);
}
