/**
 * Finds an ID-1 card's four corners anywhere in a frame, from its luma at analysis size (about
 * 640 px on the long side). Pure: no DOM, no allocation beyond a few typed arrays per frame.
 *
 * 1. Gradients (Sobel) and thin edges (non-maximum suppression along the gradient).
 * 2. Straight lines: a Hough transform in which each edge pixel votes only for the few line
 *    angles its gradient allows, weighted by its strength (so texture and noise, whose votes
 *    scatter, do not pile up the way a card's long straight border does).
 * 3. Quadrilaterals: two roughly parallel pairs of the strongest lines, crossing at a
 *    reasonable angle; each is scored by its shape (the aspect ratio of the flat rectangle it is
 *    the perspective view of, against ID-1's 1.586; convexity; size) and by how much of each side
 *    lies on an edge of one polarity with the gradient across it (the card's border, whose
 *    rounded corners are left out), and by the contrast between inside and outside.
 * 4. The best one's sides are refitted to the edge pixels along them, to a fraction of a pixel.
 *
 * How the thresholds were chosen, and what it costs, is in docs/quality.md.
 */
import type { Point, Quad } from '../quad.js';

/** The card found in a frame. */
export interface Detection {
  /** `[topLeft, topRight, bottomRight, bottomLeft]`, in the analysed image's pixels. */
  corners: Quad;
  /** 0–1: how sure the detector is that this is a card (shape, edges, contrast). */
  confidence: number;
  /** The weakest side's share of its length that lies on the card's edge (0–1). */
  edges: number;
  /** Mean luma difference (0–1) between a band just inside the card and one just outside. */
  contrast: number;
  /**
   * Part of the card lies outside the image: a corner is outside, or a side lies on the image's
   * border (the card goes on beyond it, and `corners` there are where the image ends).
   */
  cutOff: boolean;
}

/** ID-1: 85.60 × 53.98 mm. */
const ASPECT = 85.6 / 53.98;
/** Angle bins of the Hough transform over 180°. */
const ANGLES = 180;
/** Each edge pixel votes for its gradient's angle ± this many bins. */
const VOTE_SPREAD = 2;
/** Edge pixels weaker than this (Sobel magnitude, grey levels × 4 per pixel) do not vote. */
const EDGE_MIN = 14;
/** A vote's weight is the edge's strength, up to this (a crisp card border on a white table counts as much as a black one). */
const EDGE_CAP = 80;
/** Lines kept from the Hough accumulator. */
const MAX_LINES = 28;
/** Opposite sides may differ in angle by this much (perspective). */
const MAX_PARALLEL_DEG = 24;
/** Adjacent sides must cross at least at this angle. */
const MIN_CORNER_DEG = 55;
/** Along a side, a sample counts as on the edge with a gradient across it of at least this. */
const SUPPORT_MIN = 12;
/** Share of each side, at each end, left out of the support (the card's rounded corners). */
const CORNER_SKIP = 0.08;
/**
 * The camera's focal length as a share of the frame's long side: about 0.72 for a phone's main
 * camera (26 mm equivalent), 0.6–0.9 for laptop webcams. Only the perspective estimates (the
 * card's true aspect ratio, its tilt) depend on it; docs/quality.md shows how much.
 */
export const FOCAL = 0.8;
/** Largest error (natural log of the ratio) of a candidate's aspect ratio against ID-1's: ±12.7%. */
const ASPECT_TOLERANCE = 0.1;
/** A side whose line lies on an edge over this share of a stretch past its corner is not a card's. */
const OVERSHOOT = 0.6;
/** The card's long edge may be turned at most this much from the horizontal (degrees). */
const MAX_TURN = 40;
/** Every side of a card must lie on an edge over at least this share of its length. */
const MIN_SIDE_SUPPORT = 0.4;
/** Least confidence for a detection to be reported. */
export const MIN_CONFIDENCE = 0.45;
/** Smallest card side (share of the frame's shorter side) worth looking at. */
const MIN_SIDE_SHARE = 0.12;

interface Line {
  /** Unit normal. */
  nx: number;
  ny: number;
  /** Distance from the origin along the normal. */
  rho: number;
  /** Angle of the normal, radians in [0, π). */
  theta: number;
  /** Its weight in the Hough accumulator; 0 for the image's borders. */
  votes: number;
}

