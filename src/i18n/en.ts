/**
 * What `<dni-capture>` says in English before a photo is taken; what it says once a photo is
 * taken, or when the camera fails, is in `en-results.ts`. Loaded when the widget is in English (src/i18n/load.ts).
 */
import type { CoreStrings } from './strings.js';

export const en: CoreStrings = {
  startingCamera: 'Starting the camera…',
  placeFront: 'Place the front of your ID inside the frame',
  placeBack: 'Place the back of your ID inside the frame',
  hintPlaceCard: 'We cannot see your ID: hold it in front of the camera, inside the frame',
  hintCenterCard: 'Part of your ID is out of view: move it towards the centre',
  hintCloser: 'Move your ID closer to the camera',
  hintFarther: 'Move your ID a little further away: all of it must be in view',
  hintStraighten: 'Straighten your ID and hold it facing the camera',
  hintMoreLight: 'It is too dark: find a place with more light',
  hintLessLight: 'There is too much light: avoid direct light on the ID',
  hintGlare: 'Avoid reflections: tilt the ID slightly',
  hintHoldStill: 'Hold the ID still',
  hintBlurry: 'The image is blurred: hold the ID still and in focus',
  hintReadyAuto: 'Good, hold still…',
  hintReady: 'Good: take the photo',

  capture: 'Take photo',
  useCamera: 'Use the camera',
  pickFile: 'Choose a file',
  fileHint: 'JPEG, PNG or PDF, up to 5 MB',

  errorUnknown: 'Something went wrong. Please try again.',

  cameraUnknown: 'We could not use the camera. Try again or choose a file.',
};
