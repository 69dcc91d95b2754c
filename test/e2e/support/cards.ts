/**
 * Synthetic Peruvian ID cards for the fake camera, made by the tests themselves (no real or
 * downloaded image exists, shared/domain/peru-documents.md).
 *
 * A scene is a camera frame: a darker textured table with the card exactly filling the
 * widget's guide frame (`guideRect` from src/geometry.ts), its photo drawn at `PHOTO_BOX`
 * (the same fractions the mock uses to place `face_region`): a flat skin-tone face on a pure
 * blue photo background, so a test can find both by colour. The scene is drawn on a canvas in
 * headless Chromium, its RGBA pixels read back and written as a one-frame Y4M (or a PNG for
 * the file path). Files are cached in test-results/cards/, keyed by the drawing code, so a
 * change to the drawing makes new files.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { guideRect, type Rect } from '../../../src/geometry.ts';
import { PHOTO_BOX } from '../../../server/mock/layout.ts';
import { CHROME_PATH, SAFE_ARGS } from './chromium.ts';
import { FAKE_CAMERA_FPS, rgbaToI420, y4mFromRgba } from './y4m.ts';

export type CardKind = 'new-front' | 'new-back' | 'old-front' | 'old-back' | 'alien-front';

/**
 * What a bad photo looks like, for the quality gate's tests: the card blurred (out of focus),
 * the whole scene dark, a white glare spot on the card, no card at all (`empty`), or the card
 * shifted right by half its width (`half-outside`).
 */
export type SceneVariant = 'blurred' | 'dark' | 'glare' | 'empty' | 'half-outside';

export const SCENE_VARIANTS: readonly SceneVariant[] = ['blurred', 'dark', 'glare', 'empty', 'half-outside'];

export interface SceneOptions {
  kind: CardKind;
  /** A bad photo of the card; a good one (sharp, lit, framed) unless given. */
  variant?: SceneVariant;
  /** Frame size; 1920 × 1080 unless given. */
  width?: number;
  height?: number;
}

export type Rgb = readonly [number, number, number];

/** The face drawn in every card's photo: flat, so its centre has exactly this colour. */
export const FACE_RGB: Rgb = [224, 172, 105];
/** The photo's background. */
export const PHOTO_BG_RGB: Rgb = [30, 64, 255];

export const CARD_DIR = resolve('test-results/cards');

/** The picture a test picks from disk when the camera is denied: a phone-sized photo. */
export const UPLOAD_SCENE: SceneOptions = { kind: 'new-front', width: 1280, height: 720 };

/** ICAO 9303 check digit: weights 7, 3, 1; digits as themselves, A=10…Z=35, `<`=0. */
export function icaoCheck(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  [...text].forEach((ch, i) => {
    const value = ch === '<' ? 0 : /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += value * weights[i % 3]!;
  });
  return String(sum % 10);
}

/** A TD1 (3 × 30) MRZ for a Peruvian DNI. */
export function dniMrz(dni: string, birth: string, sex: 'M' | 'F', expiry: string, surnames: string[], names: string[]): string[] {
  const docNumber = dni.padEnd(9, '<');
  const line1 = `I<PER${docNumber}${icaoCheck(docNumber)}`.padEnd(30, '<');
  const line2Head = `${birth}${icaoCheck(birth)}${sex}${expiry}${icaoCheck(expiry)}PER`.padEnd(29, '<');
  const composite = line1.slice(5, 30) + line2Head.slice(0, 7) + line2Head.slice(8, 15) + line2Head.slice(18, 29);
  const line2 = line2Head + icaoCheck(composite);
  const line3 = `${surnames.join('<')}<<${names.join('<')}`.padEnd(30, '<');
  return [line1, line2, line3];
}

