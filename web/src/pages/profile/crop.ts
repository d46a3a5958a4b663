// The crop of a picture to a square, as pure arithmetic (the canvas step is in renderCrop.ts).
// A crop is a zoom (1 = the largest square the picture holds, up to MAX_ZOOM) and where the square
// sits in the room left around it: x and y from 0 (left, top) to 1 (right, bottom). Every crop is
// therefore valid: the square never leaves the picture.

export interface Crop {
  zoom: number;
  x: number;
  y: number;
}

// The square in the picture's own pixels.
export interface Rect {
  sx: number;
  sy: number;
  size: number;
}

export const MAX_ZOOM = 4;
export const CENTRED: Crop = { zoom: 1, x: 0.5, y: 0.5 };
export const MAX_OUTPUT = 1024;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function sideOf(width: number, height: number, zoom: number): number {
  return Math.min(width, height) / clamp(zoom, 1, MAX_ZOOM);
}

export function cropRect(width: number, height: number, crop: Crop): Rect {
  const size = sideOf(width, height, crop.zoom);
  return { sx: clamp(crop.x, 0, 1) * (width - size), sy: clamp(crop.y, 0, 1) * (height - size), size };
}

// The side of the uploaded square: the crop's own pixels, at most `max`, at least 1.
export function outputSize(rect: Rect, max = MAX_OUTPUT): number {
  return Math.max(1, Math.min(max, Math.round(rect.size)));
}

// Where a square at (sx, sy) of `size` sits: its place in the room around it (0..1; 0.5 with no room).
function placeOf(width: number, height: number, size: number, sx: number, sy: number): { x: number; y: number } {
  const roomX = width - size;
  const roomY = height - size;
  return {
    x: roomX > 0 ? clamp(sx / roomX, 0, 1) : 0.5,
    y: roomY > 0 ? clamp(sy / roomY, 0, 1) : 0.5,
  };
}

// The crop moved by (dx, dy) of the picture's pixels, stopping at the edges.
export function moveCrop(width: number, height: number, crop: Crop, dx: number, dy: number): Crop {
  const rect = cropRect(width, height, crop);
  return { zoom: crop.zoom, ...placeOf(width, height, rect.size, rect.sx + dx, rect.sy + dy) };
}

// The crop at another zoom, keeping the square's centre where it was as far as the edges allow.
export function zoomCrop(width: number, height: number, crop: Crop, zoom: number): Crop {
  const before = cropRect(width, height, crop);
  const size = sideOf(width, height, zoom);
  const centreX = before.sx + before.size / 2;
  const centreY = before.sy + before.size / 2;
  return { zoom: clamp(zoom, 1, MAX_ZOOM), ...placeOf(width, height, size, centreX - size / 2, centreY - size / 2) };
}

// The square over the shown picture, in percent of the picture's width and height.
export function overlayBox(width: number, height: number, rect: Rect) {
  return {
    left: `${(rect.sx / width) * 100}%`,
    top: `${(rect.sy / height) * 100}%`,
    width: `${(rect.size / width) * 100}%`,
    height: `${(rect.size / height) * 100}%`,
  };
}

// The whole picture placed in a `box` px square so that exactly the crop shows (for a preview).
export function previewBox(width: number, height: number, rect: Rect, box: number) {
  const scale = box / rect.size;
  return {
    width: `${width * scale}px`,
    height: `${height * scale}px`,
    left: `${-rect.sx * scale}px`,
    top: `${-rect.sy * scale}px`,
  };
}
