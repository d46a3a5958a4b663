import { MAX_PICTURE_BYTES, checkPictureFile } from "./pictureFile";

describe("checkPictureFile", () => {
  it("accepts JPEG, PNG and WebP up to 10 MB", () => {
    for (const type of ["image/jpeg", "image/png", "image/webp"]) {
      expect(checkPictureFile({ type, size: MAX_PICTURE_BYTES })).toBeNull();
    }
  });

  it("refuses other types, larger and empty files in plain words", () => {
    expect(checkPictureFile({ type: "image/svg+xml", size: 10 })).toBe("Choose a JPEG, PNG or WebP picture.");
    expect(checkPictureFile({ type: "", size: 10 })).toBe("Choose a JPEG, PNG or WebP picture.");
    expect(checkPictureFile({ type: "image/png", size: MAX_PICTURE_BYTES + 1 }))
      .toBe("This picture is 10.1 MB; it can be 10 MB at most.");
    expect(checkPictureFile({ type: "image/png", size: 0 })).toBe("This file is empty. Choose another picture.");
  });
});
