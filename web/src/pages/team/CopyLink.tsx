// A link in a read-only box with a Copy button. Where the clipboard is out of reach (no
// permission, an insecure page), the link is selected instead so that people can copy it.
import { useId, useRef, useState } from "react";

export function CopyLink({ link, label = "Invitation link" }: { link: string; label?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(link);
      setState("copied");
    } catch {
      input.current?.focus();
      input.current?.select();
      setState("select");
    }
  }

  return (
    <div className="copy-link">
      <label htmlFor={id} className="copy-link__label">{label}</label>
      <div className="copy-link__row">
        <input id={id} ref={input} className="copy-link__input" readOnly value={link}
          onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button--secondary" onClick={() => void copy()}>Copy link</button>
      </div>
      <p className="copy-link__state" aria-live="polite">
        {state === "copied" && "Link copied."}
        {state === "select" && "The link is selected: copy it with Ctrl+C (⌘C on a Mac), or long-press it on a phone."}
      </p>
    </div>
  );
}
