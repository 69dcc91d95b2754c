import { expect } from '@open-wc/testing';
import type { Point, Quad } from '../../src/quad.ts';
import { detectCard, planePose, type Detection } from '../../src/quality/detect.ts';
import { ID1_ASPECT } from '../../src/geometry.ts';
import { CARD_KINDS, canvasLuma, paintScene, sceneCorners, type SceneSpec, type Table } from '../support/scene.ts';

// The card detector on synthetic camera scenes whose true corners are known
// (test/support/scene.ts): each scene drawn once at the camera's size (1920 × 1080, or
// 1080 × 1920 upright) and averaged down 3 × to the analysis size, as the quality worker does.

const FACTOR = 3;
const L = { width: 1920, height: 1080 };
const P = { width: 1080, height: 1920 };
/** Largest corner error allowed on any one scene, and for the median scene: shares of the card's width. */
const MAX_ERROR = 0.02;
const MAX_MEDIAN_ERROR = 0.01;
/** Largest corner error allowed on a blurred white-table scene (never captured: see the test). */
const MAX_BLURRED_ERROR = 0.06;
/** Largest corner error allowed for a light card on a white or same-coloured table. */
const MAX_LIGHT_TABLE_ERROR = 0.03;

type Spec = Partial<SceneSpec>;
const BASE: SceneSpec = { kind: 'new-front', ...L, pose: { scale: 0.85 }, table: 'wood', noise: 3 };

/** Whole cards: every one must be found, its corners where they are. */
const WHOLE: [string, Spec][] = [
  // Distance: 40–115% of the guide (130% no longer fits in the frame: see CUT_OFF).
  ['L 40%', { pose: { scale: 0.4 } }],
  ['L 55%', { pose: { scale: 0.55 } }],
  ['L 70%', { pose: { scale: 0.7 } }],
  ['L 85%', { pose: { scale: 0.85 } }],
  ['L 100%', { pose: { scale: 1 } }],
  ['L 115%', { pose: { scale: 1.15 } }],
  ['P 40%', { ...P, pose: { scale: 0.4 } }],
  ['P 70%', { ...P, pose: { scale: 0.7 } }],
  ['P 100%', { ...P, pose: { scale: 1 } }],
  ['P 115%', { ...P, pose: { scale: 1.15 } }],
  // Turn and tilt.
  ['L turn 20', { pose: { scale: 0.8, turn: 20 } }],
  ['L turn -20', { pose: { scale: 0.8, turn: -20 } }],
  ['L turn 10', { pose: { scale: 0.9, turn: 10 } }],
  ['P turn 20', { ...P, pose: { scale: 0.8, turn: 20 } }],
  ['P turn -20', { ...P, pose: { scale: 0.8, turn: -20 } }],
  ['L tilt 15', { pose: { scale: 0.85, tilt: 15 } }],
  ['L tilt 30', { pose: { scale: 0.8, tilt: 30 } }],
  ['L tilt 30 turn 10', { pose: { scale: 0.75, tilt: 30, turn: 10 } }],
  ['L tilt 20 turn -15', { pose: { scale: 0.8, tilt: 20, turn: -15 } }],
  ['P tilt 30', { ...P, pose: { scale: 0.8, tilt: 30 } }],
  ['P tilt 20 turn 20', { ...P, pose: { scale: 0.8, tilt: 20, turn: 20 } }],
  // Off the guide's centre.
  ['L offset up right', { pose: { scale: 0.7, dx: 0.15, dy: -0.12 } }],
  ['L offset down left', { pose: { scale: 0.6, dx: -0.2, dy: 0.15 } }],
  ['P offset up left', { ...P, kind: 'alien-front', pose: { scale: 0.7, dx: -0.12, dy: -0.4 } }],
  ['P offset down', { ...P, kind: 'new-back', pose: { scale: 0.85, dy: 0.3 }, table: 'cluttered' }],
  // Light, noise, focus, glare.
  ['L dim 0.5', { light: 0.5 }],
  ['L dim 0.35', { light: 0.35 }],
  ['P dim 0.5 same', { ...P, kind: 'old-back', table: 'same', light: 0.5 }],
  ['L bright 1.15', { light: 1.15 }],
  ['L white bright 1.1', { table: 'white', light: 1.1 }],
  ['L noise 8', { noise: 8 }],
  ['L blur 3', { blur: 3 }],
  ['L blur 6', { blur: 6 }],
  ['P blur 6 white', { ...P, kind: 'old-back', table: 'white', blur: 6 }],
  ['L glare', { glare: { x: 0.6, y: 0.45, r: 0.15 } }],
  ['P glare', { ...P, kind: 'old-back', pose: { scale: 0.9, turn: 5 }, glare: { x: 0.3, y: 0.6, r: 0.1 } }],
];

