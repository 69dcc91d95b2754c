/**
 * Geometry the tests compute their expectations with: where an image, and points on it, land in
 * a box that shows it with `object-fit: contain`.
 * The widget itself needs none of it: its overlays are laid by SVG (`overlayAspectRatio`).
 */
import type { Rect, Size } from '../../src/geometry.js';

/**
 * The rectangle an image of `image` size occupies inside a `box` with `object-fit: contain`
 * (centred, letterboxed).
 */
export function containRect(image: Size, box: Size): Rect {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/** Maps points in image pixels onto a `box` the image is shown in with `object-fit: contain`. */
export function mapToContain(
  points: readonly (readonly [number, number])[],
  image: Size,
  box: Size,
): [number, number][] {
  const rect = containRect(image, box);
  const scale = rect.width / image.width;
  return points.map(([x, y]) => [rect.x + x * scale, rect.y + y * scale]);
}
