/**
 * Synthetic camera scenes of a Peruvian ID card, drawn by the tests themselves (no real or
 * downloaded image exists, shared/domain/peru-documents.md), with the card's true corners
 * known. Browser code (a canvas): the unit tests import it directly; the end-to-end tests and
 * the benchmarks bundle it into a page (test/e2e/support/cards.ts) and write the pixels as a
 * Y4M for Chromium's fake camera, or as a PNG for the file path.
 *
 * A scene is a table (dark wood, white, cluttered, or the card's own colour), the card placed
 * by a pose (its size against the widget's guide, a turn, a tilt away from the camera seen in
 * perspective, an offset), a soft shadow under it, then the light (dim, bright), a glare spot
 * on the card, a blur and sensor noise over everything. The card's photo sits at `PHOTO_BOX`
 * (the fractions the mock uses to place `face_region`): a flat skin-tone face on a pure blue
 * background, so a test can find both by colour.
 */
import { guideRect, ID1_ASPECT } from '../../src/geometry.ts';
import { applyHomography, homography, type Point, type Quad } from '../../src/quad.ts';
import { PHOTO_BOX } from '../../server/mock/layout.ts';

export type CardKind = 'new-front' | 'new-back' | 'old-front' | 'old-back' | 'alien-front';
export const CARD_KINDS: readonly CardKind[] = ['new-front', 'new-back', 'old-front', 'old-back', 'alien-front'];

export type Rgb = readonly [number, number, number];

/** The face drawn in every card's photo: flat, so its centre has exactly this colour. */
export const FACE_RGB: Rgb = [224, 172, 105];
/** The photo's background. */
export const PHOTO_BG_RGB: Rgb = [30, 64, 255];

export type Table = 'wood' | 'white' | 'cluttered' | 'same';

/** Where the card is, relative to the widget's guide frame. */
export interface Pose {
  /** The card's width as a share of the guide's width (1: it fills the guide). */
  scale: number;
  /** Turn in the image plane, degrees (positive: clockwise). */
  turn?: number;
  /** Tilt of the card's top edge away from the camera, degrees (seen in perspective). */
  tilt?: number;
  /** Offset of the card's centre from the guide's centre, as a share of the guide's width and height. */
  dx?: number;
  dy?: number;
}

export interface SceneSpec {
  /** The card shown; `null` for an empty table. */
  kind: CardKind | null;
  /** Frame size in pixels. */
  width: number;
  height: number;
  pose: Pose;
  table: Table;
  /** Light on the scene: 1 ordinary, below 1 dim, above 1 bright. */
  light?: number;
  /** A white reflection on the card: its centre as shares of the card's width (x) and height (y), its radius as a share of the width. */
  glare?: { x: number; y: number; r: number } | null;
  /** Gaussian blur over the frame (σ in pixels of the frame): out of focus. */
  blur?: number;
  /** Sensor noise: standard deviation in grey levels. */
  noise?: number;
  /** Seed of the table's texture and the noise. */
  seed?: number;
}

