// Sending a sign-up form (a new organisation or an invitation) with its optional picture: the
// browser's checks first, then POST /auth/register (a multipart form when a picture was chosen), the errors placed next to
// their fields, and on success the new session and the schedule.
import { useState } from "react";
import { useNavigate } from "react-router-dom";

import { ApiError } from "../../api/client";
import { register } from "../../api/endpoints";
import type { RegisterInput } from "../../api/types";
import { useSession } from "../../app/session";
import { placeError, useFormErrors } from "../../lib/formErrors";
import { HOME } from "./safeNext";

export function useSignUp(shown: readonly string[], words: (error: ApiError) => string | null = () => null) {
  const { signedIn } = useSession();
  const navigate = useNavigate();
  const { form, errors, fail, reset, edited, forget } = useFormErrors();
  const [picture, setPicture] = useState<Blob | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // Shows the browser's own findings; true when there were none.
  function passes(found: Record<string, string>): boolean {
    if (Object.keys(found).length === 0) return true;
    fail({ fields: found, page: null });
    return false;
  }

  function choosePicture(square: Blob | null) {
    setPicture(square);
    forget("picture");
  }

  async function send(input: RegisterInput) {
    setBusy(true);
    reset();
    try {
      const session = await register(input, picture);
      signedIn(session);
      navigate(HOME, { replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError ? error : null);
      fail(placeError(error, shown, words));
      setBusy(false);
    }
  }

  return { form, errors, failure, busy, passes, send, edited, picture, choosePicture };
}