// Every kind on every table, in both orientations, at one of three poses in turn.
const TABLES: Table[] = ['wood', 'white', 'cluttered', 'same'];
const POSES: SceneSpec['pose'][] = [
  { scale: 0.85 },
  { scale: 0.8, turn: -10 },
  { scale: 0.75, turn: 15, tilt: 20, dx: 0.05 },
];
for (const [o, frame] of [
  ['L', L],
  ['P', P],
] as const) {
  CARD_KINDS.forEach((kind, k) => {
    TABLES.forEach((table, t) => {
      const p = (k + t + (o === 'P' ? 1 : 0)) % POSES.length;
      const pose = POSES[p];
      const name = `${o} ${kind} ${table} ${Math.round(pose.scale * 100)}%${pose.turn ? ` turn ${pose.turn}` : ''}${pose.tilt ? ` tilt ${pose.tilt}` : ''}`;
      WHOLE.push([name, { ...frame, kind, table, pose, seed: 7 + p }]);
    });
  });
}

/** Cards partly outside the frame: found as cut off. */
const CUT_OFF: [string, Spec][] = [
  ['L 130%', { pose: { scale: 1.3 } }],
  ['L 130% turn 5', { kind: 'old-front', pose: { scale: 1.3, turn: 5 } }],
  ['P 130%', { ...P, kind: 'new-back', pose: { scale: 1.3 } }],
  ['L a quarter out right', { pose: { scale: 0.85, dx: 0.5 } }],
  ['L half out right', { pose: { scale: 0.85, dx: 0.7 } }],
  ['L half out left', { kind: 'alien-front', pose: { scale: 0.85, dx: -0.7 } }],
  ['L out at the top', { pose: { scale: 0.85, dy: -0.5 } }],
  ['P half out left', { ...P, kind: 'alien-front', pose: { scale: 0.85, dx: -0.6 } }],
  ['P out at the bottom', { ...P, kind: 'new-back', pose: { scale: 0.85, dy: 1.6 }, table: 'white' }],
];

/** Empty tables: no card, or at most a cut-off one. */
const EMPTY: [string, Spec][] = [];
for (const table of TABLES) {
  for (const seed of [1, 2]) {
    EMPTY.push([`L ${table} seed ${seed}`, { kind: null, table, seed, pose: { scale: 1 } }]);
    EMPTY.push([`P ${table} seed ${seed}`, { kind: null, ...P, table, seed, pose: { scale: 1 } }]);
  }
}

/** A scene drawn, analysed and searched once, however many tests look at it. */
const seen = new Map<string, { truth: Quad | null; found: Detection | null }>();
function detect(name: string, spec: Spec): { truth: Quad | null; found: Detection | null } {
  let result = seen.get(name);
  if (!result) {
    const { canvas, corners } = paintScene({ ...BASE, ...spec });
    const { grey, width, height } = canvasLuma(canvas, FACTOR);
    result = { truth: corners, found: detectCard(grey, width, height) };
    seen.set(name, result);
  }
  return result;
}
const sceneNamed = (name: string): Spec => [...WHOLE, ...CUT_OFF, ...EMPTY].find(([n]) => n === name)![1];

