/**
 * A synthetic Peruvian ID card as a one-frame 1920×1080 Y4M for Chromium's fake camera
 * (`--use-file-for-fake-video-capture=`, which loops the frame forever). Used by the bench
 * and by the examples' tests; no real document or downloaded image is involved.
 *
 * The scene is drawn on a canvas in headless Chromium (real glyphs, a photo, a barcode and a
 * textured table, so the JPEG weighs what a real capture would), its pixels converted there to
 * I420 with BT.601 studio-range levels (the range Chromium assumes for Y4M), and written from
 * Node with the YUV4MPEG2 header.
 * The file is cached under .cache/frames/, keyed by this file's contents and the size.
 * `drawScene` also gives the scene as a JPEG: the bench's picked file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
import { CHROME_PATH, SAFE_ARGS, fakeCameraArgs } from '../scripts/chromium.mjs';

export { CHROME_PATH, SAFE_ARGS, fakeCameraArgs };

/**
 * Runs in a page: draws the scene and returns its pixels as I420 planes in base64 or, with
 * `jpegQuality`, the scene as a JPEG `data:` URL (the bench's picked file: a photo of the card on
 * its table). Self-contained, for `page.evaluate(drawScene, options)`.
 */
export function drawScene({ width, height, jpegQuality = null }) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  // A wooden table with grain, so the margin around the card is not a flat colour.
  g.fillStyle = '#6b4a32';
  g.fillRect(0, 0, width, height);
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < 4000; i++) {
    g.fillStyle = `rgba(${random() > 0.5 ? '40,25,15' : '150,110,80'},${0.05 + random() * 0.1})`;
    g.fillRect(random() * width, random() * height, 40 + random() * 200, 1 + random() * 3);
  }
  // The card where the widget's guide is (80 % of the frame, ID-1 proportions, centred).
  let cw = width * 0.8;
  let ch = cw / (85.6 / 53.98);
  if (ch > height * 0.8) {
    ch = height * 0.8;
    cw = ch * (85.6 / 53.98);
  }
  const x = (width - cw) / 2;
  const y = (height - ch) / 2;
  const u = cw / 100;
  g.save();
  g.beginPath();
  g.roundRect(x, y, cw, ch, 3.5 * u);
  g.clip();
  const bg = g.createLinearGradient(x, y, x + cw, y + ch);
  bg.addColorStop(0, '#d6e4f0');
  bg.addColorStop(1, '#f2e9e4');
  g.fillStyle = bg;
  g.fillRect(x, y, cw, ch);
  // Guilloche-like security pattern.
  g.strokeStyle = 'rgba(150,28,40,0.12)';
  g.lineWidth = 1;
  for (let k = 0; k < 60; k++) {
    g.beginPath();
    for (let t = 0; t <= cw; t += 8) g.lineTo(x + t, y + ch * 0.5 + Math.sin(t / (20 + k) + k) * ch * 0.45);
    g.stroke();
  }
  g.fillStyle = '#961c28';
  g.fillRect(x, y, cw, 9 * u);
  g.fillStyle = '#fff';
  g.font = `bold ${3.2 * u}px sans-serif`;
  g.fillText('REPÚBLICA DEL PERÚ', x + 3 * u, y + 4 * u);
  g.font = `${2.4 * u}px sans-serif`;
  g.fillText('DOCUMENTO NACIONAL DE IDENTIDAD', x + 3 * u, y + 7.4 * u);
  // Photo: a face on a blue background, where the mock API places face_region
  // (PHOTO_BOX in server/mock/layout.ts: 5–27 % across, 16–62 % down the card).
  const px = x + 0.05 * cw;
  const py = y + 0.16 * ch;
  const pw = 0.22 * cw;
  const ph = 0.46 * ch;
  g.fillStyle = '#1e40ff';
  g.fillRect(px, py, pw, ph);
  g.fillStyle = '#e0ac69';
  g.beginPath();
  g.ellipse(px + pw / 2, py + ph * 0.42, pw * 0.28, ph * 0.3, 0, 0, Math.PI * 2);
  g.fill();
  g.fillRect(px + pw * 0.2, py + ph * 0.75, pw * 0.6, ph * 0.25);
  // Fields.
  const fields = [
    ['Primer Apellido', 'QUISPE'],
    ['Segundo Apellido', 'MAMANI'],
    ['Pre Nombres', 'JUAN CARLOS'],
    ['Nacimiento', '15/03/1991'],
    ['Sexo', 'MASCULINO'],
    ['Estado Civil', 'SOLTERO'],
    ['Emisión', '11/10/2023'],
    ['Caducidad', '11/10/2031'],
  ];
  fields.forEach(([label, value], i) => {
    const fx = x + (i % 2 ? 64 : 32) * u;
    const fy = y + (14 + Math.floor(i / 2) * 8) * u;
    g.fillStyle = '#555';
    g.font = `${1.8 * u}px sans-serif`;
    g.fillText(label, fx, fy);
    g.fillStyle = '#111';
    g.font = `bold ${2.6 * u}px sans-serif`;
    g.fillText(value, fx, fy + 3 * u);
  });
  g.fillStyle = '#111';
  g.font = `bold ${3.4 * u}px monospace`;
  g.fillText('DNI 10117410-2', x + 4 * u, y + 50 * u);
  // A barcode.
  for (let bx = 0; bx < 30 * u;) {
    const w = 1 + Math.floor(random() * 4);
    if (random() > 0.4) g.fillRect(x + 64 * u + bx, y + 46 * u, w, 6 * u);
    bx += w + 1;
  }
  g.restore();
  if (jpegQuality !== null) return canvas.toDataURL('image/jpeg', jpegQuality);
  // I420 here, in the page (fast), and only the planes cross to Node, as base64.
  const rgba = g.getImageData(0, 0, width, height).data;
  const half = width / 2;
  const out = new Uint8Array(width * height * 1.5);
  const cb = new Float64Array(half * (height / 2));
  const cr = new Float64Array(half * (height / 2));
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const i = (py * width + px) * 4;
      const [r, gr, b] = [rgba[i], rgba[i + 1], rgba[i + 2]];
      out[py * width + px] = Math.round(16 + (65.481 * r + 128.553 * gr + 24.966 * b) / 255);
      const c = (py >> 1) * half + (px >> 1);
      cb[c] += 128 + (-37.797 * r - 74.203 * gr + 112 * b) / 255;
      cr[c] += 128 + (112 * r - 93.786 * gr - 18.214 * b) / 255;
    }
  }
  for (let c = 0; c < cb.length; c++) {
    out[width * height + c] = Math.round(cb[c] / 4);
    out[width * height + cb.length + c] = Math.round(cr[c] / 4);
  }
  let binary = '';
  for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A one-frame Y4M from I420 planes (BT.601 studio range, chroma averaged per 2×2 block). */
function y4m(planes, width, height) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`, 'ascii');
  return Buffer.concat([header, planes]);
}

/** The absolute path of the card frame's Y4M, drawn on first use and cached. */
export async function cardFrame({ width = 1920, height = 1080 } = {}) {
  const key = createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(`${width}x${height}`)
    .digest('hex')
    .slice(0, 12);
  const file = resolve(root, '.cache/frames', `card-${width}x${height}-${key}.y4m`);
  if (existsSync(file)) return file;
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: SAFE_ARGS });
  try {
    const page = await browser.newPage();
    const planes = Buffer.from(await page.evaluate(drawScene, { width, height }), 'base64');
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, y4m(planes, width, height));
    renameSync(tmp, file);
  } finally {
    await browser.close();
  }
  return file;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await cardFrame());