/** Gradients and edge strength of a frame. */
interface Gradients {
  gx: Float32Array;
  gy: Float32Array;
  mag: Float32Array;
}

/** Sobel gradients (the outermost pixels get 0). */
function gradients(grey: Float32Array, width: number, height: number): Gradients {
  const n = width * height;
  const gx = new Float32Array(n);
  const gy = new Float32Array(n);
  const mag = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) {
    let i = y * width + 1;
    for (let x = 1; x < width - 1; x++, i++) {
      const a = grey[i - width - 1]!;
      const b = grey[i - width]!;
      const c = grey[i - width + 1]!;
      const d = grey[i - 1]!;
      const f = grey[i + 1]!;
      const g = grey[i + width - 1]!;
      const h = grey[i + width]!;
      const k = grey[i + width + 1]!;
      const sx = c + 2 * f + k - a - 2 * d - g;
      const sy = g + 2 * h + k - a - 2 * b - c;
      gx[i] = sx;
      gy[i] = sy;
      mag[i] = Math.sqrt(sx * sx + sy * sy);
    }
  }
  return { gx, gy, mag };
}

/**
 * The Hough accumulator of the thin edges: `ANGLES` rows of `rhos` bins, ρ measured from the
 * image's centre, offset by `rhos / 2`.
 */
function hough({ gx, gy, mag }: Gradients, width: number, height: number): { acc: Float32Array; rhos: number } {
  const rhos = Math.ceil(Math.hypot(width, height)) + 2;
  const half = rhos / 2;
  const acc = new Float32Array(ANGLES * rhos);
  const cos = new Float32Array(ANGLES);
  const sin = new Float32Array(ANGLES);
  for (let a = 0; a < ANGLES; a++) {
    cos[a] = Math.cos((a * Math.PI) / ANGLES);
    sin[a] = Math.sin((a * Math.PI) / ANGLES);
  }
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2, i = y * width + 2; x < width - 2; x++, i++) {
      const m = mag[i]!;
      if (m < EDGE_MIN) continue;
      const sx = gx[i]!;
      const sy = gy[i]!;
      // Thin edges: a maximum along the gradient (4 directions).
      const ax = Math.abs(sx);
      const ay = Math.abs(sy);
      let m1: number;
      let m2: number;
      if (ax > 2.414 * ay) {
        m1 = mag[i - 1]!;
        m2 = mag[i + 1]!;
      } else if (ay > 2.414 * ax) {
        m1 = mag[i - width]!;
        m2 = mag[i + width]!;
      } else if (sx * sy > 0) {
        m1 = mag[i - width - 1]!;
        m2 = mag[i + width + 1]!;
      } else {
        m1 = mag[i - width + 1]!;
        m2 = mag[i + width - 1]!;
      }
      if (m < m1 || m <= m2) continue;
      let theta = Math.atan2(sy, sx);
      if (theta < 0) theta += Math.PI;
      const bin = Math.round((theta * ANGLES) / Math.PI);
      const weight = Math.min(m, EDGE_CAP);
      const px = x - cx;
      const py = y - cy;
      for (let d = -VOTE_SPREAD; d <= VOTE_SPREAD; d++) {
        let a = bin + d;
        let sign = 1;
        if (a < 0) {
          a += ANGLES;
          sign = -1;
        } else if (a >= ANGLES) {
          a -= ANGLES;
          sign = -1;
        }
        const r = Math.round(sign * (px * cos[a]! + py * sin[a]!) + half);
        acc[a * rhos + r]! += weight * (d === 0 ? 1 : d === 1 || d === -1 ? 0.75 : 0.4);
      }
    }
  }
  return { acc, rhos };
}

