/**
 * `<dni-capture>` in React 19's JSX: attributes, properties and `on<event-name>` handlers
 * (React 19 sets a prop as a property when the element has it, and adds a listener for
 * `ondni-result` as the `dni-result` event).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  DniCameraErrorDetail,
  DniCameraReadyDetail,
  DniCapture,
  DniCaptureDetail,
  DniCompleteDetail,
  DniErrorDetail,
  DniResultDetail,
  DniUploadProgressDetail,
} from 'dni-capture';

type Handler<T> = (event: CustomEvent<T>) => void;

interface DniCaptureProps extends DetailedHTMLProps<HTMLAttributes<DniCapture>, DniCapture> {
  'proxy-url': string;
  sides?: 'front back' | 'front';
  lang?: 'es' | 'en';
  headers?: Record<string, string>;
  'ondni-camera-ready'?: Handler<DniCameraReadyDetail>;
  'ondni-camera-error'?: Handler<DniCameraErrorDetail>;
  'ondni-capture'?: Handler<DniCaptureDetail>;
  'ondni-upload-progress'?: Handler<DniUploadProgressDetail>;
  'ondni-result'?: Handler<DniResultDetail>;
  'ondni-error'?: Handler<DniErrorDetail>;
  'ondni-complete'?: Handler<DniCompleteDetail>;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'dni-capture': DniCaptureProps;
    }
  }
}
