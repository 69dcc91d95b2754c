/**
 * Playwright fixtures: every test gets its own Chromium whose fake camera plays a synthetic
 * card (Y4M), and `page`/`context` come from that browser.
 *
 *   test.use({ cameraScene: { kind: 'old-front' } });   // what the camera shows first
 *   test.use({ cameraAllowed: false });                  // camera permission denied
 *   await camera.show({ kind: 'new-back' });             // what it shows the next time it starts
 *   test.use({ cameraShared: true });                    // reuse the worker's browser (new-front)
 *
 * Chromium's file-backed fake camera reads its file again each time the device is opened,
 * that is when getUserMedia runs after every track of the previous stream was stopped (a
 * stream still running keeps showing the old picture). So a test swaps the file between
 * sides, while the widget has the camera stopped, and the next side sees the new card.
 */
import { test as base, expect, type Browser, type PlaywrightWorkerArgs } from '@playwright/test';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CHROME_PATH, SAFE_ARGS, fakeCameraArgs } from './chromium.ts';
import { cardY4m, type SceneOptions } from './cards.ts';
import { Widget } from './widget.ts';

export class FakeCamera {
  constructor(
    readonly path: string,
    /** A camera shared by the tests of a worker shows one card only. */
    private readonly shared = false,
  ) {}

  /** Shows `scene` from the next time the camera is opened (atomically: never half a file). */
  async show(scene: SceneOptions): Promise<void> {
    if (this.shared)
      throw new Error('the shared camera always shows its first card: use cameraShared: false to change cards');
    const source = await cardY4m(scene);
    const tmp = `${this.path}.next`;
    copyFileSync(source, tmp);
    renameSync(tmp, this.path);
  }
}

interface Options {
  /** What the fake camera shows when the browser starts. */
  cameraScene: SceneOptions;
  /** false: the camera permission is denied (getUserMedia rejects with NotAllowedError). */
  cameraAllowed: boolean;
  /**
   * true: use the worker's browser, whose camera always shows SHARED_SCENE, instead of
   * launching one for this test (saves about 2 s a test; each test still gets a new context).
   */
  cameraShared: boolean;
  /**
   * false (the default): the demo opens with `?auto-capture=off`, so a test decides when the
   * photo is taken (and sets the mock's scenario first); true: the widget captures by itself.
   */
  autoCapture: boolean;
}

interface Fixtures {
  camera: FakeCamera;
  cameraBrowser: Browser;
  /** The demo page's `<dni-capture id="widget">`, opened with an event recorder. */
  widget: Widget;
}

interface WorkerFixtures {
  /** Launches the worker's shared camera browser on first use. */
  sharedCamera: { path: string; browser: () => Promise<Browser> };
}

export const SHARED_SCENE: SceneOptions = { kind: 'new-front' };

function launchWithCamera(
  playwright: PlaywrightWorkerArgs['playwright'],
  path: string,
  allowed: boolean,
): Promise<Browser> {
  return playwright.chromium.launch({
    executablePath: CHROME_PATH,
    args: [...SAFE_ARGS, ...fakeCameraArgs(path, allowed)],
  });
}

export const test = base.extend<Options & Fixtures, WorkerFixtures>({
  cameraScene: [{ kind: 'new-front' }, { option: true }],
  cameraAllowed: [true, { option: true }],
  cameraShared: [false, { option: true }],
  autoCapture: [false, { option: true }],

  sharedCamera: [
    async ({ playwright }, use, workerInfo) => {
      const path = resolve(workerInfo.project.outputDir, `shared-camera-${workerInfo.workerIndex}.y4m`);
      let launched: Promise<Browser> | undefined;
      await use({
        path,
        browser: () =>
          (launched ??= (async () => {
            mkdirSync(dirname(path), { recursive: true });
            await new FakeCamera(path).show(SHARED_SCENE);
            return launchWithCamera(playwright, path, true);
          })()),
      });
      if (launched) await (await launched).close();
    },
    { scope: 'worker' },
  ],

  camera: async ({ cameraScene, cameraShared, cameraAllowed, sharedCamera }, use, testInfo) => {
    if (cameraShared) {
      if (JSON.stringify(cameraScene) !== JSON.stringify(SHARED_SCENE) || !cameraAllowed) {
        throw new Error('cameraShared: the shared camera is allowed and shows SHARED_SCENE only');
      }
      await use(new FakeCamera(sharedCamera.path, true));
      return;
    }
    const camera = new FakeCamera(testInfo.outputPath('camera.y4m'));
    await camera.show(cameraScene);
    await use(camera);
  },

  cameraBrowser: async ({ playwright, camera, cameraAllowed, cameraShared, sharedCamera }, use) => {
    if (cameraShared) {
      await use(await sharedCamera.browser());
      return;
    }
    const browser = await launchWithCamera(playwright, camera.path, cameraAllowed);
    await use(browser);
    await browser.close();
  },

  context: async ({ cameraBrowser, cameraAllowed, baseURL, viewport }, use) => {
    const context = await cameraBrowser.newContext({
      baseURL,
      viewport,
      permissions: cameraAllowed ? ['camera'] : [],
    });
    await use(context);
    await context.close();
  },

  widget: async ({ page, autoCapture }, use, testInfo) => {
    const widget = new Widget(page, `${testInfo.testId}-${testInfo.repeatEachIndex}-${Date.now().toString(36)}`);
    await widget.open(autoCapture ? '/' : '/?auto-capture=off');
    await use(widget);
  },
});

export { expect };
