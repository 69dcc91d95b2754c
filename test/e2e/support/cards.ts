/**
 * Camera frames and pictures of synthetic Peruvian ID cards for the end-to-end tests, drawn by
 * the one scene painter, test/support/scene.ts (no real or downloaded image exists,
 * shared/domain/peru-documents.md).
 *
 * A scene is given as `SceneOptions`: the card, its pose against the widget's guide, the table,
 * the light, a glare spot, blur and noise; by default the card exactly fills the guide on the
 * dark wood table, as the widget asks for. The older `variant` names still say what a bad photo
 * looks like. scene.ts is bundled with esbuild and run in headless Chromium, which draws the
 * scene on a canvas; its pixels come back as a download and are written as a one-frame Y4M for
 * the fake camera (or a PNG for the file path). Files are cached in test-results/cards/, keyed
 * by the bundled drawing code and the scene, so a change to either makes new files; the card's
 * true corners are computed here, in Node, by the same code (`sceneCorners`).
 */
import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import type { Quad } from '../../../src/quad.ts';
import { sceneCorners, type CardKind, type Pose, type SceneSpec, type Table } from '../../support/scene.ts';
import { CHROME_PATH, SAFE_ARGS } from './chromium.ts';
import { FAKE_CAMERA_FPS, rgbaToI420, y4mFromRgba } from './y4m.ts';

export { CARD_KINDS, dniMrz, FACE_RGB, icaoCheck, PHOTO_BG_RGB } from '../../support/scene.ts';
export type { CardKind, Pose, Rgb, SceneSpec, Table } from '../../support/scene.ts';

/**
 * What a bad photo looks like, for the quality gate's tests: the card blurred (out of focus),
 * the whole scene dark, a white glare spot on the card, no card at all (`empty`), or the card
 * shifted right by half the guide's width (`half-outside`).
 */
export type SceneVariant = 'blurred' | 'dark' | 'glare' | 'empty' | 'half-outside';

export const SCENE_VARIANTS: readonly SceneVariant[] = ['blurred', 'dark', 'glare', 'empty', 'half-outside'];

/**
 * One scene. Everything but `kind` has a default: a 1920 × 1080 frame, the card filling the
 * guide (`pose.scale` 1, square to the camera, centred), the wood table, ordinary light, no
 * glare, blur or sensor noise. A `variant` is applied first; fields given override it.
 */
export interface SceneOptions {
  /** The card shown; `null` for an empty table. */
  kind: CardKind | null;
  /** A bad photo of the card (see `SceneVariant`). */
  variant?: SceneVariant;
  /** Frame size; 1920 × 1080 unless given. */
  width?: number;
  height?: number;
  /** Where the card is against the guide; fields left out keep the default pose. */
  pose?: Partial<Pose>;
  table?: Table;
  light?: number;
  glare?: SceneSpec['glare'];
  blur?: number;
  noise?: number;
  seed?: number;
}

/** The glare spot of the `glare` variant: pure white on the card's right half, about 4% of it saturated. */
export const GLARE_SPOT = { x: 0.62, y: 0.42, r: 0.16 } as const;

/** What each variant changes in the scene. */
const VARIANTS: Record<SceneVariant, (spec: SceneSpec) => SceneSpec> = {
  blurred: (s) => ({ ...s, blur: 6 }),
  dark: (s) => ({ ...s, light: 0.25 }),
  glare: (s) => ({ ...s, glare: GLARE_SPOT }),
  empty: (s) => ({ ...s, kind: null }),
  'half-outside': (s) => ({ ...s, pose: { ...s.pose, dx: 0.5 } }),
};

export const CARD_DIR = resolve('test-results/cards');

/** The picture a test picks from disk when the camera is denied: a phone-sized photo. */
export const UPLOAD_SCENE: SceneOptions = { kind: 'new-front', width: 1280, height: 720 };

/** The painter's full description of a scene, defaults filled in (and the cache key's input). */
export function sceneSpec(options: SceneOptions): SceneSpec {
  let spec: SceneSpec = {
    kind: options.kind,
    width: options.width ?? 1920,
    height: options.height ?? 1080,
    pose: { scale: 1, turn: 0, tilt: 0, dx: 0, dy: 0 },
    table: 'wood',
    light: 1,
    glare: null,
    blur: 0,
    noise: 0,
    seed: 12345,
  };
  if (options.variant) spec = VARIANTS[options.variant](spec);
  const { variant: _variant, kind: _kind, pose, ...rest } = options;
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  return { ...spec, ...given, pose: { ...spec.pose, ...pose } };
}

