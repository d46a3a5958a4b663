// The canvas step of a crop: draws the square onto a canvas of at most 1024 px and encodes it as
// JPEG (quality 0.9). Kept apart so tests (jsdom has no canvas) can replace it.
import { outputSize, type Rect } from "./crop";

export function renderCrop(image: CanvasImageSource, rect: Rect): Promise<Blob> {
  const side = outputSize(rect);
  const canvas = document.createElement("canvas");
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext("2d");
  if (!context) return Promise.reject(new Error("canvas is not available"));
  context.fillStyle = "#fff"; // transparent parts of a PNG or WebP become white, not black
  context.fillRect(0, 0, side, side);
  context.imageSmoothingQuality = "high";
  context.drawImage(image, rect.sx, rect.sy, rect.size, rect.size, 0, 0, side, side);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the picture could not be encoded"))),
      "image/jpeg", 0.9);
  });
}