/** What is printed on each kind of card: invented people, valid check characters. */
function cardText(kind: CardKind) {
  switch (kind) {
    case 'new-front':
      return {
        base: [214, 228, 240], accent: [150, 28, 40], photo: true,
        title: ['REPÚBLICA DEL PERÚ', 'DOCUMENTO NACIONAL DE IDENTIDAD'], number: 'CUI 10117410-2',
        lines: [['Primer Apellido', 'QUISPE'], ['Segundo Apellido', 'MAMANI'], ['Pre Nombres', 'JUAN CARLOS'],
          ['Nacimiento', '15/03/1991'], ['Sexo', 'MASCULINO'], ['Estado Civil', 'SOLTERO'],
          ['Emisión', '11/10/2023'], ['Caducidad', '11/10/2031']],
        mrz: [] as string[], barcode: false, qr: false, boxes: false,
      };
    case 'new-back':
      return {
        base: [222, 232, 238], accent: [150, 28, 40], photo: false,
        title: ['REPÚBLICA DEL PERÚ'], number: '',
        lines: [['Departamento / Provincia / Distrito', 'LIMA / LIMA / LA VICTORIA'], ['Dirección', 'AV. 28 DE JULIO 1234 DPTO. 201'],
          ['Grupo de Votación', '053871'], ['Donación de Órganos', 'NO']],
        mrz: dniMrz('10117410', '910315', 'M', '311011', ['QUISPE', 'MAMANI'], ['JUAN', 'CARLOS']),
        barcode: false, qr: true, boxes: false,
      };
    case 'old-front':
      return {
        base: [196, 216, 240], accent: [20, 60, 140], photo: true,
        title: ['REPÚBLICA DEL PERÚ', 'REGISTRO NACIONAL DE IDENTIFICACIÓN Y ESTADO CIVIL'], number: 'DNI 16793105 - G',
        lines: [['Primer Apellido', 'HUAMÁN'], ['Segundo Apellido', 'FLORES'], ['Pre Nombres', 'ROSA ELENA'],
          ['Nacimiento / Ubigeo', '02/08/1975   140133'], ['Sexo', 'F'], ['Estado Civil', 'C']],
        mrz: dniMrz('16793105', '750802', 'F', '280114', ['HUAMAN', 'FLORES'], ['ROSA', 'ELENA']),
        barcode: false, qr: false, boxes: false,
      };
    case 'old-back':
      return {
        base: [204, 222, 242], accent: [20, 60, 140], photo: false,
        title: [], number: '',
        lines: [['Departamento', 'LIMA'], ['Provincia', 'LIMA'], ['Distrito', 'JESÚS MARÍA'],
          ['Dirección', 'JR. HUIRACOCHA 1560'], ['Grupo de Votación', '036214'], ['Donación de Órganos', 'SI']],
        mrz: [], barcode: true, qr: false, boxes: true,
      };
    case 'alien-front':
      return {
        base: [226, 236, 214], accent: [30, 110, 60], photo: true,
        title: ['MIGRACIONES PERÚ', 'CARNÉ DE EXTRANJERÍA'], number: 'N° 004599123',
        lines: [['Apellidos', 'RÍOS VALLADARES'], ['Nombres', 'ADRIÁN JOSÉ'], ['Nacionalidad', 'VENEZOLANA'],
          ['Fecha de Nacimiento', '12 MAR 1991'], ['Sexo', 'M'], ['Estado Civil', 'S'], ['Calidad Migratoria', 'ESP ESPECIAL']],
        mrz: [], barcode: false, qr: false, boxes: false,
      };
  }
}

export type CardSpec = ReturnType<typeof cardText> & {
  width: number;
  height: number;
  card: Rect;
  variant?: SceneVariant;
  photoBox: typeof PHOTO_BOX;
  face: Rgb;
  photoBg: Rgb;
};

/**
 * Draws one scene on a canvas. Runs in the browser (sent as text): it may use nothing from
 * this module's scope.
 */
