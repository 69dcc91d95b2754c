/**
 * Finds an ID-1 card's four corners anywhere in a frame, from its luma at analysis size (about
 * 640 px on the long side). Pure: no DOM; its few large buffers are reused from frame to frame.
 *
 * 1. Gradients (Sobel) and thin edges (non-maximum suppression along the gradient).
 * 2. Straight lines: a Hough transform in which each edge pixel votes only for the few line
 *    angles its gradient allows, weighted by its strength (so texture and noise, whose votes
 *    scatter, do not pile up the way a card's long straight border does); the image's borders
 *    are lines too (a card cut off by the frame has a side there).
 * 3. Quadrilaterals: two roughly parallel pairs of the strongest lines, crossing at a
 *    reasonable angle; each is scored by its shape (the aspect ratio of the flat rectangle it is
 *    the perspective view of, against ID-1's 1.586), by how much of each side lies on an edge
 *    with the gradient across it (its rounded corners left out), by whether its lines stop at
 *    its corners as a card's border does, and by the contrast between inside and outside.
 * 4. A side that settled on a line printed near the card's edge moves out to the edge; then
 *    each side is refitted to the edge pixels along it, to a fraction of a pixel.
 *
 * How the thresholds were chosen, and what it costs, is in docs/quality.md.
 */
import { quadTurn, type Point, type Quad } from '../quad.js';

/** The card found in a frame. */
export interface Detection {
  /** `[topLeft, topRight, bottomRight, bottomLeft]`, in the analysed image's pixels (pixel `i` covers `[i, i + 1)`). */
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
/** Each edge pixel votes for its gradient's angle ± this many bins, */
const VOTE_SPREAD = 2;
/** with these weights (the gradient's angle is good to a degree or two). */
const VOTE_WEIGHTS = [0.4, 0.75, 1, 0.75, 0.4];
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
/** Edges must stand this many times above the frame's median gradient (its texture and noise). */
const NOISE_FACTOR = 2.5;
/** Along a side, a sample counts as on the edge with a gradient across it of at least this (or more: see `edgeThreshold`). */
const SUPPORT_MIN = 12;
/** Share of each side, at each end, left out of the support (the card's rounded corners). */
const CORNER_SKIP = 0.08;
/**
 * The camera's focal length as a share of the frame's long side: about 0.72 for a phone's main
 * camera (26 mm equivalent), 0.6–0.9 for laptop webcams. Only the perspective estimates (the
 * card's true aspect ratio, its tilt) depend on it; docs/quality.md shows how much.
 */
export const FOCAL = 0.8;
/** Largest error (natural log of the ratio) of a candidate's aspect ratio against ID-1's: ±10.5%. */
const ASPECT_TOLERANCE = 0.1;
/** A side whose line lies on an edge over this share of a stretch past its corner is not a card's. */
const OVERSHOOT = 0.6;
/** The card's long edge may be turned at most this much from the horizontal (degrees). */
const MAX_TURN = 40;
/** How far out (share of the card's size across a side) `widen` looks for the card's edge. */
const WIDEN_REACH = 0.12;
/** Largest difference of mean luma (grey levels) 4 px inside and outside a printed line on the card. */
const WIDEN_SAME = 12;
/** Share of a parallel line that must lie on an edge for `widen` to move a side to it. */
const WIDEN_SUPPORT = 0.6;
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
  /** The edge evidence along it (filled in for the lines that make candidates). */
  profile?: Profile;
}

/** Between two samples of a line's profile, in pixels. */
const PROFILE_STEP = 1.5;

/**
 * Edge evidence sampled along a whole line, so that the support of any stretch of it (a side of
 * a candidate) is a few look-ups. Sample `i` is at `t0 + i * PROFILE_STEP` along the line's
 * direction `(−ny, nx)` from its foot `rho · n`.
 */
interface Profile {
  t0: number;
  /** Per sample: the strongest gradient across the line within ±2 px that points across it (signed along the normal); NaN outside the image. */
  across: Float32Array;
  /**
   * Prefix sums over the samples (entry `i` sums the samples before `i`): inside the image; at
   * least the frame's edge threshold (`min`), either way; the strengths of the positive ones, of
   * the negative ones.
   */
  inside: Int32Array;
  edge: Int32Array;
  plusSum: Float64Array;
  minusSum: Float64Array;
}

