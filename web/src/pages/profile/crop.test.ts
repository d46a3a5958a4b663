import { CENTRED, MAX_ZOOM, cropRect, moveCrop, outputSize, overlayBox, previewBox, zoomCrop } from "./crop";

describe("crop to a square", () => {
  it("starts with the largest centred square", () => {
    expect(cropRect(1200, 800, CENTRED)).toEqual({ sx: 200, sy: 0, size: 800 });
    expect(cropRect(600, 900, CENTRED)).toEqual({ sx: 0, sy: 150, size: 600 });
    expect(cropRect(500, 500, CENTRED)).toEqual({ sx: 0, sy: 0, size: 500 });
  });

  it("places the square anywhere in the room around it, and never outside the picture", () => {
    expect(cropRect(1200, 800, { zoom: 1, x: 0, y: 0.5 })).toEqual({ sx: 0, sy: 0, size: 800 });
    expect(cropRect(1200, 800, { zoom: 2, x: 1, y: 1 })).toEqual({ sx: 800, sy: 400, size: 400 });
    expect(cropRect(1200, 800, { zoom: 9, x: -3, y: 7 })).toEqual({ sx: 0, sy: 600, size: 800 / MAX_ZOOM });
  });

  it("moves by picture pixels and stops at the edges", () => {
    const moved = moveCrop(1200, 800, CENTRED, -100, 50);
    expect(cropRect(1200, 800, moved)).toEqual({ sx: 100, sy: 0, size: 800 });
    const far = moveCrop(1200, 800, { zoom: 2, x: 0.5, y: 0.5 }, 5000, -5000);
    expect(far).toEqual({ zoom: 2, x: 1, y: 0 });
  });

  it("zooms around the square's centre, as far as the edges allow", () => {
    const zoomed = zoomCrop(1200, 800, CENTRED, 2);
    expect(cropRect(1200, 800, zoomed)).toEqual({ sx: 400, sy: 200, size: 400 });
    const corner = { zoom: 4, x: 0, y: 0 }; // a 200 px square at the top left, centred at (100, 100)
    expect(cropRect(1200, 800, zoomCrop(1200, 800, corner, 2))).toEqual({ sx: 0, sy: 0, size: 400 });
    expect(zoomCrop(1200, 800, CENTRED, 0.2).zoom).toBe(1);
  });

  it("makes at most a 1024 px square, and never an empty one", () => {
    expect(outputSize({ sx: 0, sy: 0, size: 3000 })).toBe(1024);
    expect(outputSize({ sx: 0, sy: 0, size: 640.4 })).toBe(640);
    expect(outputSize({ sx: 0, sy: 0, size: 0.2 })).toBe(1);
  });

  it("draws the square over the picture and fills a preview with exactly the crop", () => {
    const rect = { sx: 300, sy: 200, size: 400 };
    expect(overlayBox(1200, 800, rect)).toEqual({ left: "25%", top: "25%", width: `${(400 / 1200) * 100}%`, height: "50%" });
    expect(previewBox(1200, 800, rect, 96)).toEqual({ width: "288px", height: "192px", left: "-72px", top: "-48px" });
  });
});
