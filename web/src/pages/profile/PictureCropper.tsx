// Crops a chosen picture to a square before it is uploaded: the picture with the square over it
// (drag it to move), sliders for zoom and position (the keyboard way), a round preview of the
// result, and the canvas step that makes the JPEG. Used by the profile and the sign-up pages.
import { useId, useRef, useState, type PointerEvent } from "react";

import { ErrorMessage } from "../../components/ui";
import { CENTRED, MAX_ZOOM, cropRect, moveCrop, overlayBox, previewBox, zoomCrop, type Crop } from "./crop";
import { renderCrop } from "./renderCrop";
import { useObjectUrl } from "./useObjectUrl";
import "./profile.css";

interface Props {
  file: File;
  confirmLabel: string;
  busy?: boolean;
  onCropped(square: Blob): void;
  onCancel(): void;
}

interface Size {
  width: number;
  height: number;
}

const PREVIEW = 96;

export function PictureCropper({ file, confirmLabel, busy = false, onCropped, onCancel }: Props) {
  const url = useObjectUrl(file);
  const image = useRef<HTMLImageElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [size, setSize] = useState<Size | null>(null);
  const [crop, setCrop] = useState<Crop>(CENTRED);
  const [error, setError] = useState<string | null>(null);
  const [rendering, setRendering] = useState(false);
  const id = useId();

  const rect = size ? cropRect(size.width, size.height, crop) : null;

  function onLoad() {
    const img = image.current;
    if (!img || !img.naturalWidth || !img.naturalHeight) return;
    setSize({ width: img.naturalWidth, height: img.naturalHeight });
    setCrop(CENTRED);
    setError(null);
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (!size) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY };
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const last = drag.current;
    if (!last || !size) return;
    const shown = event.currentTarget.getBoundingClientRect().width || size.width;
    const scale = size.width / shown; // picture pixels per screen pixel
    drag.current = { x: event.clientX, y: event.clientY };
    setCrop((c) => moveCrop(size.width, size.height, c, (event.clientX - last.x) * scale, (event.clientY - last.y) * scale));
  }

  async function confirm() {
    if (!image.current || !rect) return;
    setRendering(true);
    try {
      onCropped(await renderCrop(image.current, rect));
    } catch {
      setError("This picture could not be prepared in your browser. Try another one.");
    } finally {
      setRendering(false);
    }
  }

  const roomX = size && rect ? size.width - rect.size > 0.5 : false;
  const roomY = size && rect ? size.height - rect.size > 0.5 : false;
  const setPlace = (axis: "x" | "y", percent: string) => setCrop((c) => ({ ...c, [axis]: Number(percent) / 100 }));

  return (
    <fieldset className="cropper">
      <legend>Choose the square to show</legend>
      <ErrorMessage error={error} />
      <div className="cropper__body">
        <div className="cropper__stage" style={{ aspectRatio: size ? `${size.width} / ${size.height}` : "1 / 1" }}
          onPointerDown={onPointerDown} onPointerMove={onPointerMove}
          onPointerUp={() => { drag.current = null; }} onPointerCancel={() => { drag.current = null; }}>
          {url && (
            <img ref={image} src={url} alt="The chosen picture" draggable={false} onLoad={onLoad}
              onError={() => setError("This file could not be opened as a picture. Choose another one.")} />
          )}
          {size && rect && <div className="cropper__square" aria-hidden="true" style={overlayBox(size.width, size.height, rect)} />}
        </div>
        <div className="cropper__controls">
          <figure className="cropper__preview-figure">
            <div className="cropper__preview" style={{ width: PREVIEW, height: PREVIEW }}>
              {url && size && rect && <img src={url} alt="" style={previewBox(size.width, size.height, rect, PREVIEW)} />}
            </div>
            <figcaption className="muted">Preview</figcaption>
          </figure>
          <div className="field cropper__slider">
            <label htmlFor={`${id}-zoom`}>Zoom</label>
            <input id={`${id}-zoom`} type="range" min={1} max={MAX_ZOOM} step={0.05} value={crop.zoom}
              aria-valuetext={`${Math.round(crop.zoom * 100)}%`} disabled={!size}
              onChange={(e) => size && setCrop((c) => zoomCrop(size.width, size.height, c, Number(e.target.value)))} />
          </div>
          <div className="field cropper__slider">
            <label htmlFor={`${id}-x`}>Left to right</label>
            <input id={`${id}-x`} type="range" min={0} max={100} step={1} value={Math.round(crop.x * 100)}
              disabled={!roomX} onChange={(e) => setPlace("x", e.target.value)} />
          </div>
          <div className="field cropper__slider">
            <label htmlFor={`${id}-y`}>Top to bottom</label>
            <input id={`${id}-y`} type="range" min={0} max={100} step={1} value={Math.round(crop.y * 100)}
              disabled={!roomY} onChange={(e) => setPlace("y", e.target.value)} />
          </div>
        </div>
      </div>
      <p className="field__hint">Drag the square or use the sliders. The picture is shown in a circle.</p>
      <div className="actions">
        <button type="button" className="button" disabled={!size || busy || rendering} onClick={() => void confirm()}>
          {busy || rendering ? "Working…" : confirmLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>Cancel</button>
      </div>
    </fieldset>
  );
}
