/**
 * What `<dni-capture>` says in Peruvian Spanish (usted) before a photo is taken: the default
 * language, and the fallback while another loads or if it cannot. It comes with the widget; what
 * it says once a photo is taken, or when the camera fails, is in `es-results.ts` (src/i18n/load.ts).
 */
import type { CoreStrings } from './strings.js';

export const es: CoreStrings = {
  startingCamera: 'Iniciando la cámara…',
  placeFront: 'Coloque el anverso de su documento dentro del marco',
  placeBack: 'Coloque el reverso de su documento dentro del marco',
  hintPlaceCard: 'No vemos su documento: colóquelo frente a la cámara, dentro del marco',
  hintCenterCard: 'Una parte de su documento no se ve: muévalo hacia el centro',
  hintCloser: 'Acerque su documento a la cámara',
  hintFarther: 'Aleje un poco su documento: debe verse entero',
  hintStraighten: 'Enderece su documento y póngalo de frente a la cámara',
  hintMoreLight: 'Hay poca luz: busque un lugar con más luz',
  hintLessLight: 'Hay demasiada luz: evite la luz directa sobre el documento',
  hintGlare: 'Evite los reflejos: incline un poco el documento',
  hintHoldStill: 'Mantenga quieto el documento',
  hintBlurry: 'La imagen está borrosa: mantenga el documento quieto y enfocado',
  hintReadyAuto: 'Muy bien, no se mueva…',
  hintReady: 'Muy bien: tome la foto',

  capture: 'Tomar foto',
  useCamera: 'Usar la cámara',
  pickFile: 'Elegir un archivo',
  fileHint: 'JPEG, PNG o PDF, hasta 5 MB',

  errorUnknown: 'Algo salió mal. Inténtelo de nuevo.',

  cameraUnknown: 'No pudimos usar la cámara. Vuelva a intentarlo o elija un archivo.',
};