const distance = (p: Point, q: Point) => Math.hypot(p[0] - q[0], p[1] - q[1]);
const cardWidth = (q: Quad) => (distance(q[0], q[1]) + distance(q[3], q[2])) / 2;

/** The largest distance between a found corner (scaled back to the frame) and the true one, as a share of the card's width. */
function cornerError(found: Quad, truth: Quad): number {
  return Math.max(...found.map((p, k) => distance([p[0] * FACTOR, p[1] * FACTOR], truth[k]))) / cardWidth(truth);
}

describe('detectCard on synthetic scenes', function () {
  this.timeout(20000);

  describe('finds every whole card, each corner within 2% of its width', () => {
    for (const [name, spec] of WHOLE) {
      it(name, () => {
        const { truth, found } = detect(name, spec);

        // Out of focus (σ 6 px) on a white table, the card's edge is about as steep as the noise:
        // it may not be found (the frame is then told `place-card` rather than `blurry`, and is
        // never taken either way); if it is, it must be where it is, within 6%.
        if ((spec.blur ?? 0) >= 6 && spec.table === 'white') {
          if (found)
            expect(cornerError(found.corners, truth!) * 100, 'corner error, %').to.be.at.most(MAX_BLURRED_ERROR * 100);
          return;
        }
        expect(found, 'no card found').to.not.equal(null);
        expect(found!.cutOff, 'whole, not cut off').to.equal(false);
        // A light card on a light table shows an edge of a few grey levels: found a little more
        // loosely.
        const limit = spec.table === 'white' || spec.table === 'same' ? MAX_LIGHT_TABLE_ERROR : MAX_ERROR;
        expect(cornerError(found!.corners, truth!) * 100, 'corner error, % of the card width').to.be.at.most(
          limit * 100,
        );
      });
    }

    it('within 1% on the median scene', () => {
      const all = WHOLE.map(([name, spec]) => {
        const { truth, found } = detect(name, spec);
        return found ? cornerError(found.corners, truth!) : Infinity;
      }).sort((a, b) => a - b);
      const median = all[Math.floor(all.length / 2)];
      const at = (share: number) => (all[Math.floor(share * (all.length - 1))] * 100).toFixed(2);
      console.log(
        `corner error over ${all.length} whole cards, % of the card width: median ${at(0.5)}, 90th percentile ${at(0.9)}, max ${at(1)}`,
      );

      expect(median * 100, 'median corner error, %').to.be.at.most(MAX_MEDIAN_ERROR * 100);
    });
  });

  describe('says cutOff for a card partly outside the frame', () => {
    for (const [name, spec] of CUT_OFF) {
      it(name, () => {
        const { found } = detect(name, spec);

        expect(found, 'no card found').to.not.equal(null);
        expect(found!.cutOff).to.equal(true);
      });
    }
  });

  describe('finds no card on an empty table (or only a cut-off one)', () => {
    for (const [name, spec] of EMPTY.filter(([, s]) => s.table !== 'cluttered')) {
      it(name, () => {
        const { found } = detect(name, spec);

        if (found)
          expect(
            found.cutOff,
            `a whole card found at ${JSON.stringify(found.corners.map((p) => p.map(Math.round)))}`,
          ).to.equal(true);
      });
    }

    // A cluttered desk holds card-like things: a sheet of paper (aspect 1.41) held at an angle is
    // the perspective view of an ID-1 rectangle too. At most one such false card among its scenes
    // (the verdict test shows none is ever judged good enough to be taken).
    it('on a cluttered desk, at most one false whole card in its four scenes', () => {
      const cluttered = EMPTY.filter(([, s]) => s.table === 'cluttered');
      const whole = cluttered.filter(([name, spec]) => {
        const { found } = detect(name, spec);
        return found && !found.cutOff;
      });
      console.log(`false whole cards on a cluttered desk: ${whole.map(([name]) => name).join(', ') || 'none'}`);

      expect(whole.length).to.be.at.most(1);
    });
  });

  describe('orders the corners: top-left first, clockwise, along a long edge first', () => {
    for (const name of ['L turn 20', 'L turn -20', 'P turn 20', 'P turn -20']) {
      it(name, () => {
        const { truth, found } = detect(name, sceneNamed(name));
        const q = found!.corners;
        // Twice the signed area: positive for clockwise on screen (y down).
        const area = q.reduce((sum, p, k) => sum + p[0] * q[(k + 1) % 4][1] - q[(k + 1) % 4][0] * p[1], 0);

        expect(area, 'clockwise').to.be.greaterThan(0);
        expect(distance(q[0], q[1]), 'the first edge is a long one').to.be.greaterThan(1.4 * distance(q[1], q[2]));
        expect(q[0][0], 'top-left left of top-right').to.be.lessThan(q[1][0]);
        expect(q[0][1] + q[1][1], 'the first edge above the third').to.be.lessThan(q[2][1] + q[3][1]);
        // Each corner is the true one of the same name.
        q.forEach((p, k) => {
          const nearest = truth!
            .map((t) => distance([p[0] * FACTOR, p[1] * FACTOR], t))
            .reduce((best, d, i, all) => (d < all[best] ? i : best), 0);
          expect(nearest, `corner ${k}`).to.equal(k);
        });
      });
    }
  });
});

