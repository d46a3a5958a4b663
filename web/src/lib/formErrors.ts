// Where a form shows a failed request: next to the field the server named (ApiError.field; a 409
// email-taken belongs to "email") when the form has that field, else once for the whole form.
// Every form places errors with placeError; forms that want focus handling add useFormErrors. And
// readForm, which those forms use to read what was typed (here rather than in a module of its own:
// Vite would make it a chunk too small to precompress).
import { useEffect, useRef, useState } from "react";

import { ApiError, describeError } from "../api/client";

export interface FormErrors<F extends string = string> {
  fields: Partial<Record<F, string>>;
  page: string | null; // the message for the whole form, if any
}

export const NO_ERRORS: FormErrors<never> = { fields: {}, page: null };

// `shown`: the fields this form has. `words` may give better words for some problems (null keeps
// the server's detail); they apply wherever the message lands. No error (null) places nothing.
export function placeError<F extends string>(error: unknown, shown: readonly F[],
  words: (error: ApiError) => string | null = () => null): FormErrors<F> {
  if (error == null) return NO_ERRORS;
  if (!(error instanceof ApiError)) return { fields: {}, page: describeError(error) };
  const message = words(error) ?? describeError(error);
  const field = error.kind === "email-taken" ? "email" : error.field;
  if (field && (shown as readonly string[]).includes(field)) {
    return { fields: { [field]: message } as Partial<Record<F, string>>, page: null };
  }
  return { fields: {}, page: message };
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

// The text fields of a submitted form, by name (missing ones are "").
export function readForm(form: HTMLFormElement): (name: string) => string {
  const data = new FormData(form);
  return (name) => {
    const value = data.get(name);
    return typeof value === "string" ? value : "";
  };
}
