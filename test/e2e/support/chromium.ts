/** How every Playwright browser here is launched: one definition, in scripts/chromium.mjs. */
export { CHROME_PATH, SAFE_ARGS, fakeCameraArgs } from '../../../scripts/chromium.mjs';
