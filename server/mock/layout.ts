/**
 * Where things sit on a card, as fractions of the card (0 = left/top edge, 1 = right/bottom).
 * The mock places `face_region` at `PHOTO_BOX`, and the synthetic test cards draw their photo
 * there (docs/DESIGN.md), so the polygon the widget draws lands on the drawn face.
 */

export interface PhotoBox {
  /** left edge */
  x0: number;
  /** top edge */
  y0: number;
  /** right edge */
  x1: number;
  /** bottom edge */
  y1: number;
}

/** The photo on the front of a card, as fractions of the card's width (x) and height (y). */
export const PHOTO_BOX: Readonly<PhotoBox> = Object.freeze({ x0: 0.05, y0: 0.16, x1: 0.27, y1: 0.62 });
