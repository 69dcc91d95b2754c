/** Types of without-png-encoder.mjs (plain JavaScript: the web-test-runner config imports it too). */
import type { Plugin } from 'vite';

export declare const LIBRARY_MODULE: RegExp;
export declare function stripPngEncoder(code: string): string;
export declare function withoutPngEncoder(): Plugin;
export declare function withoutPngEncoderServed(): {
  name: string;
  transform(context: { path: string; body: unknown }): { body: string } | undefined;
};
