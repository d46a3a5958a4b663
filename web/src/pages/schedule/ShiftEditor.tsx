// Adding, changing and deleting one shift, inside a <Dialog>. Times are typed as the
// organisation's local wall times; an end earlier than the start is on the next day.
import { useState, type FormEvent } from "react";

import { createShift, deleteShift, updateShift } from "../../api/endpoints";
import type { Schedule, Shift, ShiftInput } from "../../api/types";
import { ErrorMessage, SelectField, TextAreaField, TextField } from "../../components/ui";
import { addDays, formatLongDay } from "../../lib/time";
import { errorsFrom, overlapMessage, shiftInstants, shiftLocal } from "./model";
import { useSave } from "./useSave";

export type Editing = { kind: "new"; userId: number | null; date: string } | { kind: "edit"; shift: Shift };

const FIELDS = ["user_id", "start", "end", "position", "note"] as const;

function initialForm(editing: Editing, schedule: Schedule) {
  if (editing.kind === "edit") {
    const { shift } = editing;
    const userId = shift.user_id === null ? "" : String(shift.user_id);
    return { userId, ...shiftLocal(shift, schedule.time_zone), position: shift.position, note: shift.note };
  }
  const position = schedule.employees.find((e) => e.id === editing.userId)?.position ?? "";
  const userId = editing.userId === null ? "" : String(editing.userId);
  return { userId, date: editing.date, start: "", end: "", position, note: "" };
}

interface ShiftEditorProps {
  editing: Editing;
  schedule: Schedule;
  onDone(message: string): void;
  onCancel(): void;
}

export function ShiftEditor({ editing, schedule, onDone, onCancel }: ShiftEditorProps) {
  const zone = schedule.time_zone;
  const positionOf = (id: string) => schedule.employees.find((e) => String(e.id) === id)?.position ?? "";
  const nameOf = (id: string) => schedule.employees.find((e) => String(e.id) === id)?.name ?? "This employee";
  const existing = editing.kind === "edit" ? editing.shift : null;
  const [form, setForm] = useState(() => initialForm(editing, schedule));
  const { errors, setErrors, busy, setBusy, save } = useSave(schedule, FIELDS, { user_id: "the employee" }, onDone);
  const [confirming, setConfirming] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  function chooseEmployee(userId: string) {
    // The position follows the person unless it was typed.
    set({ userId, ...(form.position === positionOf(form.userId) ? { position: positionOf(userId) } : {}) });
  }

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!form.date) found.date = "Enter the date.";
    if (!form.start) found.start = "Enter the start time.";
    if (!form.end) found.end = "Enter the end time.";
    else if (form.end === form.start) found.end = "The end must differ from the start.";
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(check(), async () => {
      const input: ShiftInput = {
        user_id: form.userId ? Number(form.userId) : null,
        ...shiftInstants(form.date, form.start, form.end, zone),
        position: form.position.trim(),
        note: form.note,
      };
      if (existing) await updateShift(existing.id, input);
      else await createShift(input);
      const whose = form.userId ? `${nameOf(form.userId)}'s shift` : "The open shift";
      return `${whose} on ${formatLongDay(form.date)} is ${existing ? "saved" : "added"}.`;
    }, (conflict) => overlapMessage(nameOf(form.userId), conflict, zone, form.date));
  }

  async function remove() {
    if (!existing) return;
    setBusy(true);
    try {
      await deleteShift(existing.id);
      onDone("The shift is deleted.");
    } catch (error) {
      setErrors(errorsFrom(error, []));
      setConfirming(false);
      setBusy(false);
    }
  }

  const overnight = form.start && form.end && form.end < form.start;
  const fieldError = (name: string) => errors.fields[name];
  return (
    <form className="shift-editor" onSubmit={submit} noValidate>
      <ErrorMessage error={errors.page} />
      {existing?.pattern_id != null && (
        <p className="field__hint">A weekly pattern made this shift. Saving a change takes it out of the pattern.</p>
      )}
      <SelectField label="Employee" value={form.userId} onChange={(e) => chooseEmployee(e.target.value)}
        error={fieldError("user_id")}>
        <option value="">Nobody (open shift)</option>
        {schedule.employees.map((e) => <option key={e.id} value={String(e.id)}>{e.name}</option>)}
      </SelectField>
      <TextField label="Date" type="date" required value={form.date} onChange={(e) => set({ date: e.target.value })}
        error={fieldError("date")} />
      <div className="form-row shift-editor__times">
        <TextField label="Start" type="time" required value={form.start} onChange={(e) => set({ start: e.target.value })}
          error={fieldError("start")} />
        <TextField label="End" type="time" required value={form.end} onChange={(e) => set({ end: e.target.value })}
          error={fieldError("end")}
          hint={overnight && form.date ? `Ends the next day, ${formatLongDay(addDays(form.date, 1))}.` : "Earlier than the start: ends the next day."} />
      </div>
      <TextField label="Position" value={form.position} maxLength={100} onChange={(e) => set({ position: e.target.value })}
        error={fieldError("position")} />
      <TextAreaField label="Note" value={form.note} maxLength={1000} rows={3} onChange={(e) => set({ note: e.target.value })}
        error={fieldError("note")} />
      {confirming ? (
        <div className="shift-editor__confirm" role="group" aria-label="Confirm deletion">
          <p>Delete this shift? This cannot be undone.</p>
          <div className="actions">
            <button type="button" className="button button--danger" disabled={busy} onClick={() => void remove()}>
              Yes, delete it
            </button>
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirming(false)}
              autoFocus>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>{existing ? "Save shift" : "Add shift"}</button>
          <button type="button" className="button button--secondary" onClick={onCancel}>Cancel</button>
          {existing && (
            <button type="button" className="button button--ghost shift-editor__delete" disabled={busy}
              onClick={() => setConfirming(true)}>Delete…</button>
          )}
        </div>
      )}
    </form>
  );
}