/**
 * Where the card's corners are in the frame, `[topLeft, topRight, bottomRight, bottomLeft]` in
 * its pixels; `null` for an empty table.
 */
export function cardCorners(options: SceneOptions): Quad | null {
  const spec = sceneSpec(options);
  return spec.kind ? sceneCorners(spec) : null;
}

const SCENE_MODULE = fileURLToPath(new URL('../../support/scene.ts', import.meta.url));

let bundled: string | undefined;
/** test/support/scene.ts and what it imports as one script that defines `DniScene`. */
function painterScript(): string {
  bundled ??= buildSync({
    entryPoints: [SCENE_MODULE],
    bundle: true,
    format: 'iife',
    globalName: 'DniScene',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
  return bundled;
}

/**
 * Hands a canvas's pixels to Node as a download (RGBA bytes, or a PNG file): a browser
 * download lands on disk directly, 7× faster than returning 8 MB through `page.evaluate`.
 * Runs in the browser (sent as text): it may use nothing from this module's scope.
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

function cachePath(options: SceneOptions, ext: 'y4m' | 'png'): string {
  const spec = sceneSpec(options);
  const hash = createHash('sha256')
    .update(painterScript())
    .update(downloadCanvas.toString())
    .update(JSON.stringify(spec));
  if (ext === 'y4m') hash.update(`${FAKE_CAMERA_FPS} ${y4mFromRgba.toString()} ${rgbaToI420.toString()}`);
  const key = hash.digest('hex').slice(0, 12);
  const name = [spec.kind ?? 'empty', options.variant].filter(Boolean).join('-');
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
  const missing = [...new Map(scenes.map((s, i) => [paths[i], s] as const)).entries()].filter(
    ([path]) => !existsSync(path),
  );
  if (missing.length === 0) return paths;
  mkdirSync(CARD_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROME_PATH, args: [...SAFE_ARGS] });
  try {
    const page = await browser.newPage({ acceptDownloads: true });
    for (const [path, scene] of missing) {
      const spec = sceneSpec(scene);
      // Sent as text: the bundled painter, then the download (with a stand-in for the `__name`
      // helper some TS loaders, tsx, add to functions).
      const script = `(() => {
        ${painterScript()};
        const __name = (f) => f;
        return (${downloadCanvas.toString()})(DniScene.paintScene(${JSON.stringify(spec)}).canvas, ${JSON.stringify(ext)});
      })()`;
      const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(script)]);
      const bytes = readFileSync(await download.path());
      writeAtomic(path, ext === 'png' ? bytes : y4mFromRgba(bytes, spec.width, spec.height));
    }
  } finally {
    await browser.close();
  }
  return paths;
}

/** The Y4M of one scene, made if needed: an absolute path for `--use-file-for-fake-video-capture`. */
export async function cardY4m(options: SceneOptions): Promise<string> {
  return (await renderScenes([options], 'y4m'))[0];
}

/** The PNG of one scene, made if needed, for the file path. */
export async function cardPng(options: SceneOptions): Promise<string> {
  return (await renderScenes([options], 'png'))[0];
}

/**
 * How far corners found are from the scene's true ones: the largest distance of the four, as a
 * share of the true card's width (the mean of its long edges).
 */
export function cornerError(found: Quad, truth: Quad): number {
  const width =
    (Math.hypot(truth[1][0] - truth[0][0], truth[1][1] - truth[0][1]) +
      Math.hypot(truth[2][0] - truth[3][0], truth[2][1] - truth[3][1])) /
    2;
  return Math.max(...found.map(([x, y], k) => Math.hypot(x - truth[k][0], y - truth[k][1]))) / width;
}

/** `q` with every coordinate multiplied by `factor` (a scene drawn at one size, seen at another). */
export function scaleCorners(q: Quad, factor: number): Quad {
  return q.map(([x, y]) => [x * factor, y * factor]) as unknown as Quad;
}
