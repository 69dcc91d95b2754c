import { expect } from '@open-wc/testing';
import { ID1_ASPECT } from '../../src/geometry.js';
import { applyHomography, expandQuad, flatSize, homography, type Point, type Quad } from '../../src/quad.js';

const UNIT: Quad = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];

/** A `width` × `height` rectangle centred on (cx, cy), turned `degrees` clockwise (y down). */
function rotatedRect(cx: number, cy: number, width: number, height: number, degrees: number): Quad {
  const a = (degrees * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const at = (dx: number, dy: number): Point => [cx + dx * c - dy * s, cy + dx * s + dy * c];
  return [
    at(-width / 2, -height / 2),
    at(width / 2, -height / 2),
    at(width / 2, height / 2),
    at(-width / 2, height / 2),
  ];
}

function expectPoint(actual: readonly [number, number], expected: readonly [number, number], eps = 1e-6): void {
  expect(actual[0], `x of ${String(actual)} vs ${String(expected)}`).to.be.closeTo(expected[0], eps);
  expect(actual[1], `y of ${String(actual)} vs ${String(expected)}`).to.be.closeTo(expected[1], eps);
}

/** A card photographed from the side: a real perspective, not an affine map. */
const PERSPECTIVE: Quad = [
  [312.5, 240.25],
  [1390, 180],
  [1455.75, 905.5],
  [250, 820],
];

describe('homography', () => {
  it('is the identity between a quad and itself', () => {
    const h = homography(PERSPECTIVE, PERSPECTIVE)!;
    expect(h).to.not.equal(null);
    for (const [x, y] of [...PERSPECTIVE, [700, 500] as Point, [0, 0] as Point])
      expectPoint(applyHomography(h, x, y), [x, y]);
    // Up to scale, the matrix itself is the identity.
    const k = h[8];
    [1, 0, 0, 0, 1, 0, 0, 0, 1].forEach((v, i) => expect(h[i] / k).to.be.closeTo(v, 1e-9));
  });

  it('maps a rotation and scale of the unit square onto the matching similarity', () => {
    const quad = rotatedRect(500, 400, 300, 300, 30);
    const h = homography(UNIT, quad)!;
    // The unit square's centre goes to the rectangle's centre, its edges' midpoints to the edges' midpoints.
    expectPoint(applyHomography(h, 0.5, 0.5), [500, 400]);
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    expectPoint(applyHomography(h, 1, 0.5), [500 + 150 * c, 400 + 150 * s]);
    // A similarity: no perspective terms.
    expect(Math.abs(h[6] / h[8])).to.be.below(1e-12);
    expect(Math.abs(h[7] / h[8])).to.be.below(1e-12);
    for (let i = 0; i < 4; i++) expectPoint(applyHomography(h, ...UNIT[i]), quad[i]);
  });

  it('maps every corner of a perspective quad, and back, within 1e-6 px', () => {
    const rect: Quad = [
      [0, 0],
      [1100, 0],
      [1100, 694],
      [0, 694],
    ];
    const forward = homography(rect, PERSPECTIVE)!;
    const back = homography(PERSPECTIVE, rect)!;
    for (let i = 0; i < 4; i++) {
      expectPoint(applyHomography(forward, ...rect[i]), PERSPECTIVE[i]);
      expectPoint(applyHomography(back, ...PERSPECTIVE[i]), rect[i]);
    }
    // Inner points survive the round trip, and the map is truly projective (not affine).
    for (const [x, y] of [
      [10, 10],
      [550, 347],
      [1000, 600],
      [123.4, 567.8],
    ] as Point[]) {
      expectPoint(applyHomography(back, ...applyHomography(forward, x, y)), [x, y]);
    }
    expect(Math.abs(forward[6] / forward[8])).to.be.above(1e-6);
    // Straight lines stay straight: the middle of the top edge lands on the quad's top edge.
    const [mx, my] = applyHomography(forward, 550, 0);
    const [[ax, ay], [bx, by]] = PERSPECTIVE;
    expect((bx - ax) * (my - ay) - (by - ay) * (mx - ax)).to.be.closeTo(0, 1e-6);
  });

  it('rejects degenerate quads: collinear corners, a repeated corner, a bow tie, a point, NaN', () => {
    const collinear: Quad = [
      [0, 0],
      [100, 0],
      [200, 0],
      [0, 100],
    ];
    const repeated: Quad = [
      [0, 0],
      [100, 0],
      [100, 0],
      [0, 60],
    ];
    const bowTie: Quad = [
      [0, 0],
      [100, 0],
      [0, 60],
      [100, 60],
    ];
    const point: Quad = [
      [5, 5],
      [5, 5],
      [5, 5],
      [5, 5],
    ];
    const nan: Quad = [
      [0, 0],
      [Number.NaN, 0],
      [100, 60],
      [0, 60],
    ];
    for (const bad of [collinear, repeated, bowTie, point, nan]) {
      expect(homography(UNIT, bad), JSON.stringify(bad)).to.equal(null);
      expect(homography(bad, UNIT), JSON.stringify(bad)).to.equal(null);
      expect(expandQuad(bad, 0.05)).to.equal(null);
    }
  });

  it('accepts a mirrored quad (a reflection is a homography)', () => {
    const mirrored: Quad = [UNIT[1], UNIT[0], UNIT[3], UNIT[2]];
    const h = homography(UNIT, mirrored)!;
    expectPoint(applyHomography(h, 0.25, 0.5), [0.75, 0.5]);
  });
});

describe('flatSize', () => {
  it('is the long edge and an ID-1 height, whatever the rotation', () => {
    for (const degrees of [0, 15, 90, -37, 180]) {
      const size = flatSize(rotatedRect(800, 600, 900, 900 / ID1_ASPECT, degrees));
      expect(size.width).to.be.closeTo(900, 1e-9);
      expect(size.height).to.be.closeTo(900 / ID1_ASPECT, 1e-9);
    }
  });

  it('takes the longer long edge under perspective (no detail lost on the near side)', () => {
    const size = flatSize(PERSPECTIVE);
    const top = Math.hypot(1390 - 312.5, 180 - 240.25);
    const bottom = Math.hypot(1455.75 - 250, 905.5 - 820);
    expect(bottom).to.be.above(top);
    expect(size.width).to.be.closeTo(bottom, 1e-9);
    expect(size.width / size.height).to.be.closeTo(ID1_ASPECT, 1e-12);
  });
});

describe('expandQuad', () => {
  it('grows an upright card by the margin of its width and height, keeping the ID-1 shape', () => {
    const card: Quad = [
      [100, 100],
      [1100, 100],
      [1100, 100 + 1000 / ID1_ASPECT],
      [100, 100 + 1000 / ID1_ASPECT],
    ];
    const grown = expandQuad(card, 0.05)!;
    const dy = (0.05 * 1000) / ID1_ASPECT;
    expectPoint(grown[0], [50, 100 - dy]);
    expectPoint(grown[1], [1150, 100 - dy]);
    expectPoint(grown[2], [1150, 100 + 1000 / ID1_ASPECT + dy]);
    expectPoint(grown[3], [50, 100 + 1000 / ID1_ASPECT + dy]);
    expect(flatSize(grown).width).to.be.closeTo(1100, 1e-6);
  });

  it('grows along the card’s own axes when it is rotated', () => {
    const card = rotatedRect(800, 600, 900, 900 / ID1_ASPECT, 15);
    const grown = expandQuad(card, 0.06)!;
    const expected = rotatedRect(800, 600, 900 * 1.12, (900 / ID1_ASPECT) * 1.12, 15);
    for (let i = 0; i < 4; i++) expectPoint(grown[i], expected[i]);
  });

  it('stays on the card’s lines under perspective, with a thinner margin on the far side', () => {
    const grown = expandQuad(PERSPECTIVE, 0.1)!;
    const h = homography(UNIT, PERSPECTIVE)!;
    // Each grown corner is the card's own point (−m, −m)…(1+m, 1+m).
    expectPoint(grown[0], applyHomography(h, -0.1, -0.1));
    expectPoint(grown[2], applyHomography(h, 1.1, 1.1));
    // It stays on the card's diagonal, outside the card.
    const [[ax, ay], , [cx, cy]] = PERSPECTIVE;
    const [gx, gy] = grown[0];
    expect((cx - ax) * (gy - ay) - (cy - ay) * (gx - ax)).to.be.closeTo(0, 1e-6);
    expect(gx).to.be.below(ax);
    // The far (top) margin is thinner than the near (bottom) one.
    const top = Math.hypot(grown[0][0] - PERSPECTIVE[0][0], grown[0][1] - PERSPECTIVE[0][1]);
    const bottom = Math.hypot(grown[2][0] - PERSPECTIVE[2][0], grown[2][1] - PERSPECTIVE[2][1]);
    expect(top).to.be.below(bottom);
  });

  it('refuses a margin that reaches past the horizon of a very oblique card', () => {
    const oblique: Quad = [
      [490, 100],
      [510, 100],
      [1000, 600],
      [0, 600],
    ];
    expect(expandQuad(oblique, 0.01)).to.not.equal(null);
    expect(expandQuad(oblique, 5)).to.equal(null);
  });
});
