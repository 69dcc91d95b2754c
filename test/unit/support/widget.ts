/**
 * Helpers shared by the element's unit tests: reading its shadow DOM by part, waiting for the
 * live camera, and building URLs of the test server's proxy stand-in (web-test-runner.config.mjs).
 */
import { fixture, oneEvent, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../../src/dni-capture.js';
import type { DniCapture } from '../../../src/dni-capture.js';
import type { DniEventMap } from '../../../src/events.js';
import { CAMERA_TIMEOUT } from '../../support/engine.js';

/** The first element of the widget's shadow DOM with `part` `name`. */
export function part<T extends Element = HTMLElement>(el: DniCapture, name: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

/** Every element of the widget's shadow DOM with `part` `name`. */
export function parts(el: DniCapture, name: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
}

/** The text of the `status` part, trimmed. */
export function statusText(el: DniCapture): string {
  return part(el, 'status')?.textContent?.trim() ?? '';
}

/** Waits until the camera is live (the capture button is offered), as long as the engine's camera may take. */
export async function whenLive(el: DniCapture, timeout = CAMERA_TIMEOUT): Promise<DniCapture> {
  await waitUntil(() => part(el, 'capture-button'), 'the camera never became ready', { timeout });
  return el;
}

/** Renders `template` and waits for its live camera. */
export async function live(template: TemplateResult): Promise<DniCapture> {
  return whenLive(await fixture<DniCapture>(template));
}

/** A test-server URL that answers `status` with `body` (optionally after `delay` ms). */
export function respond(status: number, body: string, delay = 0): string {
  const params = new URLSearchParams({ status: String(status), body });
  if (delay) params.set('delay', String(delay));
  return `/__test/respond?${params}`;
}

/** A test-server URL that answers the API's `OK` with `result` as its only result. */
export function answer(result: object): string {
  return respond(200, JSON.stringify({ request_id: 'TIDtest', status: 'OK', results: [result] }));
}

/** A test-server URL that answers the API error `code` with HTTP `status`. */
export function failing(code: string, status: number): string {
  return respond(status, JSON.stringify({ status: code, reason: 'test', request_id: 'TIDfail' }));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A PNG picture of one flat colour (no card in it: the quality check asks before sending it). */
export async function flatPicture(width = 800, height = 450): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#808080';
  g.fillRect(0, 0, width, height);
  const blob = await new Promise<Blob>((done) => canvas.toBlob((b) => done(b!), 'image/png'));
  return new File([blob], 'flat.png', { type: 'image/png' });
}

/** The `detail` of the next `name` event the widget fires (typed, unlike `oneEvent`). */
export async function nextEvent<K extends keyof DniEventMap>(el: DniCapture, name: K): Promise<DniEventMap[K]> {
  const event: CustomEvent<DniEventMap[K]> = await oneEvent(el, name);
  return event.detail;
}