/** The strongest lines: local maxima of the accumulator, strongest first. */
function peaks(acc: Float32Array, rhos: number, width: number, height: number, minVotes: number): Line[] {
  const found: Line[] = [];
  const half = rhos / 2;
  const cx = width / 2;
  const cy = height / 2;
  for (let a = 0; a < ANGLES; a++) {
    for (let r = 2; r < rhos - 2; r++) {
      const v = acc[a * rhos + r]!;
      if (v < minVotes) continue;
      let isMax = true;
      for (let da = -3; da <= 3 && isMax; da++) {
        let na = a + da;
        let nr = r;
        if (na < 0 || na >= ANGLES) {
          na = (na + ANGLES) % ANGLES;
          nr = rhos - 1 - r; // the same line, seen from the other side
        }
        for (let dr = -4; dr <= 4; dr++) {
          if (!da && !dr) continue;
          const w = acc[na * rhos + Math.min(rhos - 1, Math.max(0, nr + dr))]!;
          if (w > v || (w === v && (da < 0 || (da === 0 && dr < 0)))) {
            isMax = false;
            break;
          }
        }
      }
      if (!isMax) continue;
      const theta = (a * Math.PI) / ANGLES;
      const nx = Math.cos(theta);
      const ny = Math.sin(theta);
      // Back to ρ from the image's origin.
      found.push({ nx, ny, theta, rho: r - half + nx * cx + ny * cy, votes: v });
    }
  }
  found.sort((p, q) => q.votes - p.votes);
  return found.slice(0, MAX_LINES);
}

/** Where two lines cross, or null if they are (nearly) parallel. */
function cross(p: Line, q: Line): [number, number] | null {
  const det = p.nx * q.ny - p.ny * q.nx;
  if (Math.abs(det) < 1e-6) return null;
  return [(p.rho * q.ny - q.rho * p.ny) / det, (p.nx * q.rho - q.nx * p.rho) / det];
}

/** The angle between two line directions, 0–90°. */
function angleBetween(p: Line, q: Line): number {
  const d = Math.abs(p.theta - q.theta) % Math.PI;
  return (Math.min(d, Math.PI - d) * 180) / Math.PI;
}

/** Points in clockwise order as seen on screen (y down), starting anywhere. */
function clockwise(points: [number, number][]): [number, number][] {
  const cx = (points[0]![0] + points[1]![0] + points[2]![0] + points[3]![0]) / 4;
  const cy = (points[0]![1] + points[1]![1] + points[2]![1] + points[3]![1]) / 4;
  return [...points].sort((p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx));
}

/** Whether four clockwise points make a convex quadrilateral. */
function convex(q: readonly Point[]): boolean {
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i]!;
    const [bx, by] = q[(i + 1) % 4]!;
    const [cx, cy] = q[(i + 2) % 4]!;
    if ((bx - ax) * (cy - by) - (by - ay) * (cx - bx) <= 0) return false;
  }
  return true;
}

const dist = (p: Point, q: Point): number => Math.hypot(q[0] - p[0], q[1] - p[1]);

/**
 * The pose of the flat rectangle a quadrilateral is the perspective view of, for a camera of
 * focal length `focal` (pixels) looking at the image's centre: the rectangle's true aspect ratio
 * (long side / short side, measured along the quad's first edge), and its tilt away from the
 * image plane, in degrees. From the homography of the unit square onto the quad: its first two
 * columns, with the camera's intrinsics removed, are the rectangle's axes in 3D.
 */
export function planePose(q: Quad, width: number, height: number, focal = FOCAL * Math.max(width, height)): { aspect: number; tilt: number } {
  const cx = width / 2;
  const cy = height / 2;
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q.map(([x, y]) => [x - cx, y - cy] as const) as unknown as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const den = dx1 * dy2 - dx2 * dy1 || 1e-9;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  // Columns of the homography (unit square → centred image), intrinsics removed.
  const r1 = [(x1 - x0 + g * x1) / focal, (y1 - y0 + g * y1) / focal, g];
  const r2 = [(x3 - x0 + h * x3) / focal, (y3 - y0 + h * y3) / focal, h];
  const n1 = Math.hypot(r1[0]!, r1[1]!, r1[2]!);
  const n2 = Math.hypot(r2[0]!, r2[1]!, r2[2]!);
  // The plane's normal: r1 × r2; its angle to the optical axis is the tilt.
  const nx = r1[1]! * r2[2]! - r1[2]! * r2[1]!;
  const ny = r1[2]! * r2[0]! - r1[0]! * r2[2]!;
  const nz = r1[0]! * r2[1]! - r1[1]! * r2[0]!;
  const tilt = (Math.acos(Math.min(1, Math.abs(nz) / (Math.hypot(nx, ny, nz) || 1))) * 180) / Math.PI;
  return { aspect: n1 / (n2 || 1e-9), tilt };
}

