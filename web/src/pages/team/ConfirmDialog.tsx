// "Are you sure?" for changes that are hard to undo: runs `onConfirm`, shows its failure in plain
// words and stays open then; closes on success.
import { useState, type ReactNode } from "react";

import { Dialog, ErrorMessage } from "../../components/ui";

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
  danger?: boolean; // the confirm button looks dangerous (true by default)
}

export function ConfirmDialog({ title, confirmLabel, onConfirm, onClose, children, danger = true }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} open onClose={onClose}>
      <div className="confirm__body">{children}</div>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className={danger ? "button button--danger" : "button"} disabled={busy} onClick={() => void confirm()}>
          {busy ? "Working…" : confirmLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}
