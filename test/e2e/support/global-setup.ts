/**
 * Draws every card scene the tests use once, in one browser, before the workers start
 * (they would otherwise each draw the same missing files). Cached across runs.
 */
import { CARD_KINDS, renderScenes, SCENE_VARIANTS, UPLOAD_SCENE } from './cards.ts';

export default async function globalSetup(): Promise<void> {
  await renderScenes(
    CARD_KINDS.map((kind) => ({ kind })),
    'y4m',
  );
  await renderScenes([UPLOAD_SCENE], 'png');
  await renderScenes(
    SCENE_VARIANTS.map((variant) => ({ kind: 'new-front', variant })),
    'y4m',
  );
}