/**
 * How much of the side from `a` to `b` lies on an edge: at samples `spacing` px apart (its rounded
 * ends left out), the strongest gradient across the side within ±2 px must reach `SUPPORT_MIN`
 * and point across it (within about 25°); only the samples of the side's majority polarity
 * count, and `strength` is their mean gradient. Samples outside the image are left out; `visible`
 * says what share of the side is in.
 */
function sideSupport(
  grads: Gradients,
  width: number,
  height: number,
  a: Point,
  b: Point,
  spacing = 1.5,
  min = SUPPORT_MIN,
): { support: number; visible: number; strength: number } {
  const { gx, gy } = grads;
  const length = dist(a, b);
  const ux = (b[0] - a[0]) / length;
  const uy = (b[1] - a[1]) / length;
  // The normal, pointing to the right of a → b (outwards for a clockwise quad on screen).
  const nx = -uy;
  const ny = ux;
  const steps = Math.max(4, Math.floor((length * (1 - 2 * CORNER_SKIP)) / spacing));
  let plus = 0;
  let minus = 0;
  let plusSum = 0;
  let minusSum = 0;
  let inside = 0;
  for (let s = 0; s <= steps; s++) {
    const t = length * (CORNER_SKIP + ((1 - 2 * CORNER_SKIP) * s) / steps);
    const px = a[0] + ux * t;
    const py = a[1] + uy * t;
    if (px < 2 || py < 2 || px >= width - 2 || py >= height - 2) continue;
    inside++;
    let best = 0;
    for (let o = -2; o <= 2; o++) {
      const i = Math.round(py + ny * o) * width + Math.round(px + nx * o);
      const across = gx[i]! * nx + gy[i]! * ny;
      const along = gx[i]! * ux + gy[i]! * uy;
      // Across the side, not along it (tan 25° ≈ 0.47).
      if (Math.abs(along) > 0.47 * Math.abs(across)) continue;
      if (Math.abs(across) > Math.abs(best)) best = across;
    }
    if (best >= min) {
      plus++;
      plusSum += best;
    } else if (best <= -min) {
      minus++;
      minusSum -= best;
    }
  }
  const total = steps + 1;
  const strength = plus >= minus ? plusSum / (plus || 1) : minusSum / (minus || 1);
  return { support: inside ? Math.max(plus, minus) / inside : 0, visible: inside / total, strength };
}

/** Mean luma in a band just inside the quad against one just outside it (0–1). */
function bandContrast(grey: Float32Array, width: number, height: number, q: Quad): number {
  const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4;
  const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4;
  let inSum = 0;
  let inN = 0;
  let outSum = 0;
  let outN = 0;
  for (let k = 0; k < 4; k++) {
    const a = q[k]!;
    const b = q[(k + 1) % 4]!;
    for (let s = 1; s < 24; s++) {
      const t = 0.1 + (0.8 * s) / 24;
      const px = a[0] + (b[0] - a[0]) * t;
      const py = a[1] + (b[1] - a[1]) * t;
      for (const [share, inner] of [
        [0.93, true],
        [1.07, false],
      ] as const) {
        const x = Math.round(cx + (px - cx) * share);
        const y = Math.round(cy + (py - cy) * share);
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        if (inner) {
          inSum += grey[y * width + x]!;
          inN++;
        } else {
          outSum += grey[y * width + x]!;
          outN++;
        }
      }
    }
  }
  return inN && outN ? Math.abs(inSum / inN - outSum / outN) / 255 : 0;
}

interface Candidate {
  corners: Quad;
  score: number;
  edges: number;
  contrast: number;
  cutOff: boolean;
}

