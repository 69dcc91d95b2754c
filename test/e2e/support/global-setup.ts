/**
 * Draws every card scene the tests use once, in one browser, before the workers start
 * (they would otherwise each draw the same missing files). Cached across runs.
 */
import { renderScenes, SCENE_VARIANTS, UPLOAD_SCENE, type CardKind } from './cards.ts';

export const KINDS: readonly CardKind[] = ['new-front', 'new-back', 'old-front', 'old-back', 'alien-front'];

export default async function globalSetup(): Promise<void> {
  await renderScenes(KINDS.map((kind) => ({ kind })), 'y4m');
  await renderScenes([UPLOAD_SCENE], 'png');
  await renderScenes(SCENE_VARIANTS.map((variant) => ({ kind: 'new-front', variant })), 'y4m');
}
