/**
 * Which string of the translation tables says each quality hint: typed over every hint, so a new
 * hint does not compile until it has a message. With the element (the live camera's guidance).
 */
import type { QualityHint } from '../quality/verdict.js';
import type { Strings } from './strings.js';

/** The `Strings` key of each quality hint. */
export const HINT_KEYS: Readonly<Record<QualityHint, keyof Strings>> = {
  'place-card': 'hintPlaceCard',
  'center-card': 'hintCenterCard',
  closer: 'hintCloser',
  farther: 'hintFarther',
  straighten: 'hintStraighten',
  'more-light': 'hintMoreLight',
  'less-light': 'hintLessLight',
  glare: 'hintGlare',
  'hold-still': 'hintHoldStill',
  blurry: 'hintBlurry',
};