/** The corners in the order of `Quad`: clockwise, the first edge a long one, starting at the top. */
function orderCorners(points: [number, number][]): Quad {
  const c = clockwise(points);
  // The first edge must be a long one: of the two long edges, the upper one.
  const long01 = dist(c[0]!, c[1]!) + dist(c[2]!, c[3]!) >= dist(c[1]!, c[2]!) + dist(c[3]!, c[0]!);
  let start = long01 ? 0 : 1;
  const midY = (i: number) => (c[i % 4]![1] + c[(i + 1) % 4]![1]) / 2;
  if (midY(start + 2) < midY(start)) start += 2;
  return [c[start % 4]!, c[(start + 1) % 4]!, c[(start + 2) % 4]!, c[(start + 3) % 4]!] as unknown as Quad;
}

/**
 * Refits a side to the edge pixels along it: at each sample, the peak of the gradient across
 * the side within ±3 px (to a fraction of a pixel), then a least-squares line through them.
 * Returns the line, or the original one if too few points were found.
 */
function refit(grads: Gradients, width: number, height: number, a: Point, b: Point, line: Line): Line {
  const { gx, gy } = grads;
  const length = dist(a, b);
  const ux = (b[0] - a[0]) / length;
  const uy = (b[1] - a[1]) / length;
  const nx = -uy;
  const ny = ux;
  const xs: number[] = [];
  const ys: number[] = [];
  let polarity = 0;
  const samples: [number, number, number][] = [];
  for (let t = length * CORNER_SKIP; t <= length * (1 - CORNER_SKIP); t += 1) {
    const px = a[0] + ux * t;
    const py = a[1] + uy * t;
    let best = 0;
    let at = 0;
    const values: number[] = [];
    for (let o = -3; o <= 3; o++) {
      const x = Math.round(px + nx * o);
      const y = Math.round(py + ny * o);
      if (x < 1 || y < 1 || x >= width - 1 || y >= height - 1) {
        values.push(0);
        continue;
      }
      const i = y * width + x;
      const across = gx[i]! * nx + gy[i]! * ny;
      values.push(across);
      if (Math.abs(across) > Math.abs(best)) {
        best = across;
        at = o;
      }
    }
    if (Math.abs(best) < SUPPORT_MIN) continue;
    // Parabolic interpolation of the peak.
    const k = at + 3;
    let offset = at;
    if (k > 0 && k < 6) {
      const l = Math.abs(values[k - 1]!);
      const c = Math.abs(values[k]!);
      const r = Math.abs(values[k + 1]!);
      const den = l - 2 * c + r;
      if (den < 0) offset += (0.5 * (l - r)) / den;
    }
    samples.push([px + nx * offset, py + ny * offset, Math.sign(best)]);
    polarity += Math.sign(best);
  }
  const sign = polarity >= 0 ? 1 : -1;
  for (const [x, y, s] of samples) {
    if (s !== sign) continue;
    xs.push(x);
    ys.push(y);
  }
  if (xs.length < 8) return line;
  // Total least squares, twice: the second time without the points far from the first line.
  let fitted = fitLine(xs, ys);
  if (!fitted) return line;
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    if (Math.abs(xs[i]! * fitted.nx + ys[i]! * fitted.ny - fitted.rho) <= 1.2) {
      keepX.push(xs[i]!);
      keepY.push(ys[i]!);
    }
  }
  if (keepX.length >= 8) fitted = fitLine(keepX, keepY) ?? fitted;
  // A refit that turns the side by more than a few degrees found something else: keep the line.
  if (Math.abs(fitted.nx * line.nx + fitted.ny * line.ny) < Math.cos((4 * Math.PI) / 180)) return line;
  return fitted;
}

/** The line through points by total least squares. */
function fitLine(xs: number[], ys: number[]): Line | null {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // The direction of least spread is the normal.
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const nx = -Math.sin(angle);
  const ny = Math.cos(angle);
  if (!Number.isFinite(nx)) return null;
  let theta = Math.atan2(ny, nx);
  if (theta < 0) theta += Math.PI;
  return { nx, ny, rho: nx * mx + ny * my, theta, votes: n };
}

/** Samples along a side 3 px apart while screening candidates; every 1.5 px for the shortlist. */
const SCREEN_SPACING = 3;
/** Candidates scored again in full. */
const SHORTLIST = 6;

