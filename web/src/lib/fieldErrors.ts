// Where to show a failed request: next to the input field the server named (ApiError.field), if
// the form has it, else as one message for the whole form.
import { ApiError, describeError } from "../api/client";

export interface SplitError<F extends string> {
  fields: Partial<Record<F, string>>;
  other: unknown; // null when the error belongs to a field
}

export function splitError<F extends string>(error: unknown, fields: readonly F[]): SplitError<F> {
  const field = error instanceof ApiError ? error.field : undefined;
  if (field && (fields as readonly string[]).includes(field)) {
    return { fields: { [field]: describeError(error) } as Partial<Record<F, string>>, other: null };
  }
  return { fields: {}, other: error };
}
