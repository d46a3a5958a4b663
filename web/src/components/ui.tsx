// Small building blocks every page uses, so that labels, errors, loading and empty states look
// and behave the same everywhere.
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes,
  type TextareaHTMLAttributes } from "react";

import { describeError } from "../api/client";
import { useDocumentTitle } from "../lib/useDocumentTitle";

// A labelled control with an optional hint and error, wired with aria-describedby/aria-invalid.
interface FieldProps {
  label: string;
  error?: string | null;
  hint?: string;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })}
      {hint && <p className="field__hint" id={hintId}>{hint}</p>}
      {error && <p className="field__error" id={errorId}>{error}</p>}
    </div>
  );
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string | null; hint?: string };
export function TextField({ label, error, hint, ...input }: InputProps) {
  return <Field label={label} error={error} hint={hint}>{(a11y) => <input {...input} {...a11y} />}</Field>;
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string | null; hint?: string };
export function SelectField({ label, error, hint, children, ...select }: SelectProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(a11y) => <select {...select} {...a11y}>{children}</select>}
    </Field>
  );
}

type AreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; error?: string | null; hint?: string };
export function TextAreaField({ label, error, hint, ...area }: AreaProps) {
  return <Field label={label} error={error} hint={hint}>{(a11y) => <textarea {...area} {...a11y} />}</Field>;
}

// An error in plain words, announced to screen readers.
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return <p className="alert alert--error" role="alert">{typeof error === "string" ? error : describeError(error)}</p>;
}

export function Notice({ children }: { children: ReactNode }) {
  return <p className="alert alert--ok" role="status">{children}</p>;
}

// A placeholder of the content's size while it loads (no layout jump when it arrives).
export function Loading({ label = "Loading", lines = 3 }: { label?: string; lines?: number }) {
  return (
    <div className="loading" role="status" aria-live="polite" aria-label={label}>
      {Array.from({ length: lines }, (_, i) => <div key={i} className="loading__line" />)}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children && <div className="empty__body">{children}</div>}
    </div>
  );
}

// A person's picture, or their initials on a colour of their own.
export function Avatar({ name, url, size = 40 }: { name: string; url: string | null; size?: number }) {
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]?.toUpperCase()).join("");
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  if (url) {
    const src = size > 128 ? `${url}&size=512` : url;
    return <img className="avatar" src={src} alt="" width={size} height={size} loading="lazy" />;
  }
  return (
    <span className="avatar avatar--initials" aria-hidden="true"
      style={{ width: size, height: size, background: `hsl(${hue} 45% 32%)`, fontSize: size * 0.4 }}>
      {initials}
    </span>
  );
}

// A modal dialog on the native <dialog>: focus moves in and is trapped, Escape closes, and focus
// returns to what opened it.
export function Dialog({ title, open, onClose, children }: {
  title: string; open: boolean; onClose: () => void; children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      if (typeof dialog.close === "function") dialog.close();
      else dialog.removeAttribute("open");
    }
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} onClose={onClose}
      onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <div className="dialog__head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button button--ghost" onClick={onClose} aria-label="Close">×</button>
      </div>
      {open && children}
    </dialog>
  );
}

// Page heading plus optional actions on the right; the heading is the page's title too.
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-header__actions">{children}</div>}
    </div>
  );
}