function drawScene(spec: CardSpec): HTMLCanvasElement {
  const { width: W, height: H, card } = spec;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const g = canvas.getContext('2d')!;
  const rgb = (c: readonly number[], a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

  // A dark table: wood-like bands plus seeded noise, so nothing but the card is flat.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const table = g.createImageData(W, H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const band = 10 * Math.sin((x + 40 * Math.sin(y / 90)) / 23);
      const n = (rand() - 0.5) * 26;
      const i = (y * W + x) * 4;
      table.data[i] = 62 + band + n;
      table.data[i + 1] = 48 + band * 0.8 + n;
      table.data[i + 2] = 38 + band * 0.6 + n;
      table.data[i + 3] = 255;
    }
  }
  g.putImageData(table, 0, 0);
  if (spec.variant === 'empty') return canvas;

  // The card: an ID-1 rectangle with rounded corners exactly over the guide.
  const cw = card.width;
  const chh = card.height;
  const px = (fx: number) => card.x + fx * cw;
  const py = (fy: number) => card.y + fy * chh;
  const radius = (3 / 85.6) * cw;
  g.save();
  g.shadowColor = 'rgba(0,0,0,0.55)';
  g.shadowBlur = cw * 0.015;
  g.shadowOffsetY = cw * 0.004;
  g.beginPath();
  g.roundRect(card.x, card.y, cw, chh, radius);
  const fill = g.createLinearGradient(card.x, card.y, card.x + cw, card.y + chh);
  fill.addColorStop(0, rgb(spec.base));
  fill.addColorStop(1, rgb(spec.base.map((v) => v - 18)));
  g.fillStyle = fill;
  g.fill();
  g.restore();
  g.save();
  g.beginPath();
  g.roundRect(card.x, card.y, cw, chh, radius);
  g.clip();
  // Guilloche-ish security lines.
  g.strokeStyle = rgb(spec.accent, 0.12);
  g.lineWidth = Math.max(1, cw * 0.0012);
  for (let k = 0; k < 28; k++) {
    g.beginPath();
    for (let t = 0; t <= 1.0001; t += 0.01) {
      const x = px(t);
      const y = py(0.5 + 0.45 * Math.sin(t * 9 + k * 0.35) * Math.cos(t * 3 - k * 0.2));
      if (t === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    g.stroke();
  }

  const font = (size: number, weight = 'normal', family = 'DejaVu Sans, sans-serif') => `${weight} ${size * chh}px ${family}`;
  g.textBaseline = 'top';
  g.fillStyle = rgb(spec.accent);
  spec.title.forEach((line, i) => {
    g.font = font(i === 0 ? 0.055 : 0.045, 'bold');
    g.fillText(line, px(0.05), py(0.035 + i * 0.065), cw * 0.9);
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
    g.fillText(label!, px(left), py(top + i * step));
    g.fillStyle = 'rgb(15,20,30)';
    g.font = font(step * 0.45, 'bold');
    g.fillText(value!, px(left), py(top + i * step + step * 0.36), cw * (0.95 - left));
  });

  if (spec.photo) {
    const b = spec.photoBox;
    const x0 = px(b.x0), y0 = py(b.y0), w = px(b.x1) - x0, h = py(b.y1) - y0;
    g.fillStyle = rgb(spec.photoBg);
    g.fillRect(x0, y0, w, h);
    const cx = x0 + w / 2, cy = y0 + h / 2;
    g.save();
    g.beginPath();
    g.rect(x0, y0, w, h);
    g.clip();
    // Shoulders, hair, then a flat face whose centre is the photo's centre.
    g.fillStyle = 'rgb(40,40,48)';
    g.beginPath();
    g.ellipse(cx, y0 + h * 1.02, w * 0.5, h * 0.28, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = 'rgb(38,26,18)';
    g.beginPath();
    g.ellipse(cx, cy - h * 0.07, w * 0.36, h * 0.33, 0, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = rgb(spec.face);
    g.beginPath();
    g.ellipse(cx, cy + h * 0.02, w * 0.31, h * 0.3, 0, 0, Math.PI * 2);
    g.fill();
    g.restore();
  }

  if (spec.boxes) {
    // The old DNI's voting-record boxes.
    for (let k = 0; k < 8; k++) {
      g.strokeStyle = rgb(spec.accent, 0.8);
      g.lineWidth = Math.max(1, cw * 0.002);
      g.strokeRect(px(0.05 + k * 0.113), py(0.05), cw * 0.1, chh * 0.24);
      g.fillStyle = rgb(spec.accent, 0.8);
      g.font = font(0.035);
      g.fillText(`${2006 + 2 * k}`, px(0.065 + k * 0.113), py(0.07));
    }
  }
  if (spec.qr) {
    // A QR-like block: three finder squares and random modules.
    const size = (0.22 * chh) / 25;
    for (let r = 0; r < 25; r++) for (let c = 0; c < 25; c++) {
      const finder = (r < 7 || r > 17) && (c < 7 || c > 17) && !(r > 17 && c > 17);
      const fr = r % 18, fc = c % 18;
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
      const bar = cw * 0.002 * (1 + Math.floor(rand() * 4));
      if (rand() > 0.45) g.fillRect(x, py(0.72), bar, chh * 0.2);
      x += bar;
    }
  }
  if (spec.mrz.length) {
    g.fillStyle = 'rgb(10,10,10)';
    g.font = font(0.085, 'normal', 'DejaVu Sans Mono, monospace');
    spec.mrz.forEach((line, i) => {
      g.fillText(line, px(0.05), py(0.66 + i * 0.1), cw * 0.9);
    });
  }
  g.restore();

  if (spec.variant === 'blurred') {
    // Out of focus: a Gaussian blur of 6 px (σ) over the whole frame.
    const sharp = document.createElement('canvas');
    sharp.width = W;
    sharp.height = H;
    sharp.getContext('2d')!.drawImage(canvas, 0, 0);
    g.filter = 'blur(6px)';
    g.drawImage(sharp, 0, 0);
    g.filter = 'none';
  } else if (spec.variant === 'dark') {
    // A quarter of the light.
    g.globalCompositeOperation = 'multiply';
    g.fillStyle = 'rgb(64,64,64)';
    g.fillRect(0, 0, W, H);
    g.globalCompositeOperation = 'source-over';
  } else if (spec.variant === 'glare') {
    // A reflection: pure white out to half its radius, fading out beyond (about 4% of the card saturated).
    const gx = px(0.62), gy = py(0.42), r = cw * 0.16;
    const spot = g.createRadialGradient(gx, gy, 0, gx, gy, r);
    spot.addColorStop(0, 'rgba(255,255,255,1)');
    spot.addColorStop(0.5, 'rgba(255,255,255,1)');
    spot.addColorStop(1, 'rgba(255,255,255,0)');
    g.fillStyle = spot;
    g.fillRect(gx - r, gy - r, 2 * r, 2 * r);
  }
  return canvas;
}

/**
 * Hands a canvas's pixels to Node as a download (RGBA bytes, or a PNG file): a browser
 * download lands on disk directly, 7× faster than returning 8 MB through `page.evaluate`.
 * Runs in the browser.
 */
async function downloadCanvas(canvas: HTMLCanvasElement, ext: 'y4m' | 'png'): Promise<void> {
  const blob =
    ext === 'png'
      ? await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'))
      : new Blob([canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data]);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `scene.${ext === 'png' ? 'png' : 'rgba'}`;
  link.click();
}

/** Everything a scene's pixels depend on, for the cache key. */
function specFor(options: SceneOptions): CardSpec {
  const width = options.width ?? 1920;
  const height = options.height ?? 1080;
  const guide = guideRect(width, height);
  const card = options.variant === 'half-outside' ? { ...guide, x: guide.x + guide.width / 2 } : guide;
  return {
    ...cardText(options.kind), width, height, card, ...(options.variant && { variant: options.variant }),
    photoBox: PHOTO_BOX, face: FACE_RGB, photoBg: PHOTO_BG_RGB,
  };
}

function cachePath(options: SceneOptions, ext: 'y4m' | 'png'): string {
  const spec = specFor(options);
  const hash = createHash('sha256').update(drawScene.toString()).update(JSON.stringify(spec));
  if (ext === 'y4m') hash.update(`${FAKE_CAMERA_FPS} ${y4mFromRgba.toString()} ${rgbaToI420.toString()}`);
  const key = hash.digest('hex').slice(0, 12);
  const name = options.variant ? `${options.kind}-${options.variant}` : options.kind;
  return resolve(CARD_DIR, `${name}-${spec.width}x${spec.height}-${key}.${ext}`);
}

/** Writes atomically: a reader (or a second worker drawing the same file) never sees half of it. */
export function writeAtomic(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Makes (or finds in the cache) each scene and returns their absolute paths, in order.
 * One browser draws every missing scene.
 */
export async function renderScenes(scenes: readonly SceneOptions[], ext: 'y4m' | 'png' = 'y4m'): Promise<string[]> {
  const paths = scenes.map((s) => cachePath(s, ext));
  const missing = scenes.filter((_, i) => !existsSync(paths[i]!));
  if (missing.length === 0) return paths;
  mkdirSync(CARD_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...SAFE_ARGS] });
  try {
    const page = await browser.newPage({ acceptDownloads: true });
    for (const scene of missing) {
      const spec = specFor(scene);
      // Sent as text, with a stand-in for the `__name` helper some TS loaders (tsx) add.
      const script = `((__name) => (${downloadCanvas.toString()})((${drawScene.toString()})(${JSON.stringify(spec)}), ${JSON.stringify(ext)}))((f) => f)`;
      const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(script)]);
      const bytes = readFileSync(await download.path());
      writeAtomic(cachePath(scene, ext), ext === 'png' ? bytes : y4mFromRgba(bytes, spec.width, spec.height));
    }
  } finally {
    await browser.close();
  }
  return paths;
}

/** The Y4M of one scene, made if needed: an absolute path for `--use-file-for-fake-video-capture`. */
export async function cardY4m(options: SceneOptions): Promise<string> {
  return (await renderScenes([options], 'y4m'))[0]!;
}

/** The PNG of one scene, made if needed, for the file path. */
export async function cardPng(options: SceneOptions): Promise<string> {
  return (await renderScenes([options], 'png'))[0]!;
}