/** Samples the edge evidence along a line (see `Profile`). */
function profileOf(
  { gx, gy }: Gradients,
  width: number,
  height: number,
  line: Line,
  min: number,
  slot: number,
): Profile {
  const { nx, ny } = line;
  const ux = -ny;
  const uy = nx;
  const reach = Math.hypot(width, height);
  const count = Math.ceil((2 * reach) / PROFILE_STEP) + 1;
  const t0 = -reach;
  // The arrays of the profile that had this slot last frame, when of this size (`t0` says).
  let reused = profiles[slot];
  if (reused?.t0 !== t0) {
    reused = profiles[slot] = {
      t0,
      across: new Float32Array(count),
      inside: new Int32Array(count + 1),
      edge: new Int32Array(count + 1),
      plusSum: new Float64Array(count + 1),
      minusSum: new Float64Array(count + 1),
    };
  }
  const { across, inside, edge, plusSum, minusSum } = reused;
  for (let i = 0; i < count; i++) {
    const t = t0 + i * PROFILE_STEP;
    const px = line.rho * nx + t * ux;
    const py = line.rho * ny + t * uy;
    inside[i + 1] = inside[i];
    edge[i + 1] = edge[i];
    plusSum[i + 1] = plusSum[i];
    minusSum[i + 1] = minusSum[i];
    if (px < 2 || py < 2 || px >= width - 2 || py >= height - 2) {
      across[i] = NaN;
      continue;
    }
    let best = 0;
    for (let o = -2; o <= 2; o++) {
      const j = Math.round(py + ny * o) * width + Math.round(px + nx * o);
      const a = gx[j] * nx + gy[j] * ny;
      const along = gx[j] * ux + gy[j] * uy;
      // Across the line, not along it (tan 25° ≈ 0.47).
      if (Math.abs(along) > 0.47 * Math.abs(a)) continue;
      if (Math.abs(a) > Math.abs(best)) best = a;
    }
    across[i] = best;
    inside[i + 1]++;
    if (Math.abs(best) >= min) {
      edge[i + 1]++;
      if (best > 0) plusSum[i + 1] += best;
      else minusSum[i + 1] -= best;
    }
  }
  return reused;
}

/** Profiles kept from one frame to the next, by the line's place in the frame's list. */
const profiles: Profile[] = [];

/**
 * The gradient a sample must reach to count as on an edge in this frame: `SUPPORT_MIN`, or more
 * where the table's texture or the sensor's noise is strong (`NOISE_FACTOR` × the median
 * gradient, which in a frame mostly of flat surfaces is the noise's).
 */
function edgeThreshold(mag: Float32Array, width: number, height: number): number {
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let y = 2; y < height - 2; y += 3) {
    for (let x = 2, i = y * width + 2; x < width - 2; x += 3, i += 3) {
      histogram[Math.min(255, mag[i] | 0)]++;
      n++;
    }
  }
  let seen = 0;
  let median = 0;
  while (median < 255 && (seen += histogram[median]) < n / 2) median++;
  return Math.max(SUPPORT_MIN, NOISE_FACTOR * median);
}

/** Where a point lies along a line (its parameter `t`, see `Profile`). */
const along = (line: Line, [x, y]: Point): number => -line.ny * x + line.nx * y;

/**
 * How much of the stretch of `line` from `a` to `b` lies on an edge, its rounded ends left out:
 * the share of its samples in the image whose gradient across it reaches the frame's edge
 * threshold, either way (a card's edge may be darker than the table on one part of a side and
 * lighter on another: over a sheet of paper, in a shadow); `strength`, their mean gradient;
 * `visible`, the share of it in the image.
 */
function stretchSupport(line: Line, a: Point, b: Point): { support: number; visible: number; strength: number } {
  const { t0, across, inside, edge, plusSum, minusSum } = line.profile!;
  const ta = along(line, a);
  const tb = along(line, b);
  const skip = Math.abs(tb - ta) * CORNER_SKIP;
  const lo = Math.min(ta, tb) + skip;
  const hi = Math.max(ta, tb) - skip;
  const last = across.length - 1;
  // Its samples, within the profile: from i0 up to (not including) i1.
  const i0 = Math.max(0, Math.min(last + 1, Math.ceil((lo - t0) / PROFILE_STEP)));
  const i1 = Math.max(-1, Math.min(last, Math.floor((hi - t0) / PROFILE_STEP))) + 1;
  const total = i1 - i0;
  if (total <= 0) return { support: 0, visible: 0, strength: 0 };
  const n = inside[i1] - inside[i0];
  const on = edge[i1] - edge[i0];
  const strength = (plusSum[i1] - plusSum[i0] + minusSum[i1] - minusSum[i0]) / (on || 1);
  return { support: n ? on / n : 0, visible: n / total, strength };
}