/**
 * A candidate's score (0–1), or null if one of its sides is too weak: edge support (the weakest
 * side counting most), shape (`shape`, 0–1), size, contrast, and the share of it in the image.
 */
function scoreQuad(grey: Float32Array, grads: Gradients, width: number, height: number, corners: Quad, shape: number, spacing: number): Candidate | null {
  let sum = 0;
  let weakest = 1;
  let real = 0;
  for (let k = 0; k < 4; k++) {
    const a = corners[k]!;
    const b = corners[(k + 1) % 4]!;
    const side = sideSupport(grads, width, height, a, b, spacing);
    if (side.visible <= 0.25) continue; // beyond the image, or along its border
    real++;
    sum += side.support;
    weakest = Math.min(weakest, side.support);
    if (weakest < MIN_SIDE_SUPPORT) return null;
    // A card's border ends at its corners: a line that goes on past one is something else's
    // (a printed line, the edge of a photo on the card, a larger object).
    const min = 0.5 * side.strength;
    if (overshoots(grads, width, height, a, b, spacing, min) || overshoots(grads, width, height, b, a, spacing, min)) return null;
  }
  const cutOff = real < 4 || corners.some(([x, y]) => x < -1 || y < -1 || x > width + 1 || y > height + 1);
  if (real < 2 || (cutOff && weakest < 0.6)) return null;
  const edges = sum / real;
  const contrast = bandContrast(grey, width, height, corners);
  const top = dist(corners[0], corners[1]);
  const bottom = dist(corners[3], corners[2]);
  const left = dist(corners[0], corners[3]);
  const right = dist(corners[1], corners[2]);
  // Larger cards first among equals (the card's border, not a box printed on it).
  const area = (((top + bottom) / 2) * (left + right)) / 2 / (width * height);
  const score =
    (0.6 * weakest + 0.4 * edges) *
    (0.75 + 0.25 * shape) *
    (0.8 + 0.2 * Math.min(1, area / 0.3)) *
    (0.85 + 0.15 * Math.min(1, contrast / 0.05)) *
    // A whole card, seen, beats a part of one.
    (cutOff ? 0.85 : 1);
  return { corners, score, edges: weakest, contrast, cutOff };
}

/**
 * Whether the line of the side from `a` to `b` goes on past `b` (from 4% to 14% of its length
 * beyond) as an edge of at least `min`: half the side's own strength, so that texture and noise
 * on the table do not count.
 */
function overshoots(grads: Gradients, width: number, height: number, a: Point, b: Point, spacing: number, min: number): boolean {
  const ux = (b[0] - a[0]) / dist(a, b);
  const uy = (b[1] - a[1]) / dist(a, b);
  const length = dist(a, b);
  const from: Point = [b[0] + ux * 0.04 * length, b[1] + uy * 0.04 * length];
  const to: Point = [b[0] + ux * 0.14 * length, b[1] + uy * 0.14 * length];
  const beyond = sideSupport(grads, width, height, from, to, spacing, Math.max(SUPPORT_MIN, min));
  return beyond.visible > 0.5 && beyond.support >= OVERSHOOT;
}

/**
 * The card in a frame, or `null`. `grey` is the frame's luma (0–255), `width` × `height`,
 * about 640 px on the long side.
 */
