/**
 * A card's outline as four corners, and the projective geometry on it. Pure, no DOM: used by
 * the detector (src/quality/detect.ts), the flattening of the card at capture
 * (src/image/flatten.ts) and the live outline over the preview.
 */
import { ID1_ASPECT, type Size } from './geometry.js';

/** A point in pixels: `[x, y]`. */
export type Point = readonly [number, number];

/**
 * A card's four corners, clockwise as seen in the image, starting with the top-left corner of
 * the card read upright: `[topLeft, topRight, bottomRight, bottomLeft]`. The edge from the
 * first corner to the second is one of the card's long edges.
 */
export type Quad = readonly [Point, Point, Point, Point];

/**
 * A plane projective transform as a 3 × 3 matrix, row by row: a point `(x, y)` goes to
 * `((h0 x + h1 y + h2) / w, (h3 x + h4 y + h5) / w)` with `w = h6 x + h7 y + h8`.
 */
export type Homography = readonly number[];

/** The unit square, corner for corner with a `Quad`: the card in its own coordinates. */
const UNIT: Quad = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

/**
 * Below this, a pivot of the (normalised) 8 × 8 system counts as zero: three corners in a line,
 * two corners on one spot. The normalised entries are of the order of 1, so this is far below
 * any real card and far above rounding noise.
 */
const SINGULAR = 1e-10;

/**
 * A similarity (scale, then shift) that moves the quad's centroid to the origin and its corners
 * to a mean distance of √2. Solving in these coordinates keeps the system well conditioned for
 * pixel coordinates in the thousands (Hartley's normalisation).
 */
function normaliser(q: Quad): { s: number; tx: number; ty: number } | null {
  const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4;
  const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4;
  let mean = 0;
  for (const [x, y] of q) mean += Math.hypot(x - cx, y - cy) / 4;
  if (!(mean > 0) || !Number.isFinite(mean)) return null;
  const s = Math.SQRT2 / mean;
  return { s, tx: -cx * s, ty: -cy * s };
}

/** Solves `a · x = b` in place (Gaussian elimination, partial pivoting); null if singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    if (!(Math.abs(a[pivot][col]) > SINGULAR)) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [b[col], b[pivot]] = [b[pivot], b[col]];
    for (let row = col + 1; row < n; row++) {
      const f = a[row][col] / a[col][col];
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[row][k] -= f * a[col][k];
      b[row] -= f * b[col];
    }
  }
  const x: number[] = [];
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row];
    for (let k = row + 1; k < n; k++) sum -= a[row][k] * x[k];
    x[row] = sum / a[row][row];
  }
  return x;
}

/** `(x, y)` through `h`, with the homogeneous `w` (its sign says which side of the horizon). */
function project(h: Homography, x: number, y: number): [number, number, number] {
  const w = h[6] * x + h[7] * y + h[8];
  return [(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w, w];
}

/**
 * The homography that maps each corner of `from` onto the same corner of `to`, solved as the
 * usual 8 × 8 linear system (h8 = 1) by Gaussian elimination, in normalised coordinates.
 *
 * Null when there is none worth having: a coordinate that is not finite, three corners in a
 * line or two on one spot (the system is singular), or a quad twisted into a bow tie relative
 * to the other (the map would send part of the inside of `from` to infinity: `w` changes sign
 * between its corners). A mirrored pair of quads is a valid homography (a reflection); saying
 * whether a card may be mirrored is the caller's business.
 */
export function homography(from: Quad, to: Quad): Homography | null {
  if (![...from, ...to].flat().every(Number.isFinite)) return null;
  const nf = normaliser(from);
  const nt = normaliser(to);
  if (!nf || !nt) return null;
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const x = from[i][0] * nf.s + nf.tx;
    const y = from[i][1] * nf.s + nf.ty;
    const u = to[i][0] * nt.s + nt.tx;
    const v = to[i][1] * nt.s + nt.ty;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(u, v);
  }
  const n = solve(a, b);
  if (!n) return null;
  // The normalised matrix has w = 1 at the centroid of `from`; w is linear, so if it keeps that
  // sign at the four corners it keeps it over the whole quad.
  for (const [x, y] of from) {
    if (!(n[6] * (x * nf.s + nf.tx) + n[7] * (y * nf.s + nf.ty) + 1 > 1e-9)) return null;
  }
  // Undo the normalisation: H = Tto⁻¹ · N · Tfrom, with T = [s 0 tx; 0 s ty; 0 0 1], row by row.
  n.push(1);
  const m: number[] = [];
  for (let i = 0; i < 9; i += 3) m.push(n[i] * nf.s, n[i + 1] * nf.s, n[i] * nf.tx + n[i + 1] * nf.ty + n[i + 2]);
  const h = m.map((v, i) => (i < 6 ? (v - (i < 3 ? nt.tx : nt.ty) * m[6 + (i % 3)]) / nt.s : v));
  return h.every(Number.isFinite) ? h : null;
}

/** The point `(x, y)` mapped through `h`. */
export function applyHomography(h: Homography, x: number, y: number): [number, number] {
  return project(h, x, y).slice(0, 2) as [number, number];
}

/**
 * The pixel size of the card laid flat, at the resolution the camera gave it: as wide as the
 * longer of its two long edges (the edge nearer the camera, under perspective, so no detail of
 * the card is lost), and as high as an ID-1 card of that width. Not rounded.
 */
export function flatSize(corners: Quad): Size {
  const [tl, tr, br, bl] = corners;
  const width = Math.max(Math.hypot(tr[0] - tl[0], tr[1] - tl[1]), Math.hypot(br[0] - bl[0], br[1] - bl[1]));
  return { width, height: width / ID1_ASPECT };
}

/**
 * The card's outline grown by `margin` on every side, along the card's own axes: `margin` of
 * the card's width beyond each short edge and `margin` of its height beyond each long edge, so
 * the grown quad is still the picture of an ID-1 rectangle, (1 + 2 × margin) times the card
 * (and `flatSize` applies to it). Done in the card's own coordinates through the homography of
 * the unit card, so it stays right under perspective: the far side's margin shrinks with the
 * far side. Null if the corners make no card (see `homography`), or if the margin would reach
 * past the horizon of a card seen very obliquely.
 */
export function expandQuad(corners: Quad, margin: number): Quad | null {
  const h = homography(UNIT, corners);
  if (!h) return null;
  const lo = -margin;
  const hi = 1 + margin;
  const grown = [project(h, lo, lo), project(h, hi, lo), project(h, hi, hi), project(h, lo, hi)];
  if (!grown.every(([x, y, w]) => w > 1e-12 && Number.isFinite(x) && Number.isFinite(y))) return null;
  return grown.map((p) => p.slice(0, 2)) as unknown as Quad;
}

/** How far a card's first (long) edge is turned from the horizontal, in degrees (positive: clockwise on screen). */
export function quadTurn(q: Quad): number {
  return (Math.atan2(q[1][1] - q[0][1], q[1][0] - q[0][0]) * 180) / Math.PI;
}