/** What is printed on each kind of card: invented people, valid check characters. */
export function cardText(kind: CardKind) {
  switch (kind) {
    case 'new-front':
      return {
        base: [214, 228, 240],
        accent: [150, 28, 40],
        photo: true,
        title: ['REPÚBLICA DEL PERÚ', 'DOCUMENTO NACIONAL DE IDENTIDAD'],
        number: 'CUI 10117410-2',
        lines: [
          ['Primer Apellido', 'QUISPE'],
          ['Segundo Apellido', 'MAMANI'],
          ['Pre Nombres', 'JUAN CARLOS'],
          ['Nacimiento', '15/03/1991'],
          ['Sexo', 'MASCULINO'],
          ['Estado Civil', 'SOLTERO'],
          ['Emisión', '11/10/2023'],
          ['Caducidad', '11/10/2031'],
        ],
        mrz: [] as string[],
        barcode: false,
        qr: false,
        boxes: false,
      };
    case 'new-back':
      return {
        base: [222, 232, 238],
        accent: [150, 28, 40],
        photo: false,
        title: ['REPÚBLICA DEL PERÚ'],
        number: '',
        lines: [
          ['Departamento / Provincia / Distrito', 'LIMA / LIMA / LA VICTORIA'],
          ['Dirección', 'AV. 28 DE JULIO 1234 DPTO. 201'],
          ['Grupo de Votación', '053871'],
          ['Donación de Órganos', 'NO'],
        ],
        mrz: dniMrz('10117410', '910315', 'M', '311011', ['QUISPE', 'MAMANI'], ['JUAN', 'CARLOS']),
        barcode: false,
        qr: true,
        boxes: false,
      };
    case 'old-front':
      return {
        base: [196, 216, 240],
        accent: [20, 60, 140],
        photo: true,
        title: ['REPÚBLICA DEL PERÚ', 'REGISTRO NACIONAL DE IDENTIFICACIÓN Y ESTADO CIVIL'],
        number: 'DNI 16793105 - G',
        lines: [
          ['Primer Apellido', 'HUAMÁN'],
          ['Segundo Apellido', 'FLORES'],
          ['Pre Nombres', 'ROSA ELENA'],
          ['Nacimiento / Ubigeo', '02/08/1975   140133'],
          ['Sexo', 'F'],
          ['Estado Civil', 'C'],
        ],
        mrz: dniMrz('16793105', '750802', 'F', '280114', ['HUAMAN', 'FLORES'], ['ROSA', 'ELENA']),
        barcode: false,
        qr: false,
        boxes: false,
      };
    case 'old-back':
      return {
        base: [204, 222, 242],
        accent: [20, 60, 140],
        photo: false,
        title: [] as string[],
        number: '',
        lines: [
          ['Departamento', 'LIMA'],
          ['Provincia', 'LIMA'],
          ['Distrito', 'JESÚS MARÍA'],
          ['Dirección', 'JR. HUIRACOCHA 1560'],
          ['Grupo de Votación', '036214'],
          ['Donación de Órganos', 'SI'],
        ],
        mrz: [],
        barcode: true,
        qr: false,
        boxes: true,
      };
    case 'alien-front':
      return {
        base: [226, 236, 214],
        accent: [30, 110, 60],
        photo: true,
        title: ['MIGRACIONES PERÚ', 'CARNÉ DE EXTRANJERÍA'],
        number: 'N° 004599123',
        lines: [
          ['Apellidos', 'RÍOS VALLADARES'],
          ['Nombres', 'ADRIÁN JOSÉ'],
          ['Nacionalidad', 'VENEZOLANA'],
          ['Fecha de Nacimiento', '12 MAR 1991'],
          ['Sexo', 'M'],
          ['Estado Civil', 'S'],
          ['Calidad Migratoria', 'ESP ESPECIAL'],
        ],
        mrz: [],
        barcode: false,
        qr: false,
        boxes: false,
      };
  }
}

/** ICAO 9303 check digit: weights 7, 3, 1; digits as themselves, A=10…Z=35, `<`=0. */
export function icaoCheck(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  [...text].forEach((ch, i) => {
    const value = ch === '<' ? 0 : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += value * weights[i % 3];
  });
  return String(sum % 10);
}

/** A TD1 (3 × 30) MRZ for a Peruvian DNI. */
export function dniMrz(
  dni: string,
  birth: string,
  sex: 'M' | 'F',
  expiry: string,
  surnames: string[],
  names: string[],
): string[] {
  const docNumber = dni.padEnd(9, '<');
  const line1 = `I<PER${docNumber}${icaoCheck(docNumber)}`.padEnd(30, '<');
  const line2Head = `${birth}${icaoCheck(birth)}${sex}${expiry}${icaoCheck(expiry)}PER`.padEnd(29, '<');
  const composite = line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29);
  const line2 = line2Head + icaoCheck(composite);
  const line3 = `${surnames.join('<')}<<${names.join('<')}`.padEnd(30, '<');
  return [line1, line2, line3];
}

/** A seeded pseudo-random generator (0–1). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
}

/**
 * Where the card's corners land in the frame: `[topLeft, topRight, bottomRight, bottomLeft]`
 * (see src/quad.ts). The card is placed in 3D in front of a pinhole camera whose focal length is
 * 0.8 × the frame's long side (a phone's main camera, about 64° across), at the distance where its
 * untilted width is `scale` × the guide's width; it is tilted about its horizontal axis, turned
 * in the image plane, then moved by the offset.
 */
