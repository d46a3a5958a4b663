// Choosing a picture: a file input that checks type and size in plain words, then the cropper.
// `onPicked` gets the square JPEG; when it answers true the cropper closes (false keeps it open,
// e.g. when the upload failed and the error is shown).
import { useRef, useState } from "react";

import { Field } from "../../components/ui";
import { PICTURE_TYPES, checkPictureFile } from "./pictureFile";
import { PictureCropper } from "./PictureCropper";

interface Props {
  label: string;
  confirmLabel: string;
  hint?: string;
  error?: string | null; // from the server, about the picture
  busy?: boolean;
  onPicked(square: Blob): boolean | Promise<boolean>;
}

export function PicturePicker({ label, confirmLabel, hint, error, busy, onPicked }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  function choose(chosen: File | undefined) {
    if (!chosen) return;
    const reason = checkPictureFile(chosen);
    setProblem(reason);
    setFile(reason ? null : chosen);
    if (input.current) input.current.value = ""; // choosing the same file again still counts
  }

  async function picked(square: Blob) {
    if (await onPicked(square)) setFile(null);
  }

  return (
    <div className="picture-picker">
      <Field label={label} hint={hint ?? "A JPEG, PNG or WebP photo, up to 10 MB."} error={problem ?? error}>
        {(a11y) => (
          <input {...a11y} ref={input} type="file" accept={PICTURE_TYPES.join(",")} disabled={busy}
            onChange={(e) => choose(e.target.files?.[0])} />
        )}
      </Field>
      {file && (
        <PictureCropper file={file} confirmLabel={confirmLabel} busy={busy}
          onCropped={(square) => void picked(square)} onCancel={() => setFile(null)} />
      )}
    </div>
  );
}
