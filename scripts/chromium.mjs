/**
 * How every browser of the tests, examples and benchmarks is launched: Debian's Chromium
 * (Playwright cannot download its own on these machines) with the flags that keep it quiet and
 * off the network (shared/TOOLCHAIN.md). Plain JavaScript, so configs and scripts run by Node
 * import it as they are; types in chromium.d.mts.
 */
export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const SAFE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Flags for Chromium's fake camera fed by `y4mPath` (absolute; without it, Chromium's own
 * moving pattern). With `allowed` false the permission prompt is left in place, which headless
 * Chromium answers with NotAllowedError.
 */
export function fakeCameraArgs(y4mPath, allowed = true) {
  return [
    '--use-fake-device-for-media-stream',
    ...(y4mPath ? [`--use-file-for-fake-video-capture=${y4mPath}`] : []),
    ...(allowed ? ['--use-fake-ui-for-media-stream'] : []),
  ];
}
