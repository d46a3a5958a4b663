// Picture test helpers: blob: URLs (jsdom has none) and a picture "loading" into the cropper
// (jsdom loads no images, so its size is given and the load event fired by hand).
import { fireEvent, screen } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { vi } from "vitest";

export function stubObjectUrls() {
  let made = 0;
  const create = vi.fn(() => `blob:http://localhost/picture-${++made}`);
  const revoke = vi.fn();
  Object.defineProperty(URL, "createObjectURL", { configurable: true, writable: true, value: create });
  Object.defineProperty(URL, "revokeObjectURL", { configurable: true, writable: true, value: revoke });
  return { create, revoke };
}

export function photo(name = "me.jpg", type = "image/jpeg", bytes = 2048): File {
  return new File([new Uint8Array(bytes)], name, { type });
}

// Chooses `file` in the control labelled `label` and lets the cropper see a width×height picture.
export async function choosePicture(user: UserEvent, label: string, file: File, width = 1200, height = 800) {
  await user.upload(screen.getByLabelText(label), file);
  const image = await screen.findByAltText("The chosen picture");
  Object.defineProperty(image, "naturalWidth", { configurable: true, value: width });
  Object.defineProperty(image, "naturalHeight", { configurable: true, value: height });
  fireEvent.load(image);
  return image;
}
