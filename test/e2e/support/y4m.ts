/**
 * RGBA pixels to a one-frame Y4M (I420, BT.601 studio range) for Chromium's fake camera.
 * Studio range is what Chromium assumes for these files: a colour written here comes back
 * from a <video> frame within ±1 per channel (full-range values come back up to 16 off).
 */

/** One RGB colour to BT.601 studio-range Y, Cb, Cr (unrounded). */
export function rgbToYcbcr(r: number, g: number, b: number): [number, number, number] {
  return [
    16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255,
    128 + (-37.797 * r - 74.203 * g + 112 * b) / 255,
    128 + (112 * r - 93.786 * g - 18.214 * b) / 255,
  ];
}

/** Planar I420: full-size Y, then U and V averaged over each 2×2 block. */
export function rgbaToI420(rgba: Uint8Array, width: number, height: number): Buffer {
  if (width % 2 || height % 2) throw new Error(`I420 needs even sizes, got ${width}×${height}`);
  const cw = width / 2;
  const ch = height / 2;
  const out = Buffer.alloc(width * height + 2 * cw * ch);
  const u = new Float64Array(cw * ch);
  const v = new Float64Array(cw * ch);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [Y, Cb, Cr] = rgbToYcbcr(rgba[i], rgba[i + 1], rgba[i + 2]);
      out[y * width + x] = Math.round(Y);
      const c = (y >> 1) * cw + (x >> 1);
      u[c] += Cb;
      v[c] += Cr;
    }
  }
  const uOffset = width * height;
  const vOffset = uOffset + cw * ch;
  for (let c = 0; c < cw * ch; c++) {
    out[uOffset + c] = Math.round(u[c] / 4);
    out[vOffset + c] = Math.round(v[c] / 4);
  }
  return out;
}

/**
 * Frames per second the fake camera plays. Chromium re-converts and paints the frame at this
 * rate: at 30 fps one 1920×1080 camera keeps a whole core busy (measured: 5 CPU-seconds in
 * 5 s), which on a 2-core machine with two workers made every test 2–3× slower. At 5 fps it
 * costs next to nothing, and a still card needs no more.
 */
export const FAKE_CAMERA_FPS = 5;

/** A one-frame Y4M file; Chromium loops a single frame forever. */
export function y4mFromRgba(rgba: Uint8Array, width: number, height: number, fps = FAKE_CAMERA_FPS): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii');
  return Buffer.concat([header, rgbaToI420(rgba, width, height)]);
}