export function sceneCorners(spec: Pick<SceneSpec, 'width' | 'height' | 'pose'>): Quad {
  const { width, height, pose } = spec;
  const guide = guideRect(width, height);
  const w = pose.scale * guide.width;
  const h = w / ID1_ASPECT;
  const f = 0.8 * Math.max(width, height);
  const tilt = ((pose.tilt ?? 0) * Math.PI) / 180;
  const turn = ((pose.turn ?? 0) * Math.PI) / 180;
  const cx = width / 2 + (pose.dx ?? 0) * guide.width;
  const cy = height / 2 + (pose.dy ?? 0) * guide.height;
  const local: Point[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  const corners = local.map(([x, y]) => {
    // Tilt: the top edge (y < 0) goes away from the camera (z > 0).
    const Y = y * Math.cos(tilt);
    const Z = -y * Math.sin(tilt);
    const px = (f * x) / (f + Z);
    const py = (f * Y) / (f + Z);
    const rx = px * Math.cos(turn) - py * Math.sin(turn);
    const ry = px * Math.sin(turn) + py * Math.cos(turn);
    return [cx + rx, cy + ry] as const;
  });
  return corners as unknown as Quad;
}

/** The card in its own coordinates: shares of its width and height. */
const UNIT_SQUARE: Quad = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

/** Draws the flat card, `w` × `h` pixels, with rounded corners (transparent outside them). */
export function paintCard(kind: CardKind, w: number, h: number, doc: Document = document): HTMLCanvasElement {
  const spec = cardText(kind);
  const canvas = doc.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d')!;
  const rgb = (c: readonly number[], a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;
  const rand = random(4242);
  const px = (fx: number) => fx * w;
  const py = (fy: number) => fy * h;
  g.beginPath();
  g.roundRect(0, 0, w, h, (3 / 85.6) * w);
  const fill = g.createLinearGradient(0, 0, w, h);
  fill.addColorStop(0, rgb(spec.base));
  fill.addColorStop(1, rgb(spec.base.map((v) => v - 18)));
  g.fillStyle = fill;
  g.fill();
  g.clip();
  // Guilloche-ish security lines.
  g.strokeStyle = rgb(spec.accent, 0.12);
  g.lineWidth = Math.max(1, w * 0.0012);
  for (let k = 0; k < 28; k++) {
    g.beginPath();
    for (let t = 0; t <= 1.0001; t += 0.01) {
      const y = py(0.5 + 0.45 * Math.sin(t * 9 + k * 0.35) * Math.cos(t * 3 - k * 0.2));
      if (t === 0) g.moveTo(px(t), y);
      else g.lineTo(px(t), y);
    }
    g.stroke();
  }
  const font = (size: number, weight = 'normal', family = 'DejaVu Sans, sans-serif') =>
    `${weight} ${size * h}px ${family}`;
  g.textBaseline = 'top';
  g.fillStyle = rgb(spec.accent);
  spec.title.forEach((line, i) => {
    g.font = font(i === 0 ? 0.055 : 0.045, 'bold');
    g.fillText(line, px(0.05), py(0.035 + i * 0.065), w * 0.9);
  });
  if (spec.number) {
    g.font = font(0.06, 'bold');
    g.textAlign = 'right';
    g.fillText(spec.number, px(0.95), py(spec.title.length ? 0.035 : 0.05));
    g.textAlign = 'left';
  }
  const top = spec.boxes ? 0.32 : spec.title.length > 1 ? 0.19 : 0.14;
  const left = spec.photo ? 0.31 : 0.05;
  const bottom = spec.mrz.length ? 0.64 : spec.barcode ? 0.7 : 0.92;
  const step = Math.min(0.085, (bottom - top) / spec.lines.length);
  spec.lines.forEach(([label, value], i) => {
    g.fillStyle = 'rgb(70,80,95)';
    g.font = font(step * 0.33);
    g.fillText(label, px(left), py(top + i * step));
    g.fillStyle = 'rgb(15,20,30)';
    g.font = font(step * 0.45, 'bold');
    g.fillText(value, px(left), py(top + i * step + step * 0.36), w * (0.95 - left));
  });
  if (spec.photo) {
    const b = PHOTO_BOX;
    const x0 = px(b.x0),
      y0 = py(b.y0),
      pw = px(b.x1) - x0,
      ph = py(b.y1) - y0;
    g.fillStyle = rgb(PHOTO_BG_RGB);
    g.fillRect(x0, y0, pw, ph);
    const cx = x0 + pw / 2,
      cy = y0 + ph / 2;
    g.save();
    g.beginPath();
    g.rect(x0, y0, pw, ph);
    g.clip();
    // Shoulders, hair, then a flat face whose centre is the photo's centre.
    g.fillStyle = 'rgb(40,40,48)';
    g.beginPath();
    g.ellipse(cx, y0 + ph * 1.02, pw * 0.5, ph * 0.28, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = 'rgb(38,26,18)';
    g.beginPath();
    g.ellipse(cx, cy - ph * 0.07, pw * 0.36, ph * 0.33, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = rgb(FACE_RGB);
    g.beginPath();
    g.ellipse(cx, cy + ph * 0.02, pw * 0.31, ph * 0.3, 0, 0, Math.PI * 2);
    g.fill();
    g.restore();
  }
  if (spec.boxes) {
    // The old DNI's voting-record boxes.
    for (let k = 0; k < 8; k++) {
      g.strokeStyle = rgb(spec.accent, 0.8);
      g.lineWidth = Math.max(1, w * 0.002);
      g.strokeRect(px(0.05 + k * 0.113), py(0.05), w * 0.1, h * 0.24);
      g.fillStyle = rgb(spec.accent, 0.8);
      g.font = font(0.035);
      g.fillText(`${2006 + 2 * k}`, px(0.065 + k * 0.113), py(0.07));
    }
  }
  if (spec.qr) {
    // A QR-like block: three finder squares and random modules.
    const size = (0.22 * h) / 25;
    for (let r = 0; r < 25; r++)
      for (let c = 0; c < 25; c++) {
        const finder = (r < 7 || r > 17) && (c < 7 || c > 17) && !(r > 17 && c > 17);
        const fr = r % 18,
          fc = c % 18;
        const ring = fr === 0 || fr === 6 || fc === 0 || fc === 6;
        const eye = fr >= 2 && fr <= 4 && fc >= 2 && fc <= 4;
        if (finder ? ring || eye : rand() > 0.5) {
          g.fillStyle = 'rgb(10,10,10)';
          g.fillRect(px(0.95) - 25 * size + c * size, py(0.05) + r * size, size, size);
        }
      }
  }
  if (spec.barcode) {
    let x = px(0.05);
    g.fillStyle = 'rgb(10,10,10)';
    while (x < px(0.95)) {
      const bar = w * 0.002 * (1 + Math.floor(rand() * 4));
      if (rand() > 0.45) g.fillRect(x, py(0.72), bar, h * 0.2);
      x += bar;
    }
  }
  if (spec.mrz.length) {
    g.fillStyle = 'rgb(10,10,10)';
    g.font = font(0.085, 'normal', 'DejaVu Sans Mono, monospace');
    spec.mrz.forEach((line, i) => g.fillText(line, px(0.05), py(0.66 + i * 0.1), w * 0.9));
  }
  return canvas;
}

/** The base colour of a kind of card (the `same` table takes it). */
export function cardBase(kind: CardKind): Rgb {
  return cardText(kind).base as unknown as Rgb;
}

/** Paints the table under the card. */
function paintTable(g: CanvasRenderingContext2D, spec: SceneSpec, rand: () => number): void {
  const { width: W, height: H } = spec;
  const image = g.createImageData(W, H);
  const d = image.data;
  const base: Rgb =
    spec.table === 'white'
      ? [238, 236, 232]
      : spec.table === 'same'
        ? (cardBase(spec.kind ?? 'new-front').map((v) => v - 6) as unknown as Rgb)
        : [62, 48, 38];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      let r = base[0];
      let gg = base[1];
      let b = base[2];
      if (spec.table === 'wood' || spec.table === 'cluttered') {
        const band = 10 * Math.sin((x + 40 * Math.sin(y / 90)) / 23);
        const n = (rand() - 0.5) * 26;
        r += band + n;
        gg += band * 0.8 + n;
        b += band * 0.6 + n;
      } else {
        // A smooth surface lit from one side, with a faint grain.
        const shade = -14 * ((x / W) * 0.6 + (y / H) * 0.4) + (rand() - 0.5) * 4;
        r += shade;
        gg += shade;
        b += shade;
      }
      d[i] = r;
      d[i + 1] = gg;
      d[i + 2] = b;
      d[i + 3] = 255;
    }
  }
  g.putImageData(image, 0, 0);
  if (spec.table !== 'cluttered') return;
  // Things on the desk: papers, a notebook, pens, a phone, a mug's ring, printed lines.
  const s = Math.min(W, H);
  const items: [string, number, number, number, number, number][] = [
    ['rgb(245,245,240)', 0.02, 0.05, 0.45, 0.32, -4],
    ['rgb(40,70,140)', 0.62, 0.55, 0.5, 0.38, 8],
    ['rgb(250,250,250)', 0.7, -0.05, 0.32, 0.45, 12],
    ['rgb(30,30,30)', 0.05, 0.7, 0.22, 0.12, -20],
    ['rgb(200,40,40)', 0.35, 0.82, 0.4, 0.03, 3],
  ];
  for (const [colour, fx, fy, fw, fh, angle] of items) {
    g.save();
    g.translate(fx * W, fy * H);
    g.rotate((angle * Math.PI) / 180);
    g.fillStyle = colour;
    g.fillRect(0, 0, fw * s, fh * s);
    g.strokeStyle = 'rgba(20,20,20,0.5)';
    g.lineWidth = Math.max(1, s * 0.002);
    for (let k = 1; k < 8; k++) {
      g.beginPath();
      g.moveTo(0.05 * fw * s, (k / 8) * fh * s);
      g.lineTo(0.9 * fw * s, (k / 8) * fh * s);
      g.stroke();
    }
    g.restore();
  }
  g.strokeStyle = 'rgba(90,60,30,0.8)';
  g.lineWidth = s * 0.012;
  g.beginPath();
  g.arc(0.88 * W, 0.2 * H, 0.09 * s, 0, Math.PI * 2);
  g.stroke();
}

/**
 * Draws one scene on a canvas and returns it with the card's true corners (`null` for an
 * empty table).
 */
export function paintScene(
  spec: SceneSpec,
  doc: Document = document,
): { canvas: HTMLCanvasElement; corners: Quad | null } {
  const { width: W, height: H } = spec;
  const canvas = doc.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  const rand = random(spec.seed ?? 12345);
  paintTable(g, spec, rand);
  let corners: Quad | null = null;
  if (spec.kind) {
    corners = sceneCorners(spec);
    // A soft shadow under the card, a little below it.
    const cardWidth = Math.hypot(corners[1][0] - corners[0][0], corners[1][1] - corners[0][1]);
    paintShadow(g, W, H, corners, cardWidth * 0.008, Math.max(1, cardWidth * 0.012), 0.45, doc);
    // The flat card, drawn at least as large as it appears, mapped into its quadrilateral.
    const fw = Math.ceil(cardWidth * 1.25);
    const fh = Math.round(fw / ID1_ASPECT);
    const flat = paintCard(spec.kind, fw, fh, doc).getContext('2d')!.getImageData(0, 0, fw, fh).data;
    const toFrame = homography(UNIT_SQUARE, corners)!;
    const [a, b, c, d, e, f, gg, hh, ii] = homography(corners, UNIT_SQUARE)! as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const x0 = Math.max(0, Math.floor(Math.min(...xs)));
    const y0 = Math.max(0, Math.floor(Math.min(...ys)));
    const x1 = Math.min(W, Math.ceil(Math.max(...xs)));
    const y1 = Math.min(H, Math.ceil(Math.max(...ys)));
    if (x1 > x0 && y1 > y0) {
      const region = g.getImageData(x0, y0, x1 - x0, y1 - y0);
      const out = region.data;
      const rw = x1 - x0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          // Pixel centre → unit square → flat card pixel (bilinear, with its alpha for the rounded corners).
          const X = x + 0.5;
          const Y = y + 0.5;
          const wq = gg * X + hh * Y + ii;
          const u = (a * X + b * Y + c) / wq;
          const v = (d * X + e * Y + f) / wq;
          if (u < -0.01 || u > 1.01 || v < -0.01 || v > 1.01) continue;
          const sx = Math.min(fw - 1.001, Math.max(0, u * fw - 0.5));
          const sy = Math.min(fh - 1.001, Math.max(0, v * fh - 0.5));
          const ix = Math.floor(sx);
          const iy = Math.floor(sy);
          const tx = sx - ix;
          const ty = sy - iy;
          const p00 = (iy * fw + ix) * 4;
          const p10 = p00 + 4;
          const p01 = p00 + fw * 4;
          const p11 = p01 + 4;
          const w00 = (1 - tx) * (1 - ty);
          const w10 = tx * (1 - ty);
          const w01 = (1 - tx) * ty;
          const w11 = tx * ty;
          // Coverage at the card's border, so its edge is anti-aliased like a camera's.
          const cover = Math.min(1, Math.max(0, Math.min(u * fw, (1 - u) * fw, v * fh, (1 - v) * fh) + 0.5));
          const alpha =
            ((flat[p00 + 3] * w00 + flat[p10 + 3] * w10 + flat[p01 + 3] * w01 + flat[p11 + 3] * w11) / 255) * cover;
          if (alpha <= 0) continue;
          const o = ((y - y0) * rw + (x - x0)) * 4;
          for (let k = 0; k < 3; k++) {
            const premultiplied =
              flat[p00 + k] * flat[p00 + 3] * w00 +
              flat[p10 + k] * flat[p10 + 3] * w10 +
              flat[p01 + k] * flat[p01 + 3] * w01 +
              flat[p11 + k] * flat[p11 + 3] * w11;
            const colour = alpha > 0 ? premultiplied / 255 / (alpha / cover) : 0;
            out[o + k] = out[o + k] * (1 - alpha) + colour * alpha;
          }
        }
      }
      g.putImageData(region, x0, y0);
    }
    if (spec.glare) {
      // A reflection: pure white out to half its radius, fading out beyond.
      const { x: gx, y: gy, r } = spec.glare;
      const [cx, cy] = applyHomography(toFrame, gx, gy);
      const radius = r * cardWidth;
      const spot = g.createRadialGradient(cx, cy, 0, cx, cy, radius);
      spot.addColorStop(0, 'rgba(255,255,255,1)');
      spot.addColorStop(0.5, 'rgba(255,255,255,1)');
      spot.addColorStop(1, 'rgba(255,255,255,0)');
      g.fillStyle = spot;
      g.fillRect(cx - radius, cy - radius, 2 * radius, 2 * radius);
    }
  }
  const light = spec.light ?? 1;
  if (light !== 1 || spec.noise || spec.blur) {
    if (spec.blur) {
      const image = g.getImageData(0, 0, W, H);
      const rgba = new Float32Array(image.data);
      gaussianBlur(rgba, W, H, 4, [0, 1, 2], spec.blur);
      image.data.set(rgba);
      g.putImageData(image, 0, 0);
    }
    const image = g.getImageData(0, 0, W, H);
    const d = image.data;
    const sigma = spec.noise ?? 0;
    for (let i = 0; i < d.length; i += 4) {
      // Roughly Gaussian noise: the sum of three uniforms, scaled to the standard deviation.
      const n = sigma ? (rand() + rand() + rand() - 1.5) * 2 * sigma : 0;
      d[i] = d[i] * light + n;
      d[i + 1] = d[i + 1] * light + n;
      d[i + 2] = d[i + 2] * light + n;
    }
    g.putImageData(image, 0, 0);
  }
  return { canvas, corners };
}

