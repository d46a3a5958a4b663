// One save on the profile page: busy while it runs, then either a short confirmation or the
// error placed next to its field (or for the whole form).
import { useState } from "react";

import type { ApiError } from "../../api/client";
import { placeError, useFormErrors } from "../../lib/formErrors";

export function useSave(shown: readonly string[], words?: (error: ApiError) => string | null) {
  const { form, errors, fail, reset, edited } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  // Runs `action`, which answers the confirmation to show; true when it succeeded.
  async function run(action: () => Promise<string>): Promise<boolean> {
    setBusy(true);
    reset();
    setDone(null);
    try {
      setDone(await action());
      return true;
    } catch (error) {
      fail(placeError(error, shown, words));
      return false;
    } finally {
      setBusy(false);
    }
  }

  // The browser's own findings, shown without asking the server; true when there were none.
  function passes(found: Record<string, string>): boolean {
    setDone(null);
    if (Object.keys(found).length === 0) return true;
    fail({ fields: found, page: null });
    return false;
  }

  return { form, busy, errors, done, run, passes, edited };
}
