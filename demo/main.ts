/**
 * The QA page: drives the widget against the embedded mock API. Everything here is demo-only;
 * nothing of it ships in the package.
 */
import '../src/dni-capture.ts';
import { DNI_EVENT_NAMES, type DniCapture } from '../src/dni-capture.ts';

const widget = document.querySelector<DniCapture>('#widget')!;
const form = document.querySelector<HTMLFormElement>('#controls')!;
const log = document.querySelector<HTMLOListElement>('#log')!;
const field = (name: string) => form.elements.namedItem(name) as HTMLSelectElement;

/** dni-quality comes twice a second: the quality readout shows it, the log would drown in it. */
const EVENTS = DNI_EVENT_NAMES.filter((name) => name !== 'dni-quality');

/** The mock's answer travels as request headers that the proxy forwards only to the mock. */
function applyScenario(): void {
  widget.headers = { 'X-Mock-Scenario': field('scenario').value, 'X-Mock-Delay': field('delay').value };
}

/** Simulated camera faults, for QA on machines whose camera works: the page, not the widget, fails getUserMedia. */
const realGetUserMedia = navigator.mediaDevices?.getUserMedia.bind(navigator.mediaDevices);
function applyCamera(): void {
  const mode = field('camera').value;
  if (!navigator.mediaDevices || !realGetUserMedia) return;
  navigator.mediaDevices.getUserMedia =
    mode === 'real'
      ? realGetUserMedia
      : () => Promise.reject(new DOMException(`Simulated by the QA page: ${mode}`, mode));
}

function summarise(detail: unknown): string {
  return JSON.stringify(
    detail,
    (_key, value: unknown) => (value instanceof Blob ? `Blob(${value.type}, ${value.size} bytes)` : value),
    2,
  );
}

function record(event: Event): void {
  const item = document.createElement('li');
  item.className = event.type;
  const type = document.createElement('span');
  type.className = 'type';
  type.textContent = `${new Date().toISOString().slice(11, 23)} ${event.type}`;
  const detail = document.createElement('div');
  // Text, never markup: the API's strings are untrusted.
  detail.textContent = summarise((event as CustomEvent).detail);
  item.append(type, detail);
  log.prepend(item);
  while (log.children.length > 200) log.lastElementChild?.remove();
}

for (const name of EVENTS) widget.addEventListener(name, record);

// dni-quality comes twice a second while the camera runs: shown in its own box, not the log
// (a picked picture's check, which comes once, goes to the log too).
const quality = document.querySelector<HTMLPreElement>('#quality')!;
widget.addEventListener('dni-quality', (event) => {
  const { source, ok, hint, frame, analysisMs, metrics } = event.detail;
  const { card, ...measures } = metrics;
  const number = (value: number | null) => (value === null ? '–' : String(+value.toFixed(3)));
  const numbers = Object.entries(measures).map(([name, value]) => `${name.padEnd(11)} ${number(value)}`);
  const found = card
    ? [
        `card        ${card.cutOff ? 'cut off' : 'whole'}, confidence ${number(card.confidence)}`,
        `            scale ${number(card.scale)}, turn ${number(card.turn)}°, tilt ${number(card.tilt)}°`,
      ]
    : ['card        none found'];
  quality.textContent = [
    `${source} #${frame}: ${ok ? 'ok' : (hint ?? 'not yet steady')} (${analysisMs.toFixed(1)} ms)`,
    ...found,
    ...numbers,
  ].join('\n');
  if (source === 'file') record(event);
});

/** `?auto-capture=off` starts with auto-capture off (the end-to-end tests that click capture use it). */
function applyAutoCapture(): void {
  widget.noAutoCapture = field('auto-capture').value === 'off';
}
if (new URLSearchParams(location.search).get('auto-capture') === 'off') field('auto-capture').value = 'off';
applyAutoCapture();
field('auto-capture').addEventListener('change', applyAutoCapture);

field('scenario').addEventListener('change', applyScenario);
field('delay').addEventListener('change', applyScenario);
field('sides').addEventListener('change', () => {
  widget.sides = field('sides').value;
  widget.reset();
});
/** `?lang=en` starts in English. */
const startLang = new URLSearchParams(location.search).get('lang');
if (startLang === 'en' || startLang === 'es') field('lang').value = startLang;
function applyLang(): void {
  widget.lang = field('lang').value;
}
if (startLang) applyLang();
field('lang').addEventListener('change', applyLang);
field('camera').addEventListener('change', () => {
  applyCamera();
  widget.reset();
});
document.querySelector('#reset')!.addEventListener('click', () => widget.reset());
document.querySelector('#clear-log')!.addEventListener('click', () => log.replaceChildren());

applyScenario();
applyCamera();