export function detectCard(grey: Float32Array, width: number, height: number): Detection | null {
  if (width < 32 || height < 32) return null;
  const grads = gradients(grey, width, height);
  const { acc, rhos } = hough(grads, width, height);
  const short = Math.min(width, height);
  const minSide = MIN_SIDE_SHARE * short;
  const lines = peaks(acc, rhos, width, height, minSide * EDGE_MIN * 0.5);
  if (lines.length < 2) return null;
  // The image's borders, as lines: a card cut off by the frame has a side there.
  lines.push(
    { nx: 1, ny: 0, theta: 0, rho: 0.5, votes: 0 },
    { nx: 1, ny: 0, theta: 0, rho: width - 1.5, votes: 0 },
    { nx: 0, ny: 1, theta: Math.PI / 2, rho: 0.5, votes: 0 },
    { nx: 0, ny: 1, theta: Math.PI / 2, rho: height - 1.5, votes: 0 },
  );

  // Pairs of roughly parallel lines far enough apart.
  const pairs: [Line, Line][] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const p = lines[i]!;
      const q = lines[j]!;
      if (angleBetween(p, q) > MAX_PARALLEL_DEG) continue;
      // Their distance, measured at the image's centre along p's normal.
      const cx = width / 2;
      const cy = height / 2;
      const dq = (q.rho - q.nx * cx - q.ny * cy) * (p.nx * q.nx + p.ny * q.ny >= 0 ? 1 : -1);
      const dp = p.rho - p.nx * cx - p.ny * cy;
      if (Math.abs(dq - dp) < minSide) continue;
      pairs.push([p, q]);
    }
  }

  const margin = 0.25 * short;
  const shortlist: (Candidate & { shape: number })[] = [];
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i + 1; j < pairs.length; j++) {
      const [p1, p2] = pairs[i]!;
      const [q1, q2] = pairs[j]!;
      if (p1 === q1 || p1 === q2 || p2 === q1 || p2 === q2) continue;
      if (Math.min(angleBetween(p1, q1), angleBetween(p1, q2), angleBetween(p2, q1), angleBetween(p2, q2)) < MIN_CORNER_DEG) continue;
      const points = [cross(p1, q1), cross(q1, p2), cross(p2, q2), cross(q2, p1)];
      if (points.some((pt) => !pt || pt[0] < -margin || pt[1] < -margin || pt[0] > width + margin || pt[1] > height + margin)) continue;
      const corners = orderCorners(points as [number, number][]);
      if (!convex(corners)) continue;
      const top = dist(corners[0], corners[1]);
      const bottom = dist(corners[3], corners[2]);
      const left = dist(corners[0], corners[3]);
      const right = dist(corners[1], corners[2]);
      if (Math.min(top, bottom, left, right) < minSide) continue;
      const turn = (Math.atan2(corners[1][1] - corners[0][1], corners[1][0] - corners[0][0]) * 180) / Math.PI;
      if (Math.abs(turn) > MAX_TURN) continue;
      // Shape: the flat rectangle's aspect ratio against ID-1's (unknown for a card cut off by a
      // border: only its visible part is in the image).
      const onBorder = [p1, p2, q1, q2].filter((line) => line.votes === 0).length;
      if (onBorder > 2) continue;
      const { aspect } = planePose(corners, width, height);
      const aspectError = Math.abs(Math.log(aspect / ASPECT));
      if (!onBorder && aspectError > ASPECT_TOLERANCE) continue;
      const shape = onBorder ? 0 : 1 - aspectError / ASPECT_TOLERANCE;
      const screened = scoreQuad(grey, grads, width, height, corners, shape, SCREEN_SPACING);
      if (!screened) continue;
      shortlist.push({ ...screened, shape });
      shortlist.sort((p, q) => q.score - p.score);
      if (shortlist.length > SHORTLIST) shortlist.pop();
    }
  }
  // The few best, scored again with every sample.
  let best: Candidate | null = null;
  for (const candidate of shortlist) {
    const scored = scoreQuad(grey, grads, width, height, candidate.corners, candidate.shape, 1.5);
    if (scored && (!best || scored.score > best.score)) best = scored;
  }
  if (!best || best.score < MIN_CONFIDENCE) return null;

  // Refit each side to its edge pixels and intersect again.
  const c = best.corners;
  const sides: Line[] = [];
  for (let k = 0; k < 4; k++) {
    const a = c[k]!;
    const b = c[(k + 1) % 4]!;
    const rough = fitLine([a[0], b[0]], [a[1], b[1]])!;
    sides.push(refit(grads, width, height, a, b, rough));
  }
  const refined: [number, number][] = [];
  for (let k = 0; k < 4; k++) {
    const point = cross(sides[(k + 3) % 4]!, sides[k]!);
    if (!point || dist(point, c[k]!) > 0.05 * short) return finish(best);
    refined.push(point);
  }
  return finish({ ...best, corners: orderCorners(refined) });
}

function finish(candidate: Candidate): Detection {
  return {
    corners: candidate.corners,
    confidence: Math.min(1, candidate.score),
    edges: candidate.edges,
    contrast: candidate.contrast,
    cutOff: candidate.cutOff,
  };
}