/**
 * A shadow: the quadrilateral `corners` moved `drop` pixels down, blurred (σ `sigma`), darkening
 * what is under it by up to `darkness`. Blurred here rather than by the canvas `filter`, which
 * WebKit ignores (its shadow came out hard-edged, a second card edge on a light table) and each
 * engine that has it blurs its own way: every engine paints the same shadow.
 */
function paintShadow(
  g: CanvasRenderingContext2D,
  W: number,
  H: number,
  corners: Quad,
  drop: number,
  sigma: number,
  darkness: number,
  doc: Document,
): void {
  const margin = Math.ceil(3 * sigma) + 1;
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1] + drop);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)) - margin);
  const y0 = Math.max(0, Math.floor(Math.min(...ys)) - margin);
  const x1 = Math.min(W, Math.ceil(Math.max(...xs)) + margin);
  const y1 = Math.min(H, Math.ceil(Math.max(...ys)) + margin);
  if (x1 <= x0 || y1 <= y0) return;
  const w = x1 - x0;
  const h = y1 - y0;
  // The shape's coverage, drawn (anti-aliased) on a canvas of its own, then blurred.
  const mask = doc.createElement('canvas');
  mask.width = w;
  mask.height = h;
  const m = mask.getContext('2d', { willReadFrequently: true })!;
  m.fillStyle = '#000';
  m.beginPath();
  corners.forEach(([x, y], i) => (i ? m.lineTo(x - x0, y + drop - y0) : m.moveTo(x - x0, y + drop - y0)));
  m.closePath();
  m.fill();
  const coverage = new Float32Array(w * h);
  const alpha = m.getImageData(0, 0, w, h).data;
  for (let i = 0; i < coverage.length; i++) coverage[i] = alpha[4 * i + 3] / 255;
  gaussianBlur(coverage, w, h, 1, [0], sigma);
  const region = g.getImageData(x0, y0, w, h);
  const out = region.data;
  for (let i = 0; i < coverage.length; i++) {
    const keep = 1 - darkness * coverage[i];
    out[4 * i] = out[4 * i] * keep;
    out[4 * i + 1] = out[4 * i + 1] * keep;
    out[4 * i + 2] = out[4 * i + 2] * keep;
  }
  g.putImageData(region, x0, y0);
}