/**
 * Whether `line` goes on past `b`, away from `a` (from 4% to 14% of the side's length beyond),
 * as an edge of at least `min` on most of that stretch in the image.
 */
function overshoots(line: Line, a: Point, b: Point, min: number): boolean {
  const { t0, across } = line.profile!;
  const ta = along(line, a);
  const tb = along(line, b);
  const length = Math.abs(tb - ta);
  const dir = Math.sign(tb - ta);
  let inside = 0;
  let on = 0;
  for (let t = tb + dir * 0.04 * length; dir * (t - (tb + dir * 0.14 * length)) <= 0; t += dir * PROFILE_STEP) {
    const v = across[Math.round((t - t0) / PROFILE_STEP)];
    // Beyond the profile, or outside the image (NaN).
    if (!(Math.abs(v) >= 0)) continue;
    inside++;
    if (Math.abs(v) >= min) on++;
  }
  const stretch = Math.max(1, Math.round((0.1 * length) / PROFILE_STEP));
  return inside > 0.5 * stretch && on >= OVERSHOOT * inside;
}

/** Gradients and edge strength of a frame. */
interface Gradients {
  gx: Float32Array;
  gy: Float32Array;
  mag: Float32Array;
}

/**
 * Buffers kept from one frame to the next (frames come a few a second, all of one size): no
 * megabytes of garbage per frame.
 */
const buffers: Partial<Record<'gx' | 'gy' | 'mag' | 'acc', Float32Array>> = {};

/** The buffer `name` of `size`, zeroed: last frame's when of that size. */
function buffer(name: 'gx' | 'gy' | 'mag' | 'acc', size: number): Float32Array {
  const reused = buffers[name];
  return reused?.length === size ? reused.fill(0) : (buffers[name] = new Float32Array(size));
}

/** `Math.atan2` to about 1e-5 rad, several times faster (a polynomial on the octant). */
function atan2(y: number, x: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  const a = Math.min(ax, ay) / (Math.max(ax, ay) || 1);
  const s = a * a;
  let r = ((-0.0464964749 * s + 0.15931422) * s - 0.327622764) * s * a + a;
  if (ay > ax) r = 1.57079637 - r;
  if (x < 0) r = 3.14159274 - r;
  return y < 0 ? -r : r;
}

