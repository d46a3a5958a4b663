// What the server accepts as a picture, checked before anything is uploaded.

export const PICTURE_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
export const MAX_PICTURE_BYTES = 10 * 1024 * 1024;

// A reason in plain words why `file` cannot be a picture, or null when it can.
export function checkPictureFile(file: { type: string; size: number }): string | null {
  if (!(PICTURE_TYPES as readonly string[]).includes(file.type)) {
    return "Choose a JPEG, PNG or WebP picture.";
  }
  if (file.size > MAX_PICTURE_BYTES) {
    const megabytes = Math.ceil((file.size / 1024 / 1024) * 10) / 10;
    return `This picture is ${megabytes.toFixed(1)} MB; it can be 10 MB at most.`;
  }
  if (file.size === 0) return "This file is empty. Choose another picture.";
  return null;
}
