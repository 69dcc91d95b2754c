/**
 * A card's outline as four corners, and the projective geometry on it. Pure, no DOM: used by
 * the detector (src/quality/detect.ts), the flattening of the card at capture
 * (src/image/flatten.ts) and the live outline over the preview.
 */

/** A point in pixels: `[x, y]`. */
export type Point = readonly [number, number];

/**
 * A card's four corners, clockwise as seen in the image, starting with the top-left corner of
 * the card read upright: `[topLeft, topRight, bottomRight, bottomLeft]`. The edge from the
 * first corner to the second is one of the card's long edges.
 */
export type Quad = readonly [Point, Point, Point, Point];
