/**
 * Checks on what the user sees after a side was sent: the preview image and the face polygon
 * over it, measured on screen.
 */
import { expect } from '@playwright/test';
import { PHOTO_BOX } from '../../../server/mock/layout.ts';
import { cardInCrop, type Rect, type Size } from '../../../src/geometry.ts';
import { containRect } from '../../support/geometry.ts';
import { FACE_RGB, type Rgb } from './cards.ts';
import { decodePng, pixelAt } from './png.ts';
import { STEP, type Widget } from './widget.ts';

export interface PreviewGeometry {
  /** The preview's content box on screen (CSS px, viewport coordinates). */
  content: Rect;
  natural: Size;
  objectFit: string;
  /** The face polygon's points on screen, or null when there is none. */
  polygon: [number, number][] | null;
}

/** Where the preview and the polygon are on screen, once the preview image has loaded. */
export async function previewGeometry(widget: Widget): Promise<PreviewGeometry> {
  const preview = widget.part('preview');
  await expect(preview).toBeVisible({ timeout: STEP.ui });
  await expect
    .poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: STEP.ui })
    .toBeGreaterThan(0);
  // Screenshots clip in viewport coordinates: the preview must be on screen (a click on a
  // button below it may have scrolled it partly out).
  await preview.scrollIntoViewIfNeeded({ timeout: STEP.ui });
  return widget.host.evaluate((host) => {
    const root = host.shadowRoot!;
    const img = root.querySelector<HTMLImageElement>('[part~="preview"]')!;
    const style = getComputedStyle(img);
    const px = (value: string) => parseFloat(value) || 0;
    const box = img.getBoundingClientRect();
    const left = px(style.borderLeftWidth) + px(style.paddingLeft);
    const top = px(style.borderTopWidth) + px(style.paddingTop);
    const content = {
      x: box.left + left,
      y: box.top + top,
      width: box.width - left - px(style.borderRightWidth) - px(style.paddingRight),
      height: box.height - top - px(style.borderBottomWidth) - px(style.paddingBottom),
    };
    const polygon = root.querySelector<SVGPolygonElement>('[part~="face-region"]');
    let points: [number, number][] | null = null;
    if (polygon) {
      // The polygon's own points through its transform to the screen: its geometry, not its stroke.
      const ctm = polygon.getScreenCTM()!;
      points = Array.from(polygon.points).map((p) => {
        const q = new DOMPoint(p.x, p.y).matrixTransform(ctm);
        return [q.x, q.y] as [number, number];
      });
    }
    return {
      content,
      natural: { width: img.naturalWidth, height: img.naturalHeight },
      objectFit: style.objectFit,
      polygon: points,
    };
  });
}

/**
 * Where the photo of a card that filled the guide frame must appear on screen: the card in
 * the sent image (`cardInCrop`), its photo (`PHOTO_BOX`), through `object-fit: contain`.
 */
export function expectedFaceBox(sent: Size, content: Rect): Rect {
  const card = cardInCrop(sent.width, sent.height);
  const shown = containRect(sent, content);
  const scale = shown.width / sent.width;
  return {
    x: content.x + shown.x + (card.x + PHOTO_BOX.x0 * card.width) * scale,
    y: content.y + shown.y + (card.y + PHOTO_BOX.y0 * card.height) * scale,
    width: (PHOTO_BOX.x1 - PHOTO_BOX.x0) * card.width * scale,
    height: (PHOTO_BOX.y1 - PHOTO_BOX.y0) * card.height * scale,
  };
}

function bounds(points: [number, number][]): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

/** The colour on screen at (x, y), with the face polygon hidden so it does not tint it. */
export async function screenColour(widget: Widget, x: number, y: number): Promise<Rgb> {
  const shot = await widget.page.screenshot({
    clip: { x: Math.round(x) - 2, y: Math.round(y) - 2, width: 5, height: 5 },
    style: '[part~="face-region"] { visibility: hidden !important; }',
    animations: 'disabled',
    caret: 'hide',
  });
  return pixelAt(decodePng(shot), 2, 2);
}

export function isNear(actual: Rgb, expected: Rgb, tolerance: number): boolean {
  return actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);
}

/**
 * The preview shows the image that was sent, and the face polygon sits over the card's photo
 * within `tolerance` px, with the face's colour under its centre.
 */
export async function expectFaceRegionOverFace(widget: Widget, sent: Size, tolerance = 3): Promise<void> {
  const geometry = await previewGeometry(widget);
  expect(geometry.natural, 'the preview shows the image that was sent').toEqual(sent);
  expect(geometry.objectFit).toBe('contain');
  expect(geometry.polygon, 'a face-region polygon is drawn').not.toBeNull();
  const actual = bounds(geometry.polygon!);
  const expected = expectedFaceBox(sent, geometry.content);
  const edges = (r: Rect) => ({ left: r.x, top: r.y, right: r.x + r.width, bottom: r.y + r.height });
  const a = edges(actual);
  const e = edges(expected);
  for (const edge of ['left', 'top', 'right', 'bottom'] as const) {
    expect(
      Math.abs(a[edge] - e[edge]),
      `face-region ${edge} edge at ${a[edge].toFixed(1)} px, expected ${e[edge].toFixed(1)} px`,
    ).toBeLessThanOrEqual(tolerance);
  }
  const colour = await screenColour(widget, actual.x + actual.width / 2, actual.y + actual.height / 2);
  expect(
    isNear(colour, FACE_RGB, 24),
    `colour under the polygon's centre ${String(colour)}, the face is ${String(FACE_RGB)}`,
  ).toBe(true);
}

/** The colour of the sent image where a card's photo centre would be (to tell front from back). */
export async function colourAtPhotoCentre(widget: Widget, sent: Size): Promise<Rgb> {
  const geometry = await previewGeometry(widget);
  const box = expectedFaceBox(sent, geometry.content);
  return screenColour(widget, box.x + box.width / 2, box.y + box.height / 2);
}
