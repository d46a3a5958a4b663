// My shifts (/my-shifts): the signed-in person's shifts in the next eight weeks, by week and day,
// in the organisation's time zone and the browser's locale.
import { useMemo, useState } from "react";

import { listShifts } from "../../api/endpoints";
import { useSignedIn } from "../../app/session";
import { EmptyState, ErrorMessage, Loading, PageHeader } from "../../components/ui";
import { formatHours } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { browserTimeZone } from "../auth/timeZones";
import { groupShifts, upcomingRange } from "./groupShifts";
import { ShiftWeek } from "./ShiftWeek";
import "./my-shifts.css";

export default function MyShiftsPage() {
  const { me, organization } = useSignedIn();
  const [now] = useState(() => new Date());
  const range = useMemo(() => upcomingRange(now), [now]);
  const { data, error, loading, reload } = useLoad(
    () => listShifts(range.from, range.to, me.id), [range, me.id]);
  const zone = organization.time_zone;
  const weeks = useMemo(() => (data ? groupShifts(data.shifts, zone, organization.week_start) : []),
    [data, zone, organization.week_start]);
  const total = weeks.reduce((sum, week) => sum + week.hours, 0);
  const count = data?.shifts.length ?? 0;

  return (
    <div className="my-shifts">
      <PageHeader title="My shifts" />
      <p className="muted my-shifts__summary">
        {data && count > 0 ? `${count} ${count === 1 ? "shift" : "shifts"}, ${formatHours(total)} in the next 8 weeks.` : "The next 8 weeks."}
        {browserTimeZone() !== zone && ` Times are in ${zone.replace(/_/g, " ")} time.`}
      </p>
      {error ? (
        <div>
          <ErrorMessage error={error} />
          <button type="button" className="button button--secondary" onClick={reload}>Try again</button>
        </div>
      ) : !data ? (
        <Loading label="Loading your shifts" lines={6} />
      ) : weeks.length === 0 ? (
        <EmptyState title="No shifts planned in the next 8 weeks">
          When a manager plans a shift for you, it shows up here.
        </EmptyState>
      ) : (
        <div aria-busy={loading}>
          {weeks.map((week) => <ShiftWeek key={week.start} week={week} zone={zone} now={now.getTime()} />)}
        </div>
      )}
    </div>
  );
}