/**
 * A Gaussian blur of σ `sigma`, in place, over the `channels` of a `W` × `H` image of `stride`
 * values a pixel: three box blurs (horizontal, then vertical) whose widths together approximate
 * the Gaussian (W. Jarosz, "Fast image convolutions"), as browsers do for a CSS `blur()`; the
 * edge pixels repeat beyond the edge. Plain arithmetic, the same in every engine (the canvas
 * `filter` is not: WebKit ignores it).
 */
function gaussianBlur(
  data: Float32Array,
  W: number,
  H: number,
  stride: number,
  channels: readonly number[],
  sigma: number,
): void {
  const boxes = 3;
  const ideal = Math.sqrt((12 * sigma * sigma) / boxes + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const m = Math.round((12 * sigma * sigma - boxes * lower * lower - 4 * boxes * lower - 3 * boxes) / (-4 * lower - 4));
  const tmp = new Float32Array(data.length);
  const pass = (from: Float32Array, to: Float32Array, r: number, horizontal: boolean) => {
    const [lines, length] = horizontal ? [H, W] : [W, H];
    for (let line = 0; line < lines; line++) {
      const at = (k: number) => stride * (horizontal ? line * W + k : k * W + line);
      for (const c of channels) {
        let sum = 0;
        for (let k = -r; k <= r; k++) sum += from[at(Math.min(length - 1, Math.max(0, k))) + c];
        for (let k = 0; k < length; k++) {
          to[at(k) + c] = sum / (2 * r + 1);
          sum += from[at(Math.min(length - 1, k + r + 1)) + c] - from[at(Math.max(0, k - r)) + c];
        }
      }
    }
  };
  for (let i = 0; i < boxes; i++) {
    const r = ((i < m ? lower : lower + 2) - 1) / 2;
    pass(data, tmp, r, true);
    pass(tmp, data, r, false);
  }
}

/** BT.601 luma of a canvas, scaled down `factor` times by block means (as the quality worker does). */
export function canvasLuma(
  canvas: HTMLCanvasElement,
  factor = 1,
): { grey: Float32Array; width: number; height: number } {
  const { width: W, height: H } = canvas;
  const data = canvas.getContext('2d')!.getImageData(0, 0, W, H).data;
  const width = Math.floor(W / factor);
  const height = Math.floor(H / factor);
  const grey = new Float32Array(width * height);
  for (let y = 0; y < height * factor; y++) {
    for (let x = 0; x < width * factor; x++) {
      const i = (y * W + x) * 4;
      grey[Math.floor(y / factor) * width + Math.floor(x / factor)] +=
        0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
    }
  }
  const n = factor * factor;
  for (let i = 0; i < grey.length; i++) grey[i] /= n;
  return { grey, width, height };
}