describe('planePose', () => {
  /** A `w` × `h` rectangle centred at (cx, cy), turned `deg` clockwise. */
  function rectangle(cx: number, cy: number, w: number, h: number, deg = 0): Quad {
    const a = (deg * Math.PI) / 180;
    return [
      [-w / 2, -h / 2],
      [w / 2, -h / 2],
      [w / 2, h / 2],
      [-w / 2, h / 2],
    ].map(
      ([x, y]) => [cx + x * Math.cos(a) - y * Math.sin(a), cy + x * Math.sin(a) + y * Math.cos(a)] as const,
    ) as unknown as Quad;
  }

  it('gives a flat rectangle facing the camera its aspect ratio and no tilt', () => {
    const { aspect, tilt } = planePose(rectangle(320, 180, 300, 300 / ID1_ASPECT), 640, 360);

    expect(aspect).to.be.closeTo(ID1_ASPECT, 1e-6);
    expect(tilt).to.be.closeTo(0, 1e-6);
  });

  it('gives the same off the centre and turned', () => {
    const { aspect, tilt } = planePose(rectangle(200, 140, 240, 120, 15), 640, 360);

    expect(aspect).to.be.closeTo(2, 1e-6);
    expect(tilt).to.be.closeTo(0, 1e-6);
  });

  it('measures aspect along the first edge (a quad that starts on a short edge gives its inverse)', () => {
    const r = rectangle(320, 180, 300, 150);

    expect(planePose([r[1], r[2], r[3], r[0]], 640, 360).aspect).to.be.closeTo(0.5, 1e-6);
  });

  for (const [name, frame, pose] of [
    ['tilted 30°', L, { scale: 0.8, tilt: 30 }],
    ['tilted 20°, turned 15° and off the centre', L, { scale: 0.75, tilt: 20, turn: 15, dx: 0.1, dy: -0.05 }],
    ['tilted 10°, upright frame', P, { scale: 0.9, tilt: 10 }],
    ['tilted 45°', P, { scale: 0.7, tilt: 45, turn: -10 }],
  ] as const) {
    it(`recovers the tilt of a scene's card ${name}, within 2°, and ID-1's aspect`, () => {
      const corners = sceneCorners({ ...frame, pose });
      // At the analysis size, as the detector sees it.
      const analysed = corners.map(([x, y]) => [x / FACTOR, y / FACTOR] as const) as unknown as Quad;

      const { aspect, tilt } = planePose(analysed, frame.width / FACTOR, frame.height / FACTOR);

      expect(tilt).to.be.closeTo(pose.tilt, 2);
      expect(aspect).to.be.closeTo(ID1_ASPECT, 0.02 * ID1_ASPECT);
    });
  }
});