/** Sobel gradients (the outermost pixels get 0). */
function gradients(grey: Float32Array, width: number, height: number): Gradients {
  const n = width * height;
  const gx = buffer('gx', n);
  const gy = buffer('gy', n);
  const mag = buffer('mag', n);
  for (let y = 1; y < height - 1; y++) {
    let i = y * width + 1;
    for (let x = 1; x < width - 1; x++, i++) {
      const a = grey[i - width - 1];
      const b = grey[i - width];
      const c = grey[i - width + 1];
      const d = grey[i - 1];
      const f = grey[i + 1];
      const g = grey[i + width - 1];
      const h = grey[i + width];
      const k = grey[i + width + 1];
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
  const acc = buffer('acc', ANGLES * rhos);
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
      const m = mag[i];
      if (m < EDGE_MIN) continue;
      const sx = gx[i];
      const sy = gy[i];
      // Thin edges: a maximum along the gradient (4 directions: the step to the neighbour that way).
      const ax = Math.abs(sx);
      const ay = Math.abs(sy);
      const step = ax > 2.414 * ay ? 1 : ay > 2.414 * ax ? width : sx * sy > 0 ? width + 1 : width - 1;
      if (m < mag[i - step] || m <= mag[i + step]) continue;
      let theta = atan2(sy, sx);
      if (theta < 0) theta += Math.PI;
      const bin = Math.round((theta * ANGLES) / Math.PI);
      const weight = Math.min(m, EDGE_CAP);
      const px = x - cx;
      const py = y - cy;
      for (let d = -VOTE_SPREAD; d <= VOTE_SPREAD; d++) {
        // Angles wrap at 180° (a line's normal either way); the pixel is on the line either way.
        const a = (bin + d + ANGLES) % ANGLES;
        const r = half + px * cos[a] + py * sin[a];
        acc[a * rhos + ((r + 0.5) | 0)] += weight * VOTE_WEIGHTS[d + VOTE_SPREAD];
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
      const v = acc[a * rhos + r];
      if (v < minVotes) continue;
      let isMax = true;
      for (let da = -3; da <= 3 && isMax; da++) {
        let na = a + da;
        let nr = r;
        if (na < 0 || na >= ANGLES) {
          na = (na + ANGLES) % ANGLES;
          nr = rhos - r; // across 0°/180° the same ρ is the negated one
        }
        for (let dr = -4; dr <= 4; dr++) {
          if (!da && !dr) continue;
          const w = acc[na * rhos + Math.min(rhos - 1, Math.max(0, nr + dr))];
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

/**
 * The corners of the quadrilateral whose sides lie on `lines`, in order: corner `k` where side
 * `k − 1` meets side `k`; null if two of them do not meet.
 */
function meet(lines: readonly Line[]): [number, number][] | null {
  const corners = lines.map((line, k) => cross(lines[(k + 3) % 4], line));
  return corners.includes(null) ? null : (corners as [number, number][]);
}

/** The angle between two line directions, 0–90°. */
function angleBetween(p: Line, q: Line): number {
  const d = Math.abs(p.theta - q.theta) % Math.PI;
  return (Math.min(d, Math.PI - d) * 180) / Math.PI;
}

/** The mean of four points. */
const centre = (q: readonly Point[]): Point => [
  (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4,
  (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4,
];

/** Whether four clockwise points make a convex quadrilateral. */
function convex(q: readonly Point[]): boolean {
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i];
    const [bx, by] = q[(i + 1) % 4];
    const [cx, cy] = q[(i + 2) % 4];
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
export function planePose(
  q: Quad,
  width: number,
  height: number,
  focal = FOCAL * Math.max(width, height),
): { aspect: number; tilt: number } {
  const cx = width / 2;
  const cy = height / 2;
  const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = q.map(([x, y]) => [x - cx, y - cy] as const);
  const sx = x0 - x1 + x2 - x3;
  const sy = y0 - y1 + y2 - y3;
  const dx1 = x1 - x2;
  const dx2 = x3 - x2;
  const dy1 = y1 - y2;
  const dy2 = y3 - y2;
  const den = dx1 * dy2 - dx2 * dy1 || 1e-9;
  const g = (sx * dy2 - dx2 * sy) / den;
  const h = (dx1 * sy - sx * dy1) / den;
  // Columns of the homography (unit square → centred image), intrinsics removed: (ax, ay, g) and (bx, by, h).
  const ax = (x1 - x0 + g * x1) / focal;
  const ay = (y1 - y0 + g * y1) / focal;
  const bx = (x3 - x0 + h * x3) / focal;
  const by = (y3 - y0 + h * y3) / focal;
  // The plane's normal: their cross product; its angle to the optical axis is the tilt.
  const nx = ay * h - g * by;
  const ny = g * bx - ax * h;
  const nz = ax * by - ay * bx;
  const tilt = (Math.acos(Math.min(1, Math.abs(nz) / (Math.hypot(nx, ny, nz) || 1))) * 180) / Math.PI;
  return { aspect: Math.hypot(ax, ay, g) / (Math.hypot(bx, by, h) || 1e-9), tilt };
}

/** How far (natural log of the ratio) the aspect ratio of the flat rectangle seen as `q` is from ID-1's. */
const aspectError = (q: Quad, width: number, height: number): number =>
  Math.abs(Math.log(planePose(q, width, height).aspect / ASPECT));

/** Calls `visit` at `parts − 1` points evenly spread over the middle 80% of the segment from `a` to `b`. */
function forEachAlong(a: Point, b: Point, parts: number, visit: (x: number, y: number) => void): void {
  for (let s = 1; s < parts; s++) {
    const t = 0.1 + (0.8 * s) / parts;
    visit(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
  }
}

/** Mean luma in a band just inside the quad against one just outside it (0–1). */
function bandContrast(grey: Float32Array, width: number, height: number, q: Quad): number {
  const [cx, cy] = centre(q);
  // Inside, then outside: the sum of the luma and the count of the samples in the image.
  const sums = [0, 0];
  const counts = [0, 0];
  for (let k = 0; k < 4; k++) {
    forEachAlong(q[k], q[(k + 1) % 4], 24, (px, py) => {
      for (let j = 0; j < 2; j++) {
        const share = j ? 1.07 : 0.93;
        const x = Math.round(cx + (px - cx) * share);
        const y = Math.round(cy + (py - cy) * share);
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        sums[j] += grey[y * width + x];
        counts[j]++;
      }
    });
  }
  return counts[0] && counts[1] ? Math.abs(sums[0] / counts[0] - sums[1] / counts[1]) / 255 : 0;
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
  // Clockwise as seen on screen (y down), starting anywhere.
  const [cx, cy] = centre(points);
  const c = [...points].sort((p, q) => Math.atan2(p[1] - cy, p[0] - cx) - Math.atan2(q[1] - cy, q[0] - cx));
  // The first edge must be a long one: of the two long edges, the upper one.
  const long01 = dist(c[0], c[1]) + dist(c[2], c[3]) >= dist(c[1], c[2]) + dist(c[3], c[0]);
  let start = long01 ? 0 : 1;
  const midY = (i: number) => (c[i % 4][1] + c[(i + 1) % 4][1]) / 2;
  if (midY(start + 2) < midY(start)) start += 2;
  return [c[start % 4], c[(start + 1) % 4], c[(start + 2) % 4], c[(start + 3) % 4]] as unknown as Quad;
}

/**
 * Refits a side to the edge pixels along it: at each sample, the peak of the gradient across
 * the side within ±3 px (to a fraction of a pixel), then a least-squares line through them.
 * Returns the line, or the original one if too few points were found.
 */
function refit(
  { gx, gy }: Gradients,
  width: number,
  height: number,
  a: Point,
  b: Point,
  line: Line,
  min: number,
): Line {
  const length = dist(a, b);
  const ux = (b[0] - a[0]) / length;
  const uy = (b[1] - a[1]) / length;
  const nx = -uy;
  const ny = ux;
  let polarity = 0;
  // Each peak: where it is, and which way the gradient across points.
  const samples: [number, number, number][] = [];
  for (let t = length * CORNER_SKIP; t <= length * (1 - CORNER_SKIP); t += 1) {
    const px = a[0] + ux * t;
    const py = a[1] + uy * t;
    /** The gradient across the side `o` px across from the sample (0 outside the image). */
    const across = (o: number): number => {
      const x = Math.round(px + nx * o);
      const y = Math.round(py + ny * o);
      const i = y * width + x;
      return x < 1 || y < 1 || x >= width - 1 || y >= height - 1 ? 0 : gx[i] * nx + gy[i] * ny;
    };
    let best = 0;
    let at = 0;
    for (let o = -3; o <= 3; o++) {
      const v = across(o);
      if (Math.abs(v) > Math.abs(best)) {
        best = v;
        at = o;
      }
    }
    if (Math.abs(best) < min) continue;
    // Parabolic interpolation of the peak.
    let offset = at;
    if (at > -3 && at < 3) {
      const l = Math.abs(across(at - 1));
      const c = Math.abs(best);
      const r = Math.abs(across(at + 1));
      const den = l - 2 * c + r;
      if (den < 0) offset += (0.5 * (l - r)) / den;
    }
    // From the pixel where the peak is (not the line's point, which lies between pixels).
    const peakX = Math.round(px + nx * at);
    const peakY = Math.round(py + ny * at);
    samples.push([peakX + nx * (offset - at), peakY + ny * (offset - at), Math.sign(best)]);
    polarity += Math.sign(best);
  }
  const sign = polarity >= 0 ? 1 : -1;
  const points = samples.filter((s) => s[2] === sign);
  if (points.length < 8) return line;
  // Total least squares, twice: the second time without the points far from the first line.
  let fitted = fitLine(points);
  if (!fitted) return line;
  const { nx: fx, ny: fy, rho } = fitted;
  const kept = points.filter(([x, y]) => Math.abs(x * fx + y * fy - rho) <= 1.2);
  if (kept.length >= 8) fitted = fitLine(kept) ?? fitted;
  // A refit that turns the side by more than a few degrees found something else: keep the line.
  if (Math.abs(fitted.nx * line.nx + fitted.ny * line.ny) < Math.cos((4 * Math.PI) / 180)) return line;
  return fitted;
}

/** The line through points (`[x, y, …]`) by total least squares. */
function fitLine(points: readonly (readonly number[])[]): Line | null {
  const n = points.length;
  let mx = 0;
  let my = 0;
  for (const [x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    const dx = x - mx;
    const dy = y - my;
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

/**
 * Moves a side of `corners` out to the card's edge where it lies on a line printed on the card
 * (the edge itself, on a light table, fainter than the print): a side that is mostly a thin line,
 * not a step, with the same shade on both sides, goes to the nearest parallel edge outside it
 * within `WIDEN_REACH` of the card's size, if the strip between the two looks like the card (its
 * mean luma near the band inside the side, far from what lies outside).
 */
function widen(
  grey: Float32Array,
  { gx, gy }: Gradients,
  width: number,
  height: number,
  corners: Quad,
  min: number,
): Quad {
  const shifts = [0, 0, 0, 0];
  const normals: Point[] = [];
  for (let k = 0; k < 4; k++) {
    const a = corners[k];
    const b = corners[(k + 1) % 4];
    const length = dist(a, b);
    // Outwards, for a clockwise quadrilateral on screen (y down): to the left of a → b.
    const n: Point = [(b[1] - a[1]) / length, -(b[0] - a[0]) / length];
    normals.push(n);
    /** The gradient across the side at `(x, y)` moved `o` px along `n`. */
    const across = (x: number, y: number, o: number): number => {
      const i = Math.round(y + n[1] * o) * width + Math.round(x + n[0] * o);
      return gx[i] * n[0] + gy[i] * n[1];
    };
    /**
     * Share of the samples along the side (its ends left out), moved `d` along `n`, at least
     * `margin` px inside the image, at which `hit` holds.
     */
    const share = (d: number, margin: number, hit: (x: number, y: number) => boolean): number => {
      let on = 0;
      let count = 0;
      for (let t = CORNER_SKIP * length; t <= (1 - CORNER_SKIP) * length; t += PROFILE_STEP) {
        const px = a[0] + ((b[0] - a[0]) * t) / length + n[0] * d;
        const py = a[1] + ((b[1] - a[1]) * t) / length + n[1] * d;
        if (px < margin || py < margin || px >= width - margin || py >= height - margin) continue;
        count++;
        if (hit(px, py)) on++;
      }
      return count ? on / count : 0;
    };
    /** Mean luma along the side (its middle 80%) moved `d` along `n`; NaN if none of it is in the image. */
    const mean = (d: number): number => {
      let sum = 0;
      let count = 0;
      forEachAlong(a, b, 32, (px, py) => {
        const x = Math.round(px + n[0] * d);
        const y = Math.round(py + n[1] * d);
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        sum += grey[y * width + x];
        count++;
      });
      return count ? sum / count : NaN;
    };
    // A thin line rather than a step, on most of the side: within ±3 px across, gradients of at
    // least `min` both ways (dark print on a light card).
    const ridge = (x: number, y: number): boolean => {
      let up = false;
      let down = false;
      for (let o = -3; o <= 3; o++) {
        const v = across(x, y, o);
        if (v >= min) up = true;
        else if (v <= -min) down = true;
      }
      return up && down;
    };
    if (share(0, 4, ridge) < 0.5) continue;
    // Print on the card has the card on both sides; a card's edge with its shadow beside it does not.
    const inner = mean(-4);
    if (!(Math.abs(mean(4) - inner) < WIDEN_SAME)) continue;
    // An edge: a gradient across the side of at least `min` within ±1 px.
    const edge = (x: number, y: number): boolean => {
      for (let o = -1; o <= 1; o++) if (Math.abs(across(x, y, o)) >= min) return true;
      return false;
    };
    const size = (dist(b, corners[(k + 2) % 4]) + dist(corners[(k + 3) % 4], a)) / 2;
    for (let d = 4; d <= WIDEN_REACH * size; d += 0.5) {
      if (share(d, 2, edge) < WIDEN_SUPPORT) continue;
      if (Math.abs(mean(d / 2) - inner) < 0.5 * Math.abs(inner - mean(d + 3))) shifts[k] = d;
      break;
    }
  }
  if (shifts.every((d) => d === 0)) return corners;
  // Each side moved along its outward normal; the corners where the moved sides meet.
  const moved = normals.map(([nx, ny], k) => {
    const [ax, ay] = corners[k];
    const [bx, by] = corners[(k + 1) % 4];
    const d = shifts[k];
    return fitLine([
      [ax + nx * d, ay + ny * d],
      [bx + nx * d, by + ny * d],
    ])!;
  });
  return (meet(moved) as Quad | null) ?? corners;
}

/**
 * A candidate's score (0–1), or null if one of its sides is too weak: edge support (the weakest
 * side counting most), shape (`shape`, 0–1), size (`area`, its share of the image), contrast, and
 * whether all of it is in view. `lines` are the four lines its sides lie on, in any order; `min`
 * is the frame's edge threshold.
 */
function scoreQuad(
  grey: Float32Array,
  width: number,
  height: number,
  corners: Quad,
  lines: readonly Line[],
  shape: number,
  area: number,
  min: number,
): Candidate | null {
  let sum = 0;
  let weakest = 1;
  let real = 0;
  const sideLines: Line[] = [];
  const cut: boolean[] = [];
  for (let k = 0; k < 4; k++) {
    const a = corners[k];
    const b = corners[(k + 1) % 4];
    // The line this side lies on: the one both its ends are on.
    let line = lines[0];
    let off = Infinity;
    for (const l of lines) {
      const d = Math.abs(l.nx * a[0] + l.ny * a[1] - l.rho) + Math.abs(l.nx * b[0] + l.ny * b[1] - l.rho);
      if (d < off) {
        off = d;
        line = l;
      }
    }
    const side = stretchSupport(line, a, b);
    sideLines.push(line);
    cut.push(side.visible <= 0.25);
    if (side.visible <= 0.25) continue; // beyond the image, or along its border
    real++;
    sum += side.support;
    weakest = Math.min(weakest, side.support);
    if (weakest < MIN_SIDE_SUPPORT) return null;
    // A card's border ends at its corners: a line that goes on past one, as strong, is
    // something else's (a printed line, the edge of a photo on the card, a larger object).
    const strong = Math.max(min, 0.5 * side.strength);
    if (overshoots(line, a, b, strong) || overshoots(line, b, a, strong)) return null;
  }
  const cutOff = real < 4 || corners.some(([x, y]) => x < -1 || y < -1 || x > width + 1 || y > height + 1);
  if (real < 2 || (cutOff && weakest < 0.6)) return null;
  // A card cut off by the frame reaches it: the sides beside a side lost beyond the frame are
  // edges right up to the frame (not a card's edge that stops short of it, then the table).
  for (let k = 0; k < 4; k++) {
    if (!cut[k]) continue;
    for (const [side, from, to] of [
      [(k + 3) % 4, k, (k + 3) % 4],
      [(k + 1) % 4, (k + 1) % 4, (k + 2) % 4],
    ] as const) {
      if (cut[side]) continue;
      const a = corners[from];
      const b = corners[to];
      const near: Point = [a[0] + (b[0] - a[0]) * 0.15, a[1] + (b[1] - a[1]) * 0.15];
      if (stretchSupport(sideLines[side], a, near).support < 0.6) return null;
    }
  }
  const edges = sum / real;
  const contrast = bandContrast(grey, width, height, corners);
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
  for (const [nx, rho] of [
    [1, 0.5],
    [1, width - 1.5],
    [0, 0.5],
    [0, height - 1.5],
  ]) {
    lines.push({ nx, ny: 1 - nx, theta: nx ? 0 : Math.PI / 2, rho, votes: 0 });
  }

  // Pairs of roughly parallel lines far enough apart.
  const pairs: [Line, Line][] = [];
  const cx = width / 2;
  const cy = height / 2;
  // A line's distance from the image's centre, along its normal.
  const offset = (l: Line): number => l.rho - l.nx * cx - l.ny * cy;
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const p = lines[i];
      const q = lines[j];
      if (angleBetween(p, q) > MAX_PARALLEL_DEG) continue;
      // Their distance, measured at the image's centre along p's normal.
      if (Math.abs(offset(q) * (p.nx * q.nx + p.ny * q.ny >= 0 ? 1 : -1) - offset(p)) < minSide) continue;
      pairs.push([p, q]);
    }
  }

  const min = edgeThreshold(grads.mag, width, height);
  lines.forEach((line, slot) => (line.profile = profileOf(grads, width, height, line, min, slot)));
  const margin = 0.25 * short;
  let best: Candidate | null = null;
  for (let i = 0; i < pairs.length; i++) {
    for (let j = i + 1; j < pairs.length; j++) {
      const [p1, p2] = pairs[i];
      const [q1, q2] = pairs[j];
      if (p1 === q1 || p1 === q2 || p2 === q1 || p2 === q2) continue;
      if (
        Math.min(angleBetween(p1, q1), angleBetween(p1, q2), angleBetween(p2, q1), angleBetween(p2, q2)) <
        MIN_CORNER_DEG
      )
        continue;
      const points = [cross(p1, q1), cross(q1, p2), cross(p2, q2), cross(q2, p1)];
      if (
        points.some(
          (pt) => !pt || pt[0] < -margin || pt[1] < -margin || pt[0] > width + margin || pt[1] > height + margin,
        )
      )
        continue;
      const corners = orderCorners(points as [number, number][]);
      if (!convex(corners)) continue;
      const top = dist(corners[0], corners[1]);
      const bottom = dist(corners[3], corners[2]);
      const left = dist(corners[0], corners[3]);
      const right = dist(corners[1], corners[2]);
      if (Math.min(top, bottom, left, right) < minSide) continue;
      const four = [p1, p2, q1, q2];
      const borders = four.filter((line) => line.votes === 0);
      // A card cut off by the frame on one side, or on two opposite sides (too near); a corner
      // of the frame with something in it is not enough to tell.
      if (borders.length > 2 || (borders.length === 2 && borders[0].theta !== borders[1].theta)) continue;
      const onBorder = borders.length;
      // A whole card's long edge is near the horizontal; a cut-off card's visible part may be
      // taller than wide (its first edge then runs down), so there the turn says nothing.
      if (!onBorder && Math.abs(quadTurn(corners)) > MAX_TURN) continue;
      // Shape: the flat rectangle's aspect ratio against ID-1's (unknown for a card cut off by a
      // border: only its visible part is in the image).
      const error = aspectError(corners, width, height);
      if (!onBorder && error > ASPECT_TOLERANCE) continue;
      // Larger cards first among equals (the card's border, not a box printed on it).
      const area = (((top + bottom) / 2) * (left + right)) / 2 / (width * height);
      const scored = scoreQuad(
        grey,
        width,
        height,
        corners,
        four,
        onBorder ? 0 : 1 - error / ASPECT_TOLERANCE,
        area,
        min,
      );
      if (scored && (!best || scored.score > best.score)) best = scored;
    }
  }
  if (!best || best.score < MIN_CONFIDENCE) return null;

  // A side may have settled on a line printed near the card's edge (the edge itself faint, on a
  // light table): move each side out to the card's edge where there is one.
  const widened = widen(grey, grads, width, height, best.corners, min);
  // Still the shape of a card once widened (a whole one: a cut-off card's shape is unknown).
  const c = best.cutOff || aspectError(widened, width, height) <= ASPECT_TOLERANCE ? widened : best.corners;
  // Refit each side to its edge pixels and intersect again.
  const refined = meet(
    c.map((a, k) => refit(grads, width, height, a, c[(k + 1) % 4], fitLine([a, c[(k + 1) % 4]])!, min)),
  );
  if (!refined || refined.some((point, k) => dist(point, c[k]) > 0.05 * short)) return finish(best);
  return finish({ ...best, corners: orderCorners(refined) });
}

/**
 * The detection as reported: the corners from pixel indices (pixel `i`'s centre at `i`, as the
 * gradients see it) to the image's coordinates (pixel `i` covers `[i, i + 1)`), in which a
 * corner scales to the camera frame by the analysis factor alone.
 */
function finish({ corners, score, ...rest }: Candidate): Detection {
  return {
    corners: corners.map(([x, y]) => [x + 0.5, y + 0.5] as const) as unknown as Quad,
    confidence: Math.min(1, score),
    ...rest,
  };
}
