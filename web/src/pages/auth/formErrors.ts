// Where a form shows a failed request: next to the field the server named when the form has that
// field (409 email-taken belongs to "email"), else once for the whole form.
import { useEffect, useRef, useState } from "react";

import { ApiError, describeError } from "../../api/client";

export interface FormErrors {
  fields: Record<string, string>;
  page: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, page: null };

// `words` may give better words for some problems; null keeps the server's detail.
export function placeError(error: unknown, shown: readonly string[],
  words: (error: ApiError) => string | null = () => null): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, page: describeError(error) };
  const message = words(error) ?? describeError(error);
  const field = error.kind === "email-taken" ? "email" : error.field;
  if (field && shown.includes(field)) return { fields: { [field]: message }, page: null };
  return { fields: {}, page: message };
}

// The text fields of a submitted form, by name (missing ones are "").
export function readForm(form: HTMLFormElement): (name: string) => string {
  const data = new FormData(form);
  return (name) => {
    const value = data.get(name);
    return typeof value === "string" ? value : "";
  };
}

// A form's errors. After a failed attempt focus moves to the first field marked invalid (keyboard
// and screen reader users land on what needs fixing); a field's error goes once it is edited.
export function useFormErrors() {
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [attempts, setAttempts] = useState(0);

  useEffect(() => {
    if (attempts > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempts]);

  return {
    form,
    errors,
    fail(found: FormErrors) {
      setErrors(found);
      setAttempts((n) => n + 1);
    },
    reset: () => setErrors(NO_ERRORS),
    forget,
    // For a form's onInput: forgets the error of the field being edited.
    edited: (event: { target: EventTarget }) => forget((event.target as HTMLInputElement).name ?? ""),
  };

  function forget(name: string) {
    setErrors((e) => (name in e.fields
      ? { ...e, fields: Object.fromEntries(Object.entries(e.fields).filter(([key]) => key !== name)) } : e));
  }
}
