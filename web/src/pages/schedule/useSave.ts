// Saving a form of this page: the form's own checks first, then the request; a 409 shift-overlap
// is put in plain words, other errors land next to the field they name or on the form.
import { useState } from "react";

import type { Schedule, Shift } from "../../api/types";
import { NO_ERRORS, type FormErrors } from "../../lib/formErrors";
import { conflictingShift, errorsFrom, isOverlap } from "./model";

// `fields`: the inputs an error can be shown next to; `words`: how people say the server's field
// names (see errorsFrom).
export function useSave(schedule: Schedule, fields: readonly string[], words: Record<string, string>,
  onDone: (message: string) => void) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  // `found`: what the form's checks found; `run` sends and answers the message to show after;
  // `overlap` words a clash with another shift.
  async function save(found: Record<string, string>, run: () => Promise<string>, overlap: (conflict: Shift | null) => string) {
    if (Object.keys(found).length > 0) {
      setErrors({ fields: found, page: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      onDone(await run());
    } catch (error) {
      const clash = isOverlap(error) ? overlap(await conflictingShift(error, schedule)) : null;
      setErrors(clash ? { fields: {}, page: clash } : errorsFrom(error, fields, words));
      setBusy(false);
    }
  }

  return { errors, setErrors, busy, setBusy, save };
}
