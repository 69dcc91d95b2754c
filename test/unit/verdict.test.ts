import { expect } from '@open-wc/testing';
import { guideRect } from '../../src/geometry.ts';
import {
  judge,
  measureFrame,
  PHONE_THRESHOLDS,
  type QualityHint,
  type QualityMetrics,
  type QualityVerdict,
} from '../../src/quality/metrics.ts';
import type { Quad } from '../../src/quad.ts';
import { canvasLuma, paintScene, type SceneSpec } from '../support/scene.ts';

// The quality gate's verdict on synthetic camera scenes (test/support/scene.ts), as the worker
// reaches it: a 1920 × 1080 (or 1080 × 1920) frame averaged down 3 × to 640 px, measured twice
// (the same frame: steady, so motion is known) and judged with the phone thresholds.

const FACTOR = 3;
const L = { width: 1920, height: 1080 };
const P = { width: 1080, height: 1920 };

/**
 * What a scene must get: `ok` (with the card itself found), a hint, `straighten-or-not-ok`
 * (tilted 45°: straighten if the card itself is found, else at least not ok), or `not-glare`
 * (a saturated table around the card is not glare on it).
 */
type Expected = 'ok' | QualityHint | readonly QualityHint[] | 'straighten-or-not-ok' | 'not-glare';

type Scene = [name: string, spec: Omit<SceneSpec, 'table'> & { table?: SceneSpec['table'] }, expected: Expected];

const scenes: Scene[] = [
  // Good: 75–100% of the guide, turned ≤ 10°, tilted ≤ 20°, small offsets, any table, ordinary or dim light.
  ['L new-front wood 85%', { kind: 'new-front', ...L, pose: { scale: 0.85 } }, 'ok'],
  ['L new-back wood 75% turn 10', { kind: 'new-back', ...L, pose: { scale: 0.75, turn: 10 } }, 'ok'],
  ['L old-front white 100%', { kind: 'old-front', ...L, pose: { scale: 1 }, table: 'white' }, 'ok'],
  [
    'L old-back cluttered 90% turn -8',
    { kind: 'old-back', ...L, pose: { scale: 0.9, turn: -8 }, table: 'cluttered' },
    'ok',
  ],
  [
    'L alien-front same 80% tilt 20',
    { kind: 'alien-front', ...L, pose: { scale: 0.8, tilt: 20 }, table: 'same' },
    'ok',
  ],
  ['L new-front white 90% dim', { kind: 'new-front', ...L, pose: { scale: 0.9 }, table: 'white', light: 0.5 }, 'ok'],
  [
    'L new-back same 95% offset',
    { kind: 'new-back', ...L, pose: { scale: 0.95, turn: -5, dx: 0.04, dy: -0.04 }, table: 'same' },
    'ok',
  ],
  [
    'L old-front wood 75% tilt 15 dim',
    { kind: 'old-front', ...L, pose: { scale: 0.75, tilt: 15, turn: 5 }, light: 0.5 },
    'ok',
  ],
  // (At 100% a card turned 10° no longer fits in a landscape frame: 95%.)
  ['L alien-front wood 95% turn -10', { kind: 'alien-front', ...L, pose: { scale: 0.95, turn: -10, tilt: 10 } }, 'ok'],
  [
    'L new-front cluttered 80% offset',
    { kind: 'new-front', ...L, pose: { scale: 0.8, dx: 0.08, dy: 0.06 }, table: 'cluttered' },
    'ok',
  ],
  ['P new-front wood 85%', { kind: 'new-front', ...P, pose: { scale: 0.85 } }, 'ok'],
  ['P old-back white 80% turn 10', { kind: 'old-back', ...P, pose: { scale: 0.8, turn: 10 }, table: 'white' }, 'ok'],
  [
    'P alien-front cluttered 90%',
    { kind: 'alien-front', ...P, pose: { scale: 0.9, dy: 0.1 }, table: 'cluttered' },
    'ok',
  ],
  ['P new-back same 100% dim', { kind: 'new-back', ...P, pose: { scale: 1 }, table: 'same', light: 0.5 }, 'ok'],
  ['P old-front wood 75% tilt 20', { kind: 'old-front', ...P, pose: { scale: 0.75, tilt: 20, turn: -10 } }, 'ok'],
  [
    'P alien-front white 95% dim',
    { kind: 'alien-front', ...P, pose: { scale: 0.95, dx: -0.05 }, table: 'white', light: 0.5 },
    'ok',
  ],
  // Bad: each gets its hint.
  ['L 40%', { kind: 'new-front', ...L, pose: { scale: 0.4 } }, 'closer'],
  ['P 40% white', { kind: 'old-front', ...P, pose: { scale: 0.4, turn: 5 }, table: 'white' }, 'closer'],
  ['L 130%', { kind: 'new-front', ...L, pose: { scale: 1.3 } }, 'farther'],
  ['P 130%', { kind: 'new-back', ...P, pose: { scale: 1.3 } }, 'farther'],
  ['L a quarter out', { kind: 'new-front', ...L, pose: { scale: 0.85, dx: 0.5 } }, 'center-card'],
  ['L half out', { kind: 'old-front', ...L, pose: { scale: 0.85, dx: 0.7 } }, 'center-card'],
  ['P half out', { kind: 'alien-front', ...P, pose: { scale: 0.85, dx: -0.6 } }, 'center-card'],
  ['P turn 35', { kind: 'new-front', ...P, pose: { scale: 0.85, turn: 35 } }, 'straighten'],
  ['L turn -35', { kind: 'old-back', ...L, pose: { scale: 0.72, turn: -35 } }, 'straighten'],
  ['L tilt 45', { kind: 'new-front', ...L, pose: { scale: 0.8, tilt: 45 } }, 'straighten-or-not-ok'],
  ['P tilt 45', { kind: 'new-back', ...P, pose: { scale: 0.85, tilt: 45 } }, 'straighten-or-not-ok'],
  ['L blur 6', { kind: 'new-front', ...L, pose: { scale: 0.85 }, blur: 6 }, 'blurry'],
  ['P blur 6', { kind: 'old-back', ...P, pose: { scale: 0.85 }, blur: 6 }, 'blurry'],
  // Out of focus on a white table, the card's edge is about as steep as the noise: it may not
  // be found at all (see detect.test.ts); never taken either way.
  [
    'P blur 6 white',
    { kind: 'old-back', ...P, pose: { scale: 0.85 }, blur: 6, table: 'white' },
    ['blurry', 'place-card'],
  ],
  ['L dark 0.25', { kind: 'new-front', ...L, pose: { scale: 0.85 }, light: 0.25 }, 'more-light'],
  ['P dark 0.25', { kind: 'old-back', ...P, pose: { scale: 0.85 }, light: 0.25 }, 'more-light'],
  // A light card on a light table in a quarter of the light: 4 grey levels between them, too
  // little to find the card; the frame (mean 56) is not dark enough to say so without a card.
  [
    'P dark 0.25 white',
    { kind: 'alien-front', ...P, pose: { scale: 0.85 }, table: 'white', light: 0.25 },
    ['more-light', 'place-card'],
  ],
  ['L glare on card', { kind: 'new-front', ...L, pose: { scale: 0.85 }, glare: { x: 0.6, y: 0.45, r: 0.12 } }, 'glare'],
  [
    'P glare on card',
    { kind: 'old-back', ...P, pose: { scale: 0.9, turn: 5 }, glare: { x: 0.3, y: 0.6, r: 0.1 } },
    'glare',
  ],
  ['L white table 1.1', { kind: 'new-front', ...L, pose: { scale: 0.85 }, table: 'white', light: 1.1 }, 'not-glare'],
  ['P white table 1.1', { kind: 'old-front', ...P, pose: { scale: 0.85 }, table: 'white', light: 1.1 }, 'not-glare'],
  ['L empty wood', { kind: null, ...L, pose: { scale: 1 } }, 'place-card'],
  ['L empty white', { kind: null, ...L, pose: { scale: 1 }, table: 'white' }, 'place-card'],
  // Papers and a notebook cut by the frame's edge can pass for a card partly out of view: the
  // hint may then be center-card; never ok.
  [
    'L empty cluttered',
    { kind: null, ...L, pose: { scale: 1 }, table: 'cluttered', seed: 2 },
    ['place-card', 'center-card'],
  ],
  // The sheet of paper turned 4° has nearly a card's shape: seen whole, it can pass for a card
  // far away (as Firefox paints this desk, Chromium and WebKit not) and the hint is then
  // closer. An empty desk is never ok.
  [
    'P empty cluttered',
    { kind: null, ...P, pose: { scale: 1 }, table: 'cluttered' },
    ['place-card', 'center-card', 'closer'],
  ],
  ['P empty same', { kind: null, ...P, pose: { scale: 1 }, table: 'same', seed: 3 }, 'place-card'],
];

/** The metrics of the second of two identical frames of a scene, the verdict on them, and the card's true corners. */
function verdictOn(spec: SceneSpec): { metrics: QualityMetrics; verdict: QualityVerdict; truth: Quad | null } {
  const { canvas, corners } = paintScene(spec);
  const { grey, width, height } = canvasLuma(canvas, FACTOR);
  const g = guideRect(spec.width, spec.height);
  const guide = { x: g.x / FACTOR, y: g.y / FACTOR, width: g.width / FACTOR, height: g.height / FACTOR };
  const first = measureFrame(grey, width, height, guide, FACTOR, null);
  const { metrics } = measureFrame(grey, width, height, guide, FACTOR, first.memory);
  return { metrics, verdict: judge(metrics, PHONE_THRESHOLDS), truth: corners };
}

/** The largest distance between a corner found (frame pixels) and the true one, as a share of the card's width. */
function cornerError(found: Quad, truth: Quad): number {
  const width = Math.hypot(truth[1][0] - truth[0][0], truth[1][1] - truth[0][1]);
  return Math.max(...found.map((p, k) => Math.hypot(p[0] - truth[k][0], p[1] - truth[k][1]))) / width;
}

const f = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '-' : v.toFixed(digits));

describe('the verdict on synthetic scenes (phone thresholds)', function () {
  this.timeout(20000);
  const rows: string[] = [];

  for (const [name, scene, expected] of scenes) {
    it(`${name} → ${String(expected)}`, () => {
      const { metrics: m, verdict, truth } = verdictOn({ table: 'wood', noise: 3, ...scene });
      const said = verdict.ok ? 'ok' : (verdict.hint ?? 'not ok');
      const c = m.card;
      // The card itself found (not something else, nor a part of it).
      const error = c && truth && !c.cutOff ? cornerError(c.corners, truth) : null;
      rows.push(
        [
          name.padEnd(34),
          String(expected).padEnd(10),
          said.padEnd(11),
          c ? f(c.scale, 2) : '-',
          c ? f(c.turn, 1) : '-',
          c ? f(c.tilt, 1) : '-',
          c ? (c.cutOff ? 'cut' : 'whole') : '-',
          error === null ? '-' : f(error * 100, 2),
          f(m.sharpness),
          f(m.glare, 4),
          f(m.brightness),
          f(m.edges, 2),
          f(m.contrast, 3),
          c ? f(c.confidence, 2) : '-',
        ].join(' | '),
      );
      if (expected === 'straighten-or-not-ok') {
        if (error !== null && error < 0.05) expect(said, 'the card found: tilted too far').to.equal('straighten');
        else expect(verdict.ok, 'the card not found: not ok').to.equal(false);
      } else if (expected === 'not-glare') {
        expect(m.glare, 'glare on the card').to.be.at.most(PHONE_THRESHOLDS.maxGlare);
        expect(said).to.not.equal('glare');
      } else if (Array.isArray(expected)) {
        expect(said).to.be.oneOf(expected);
      } else {
        expect(said).to.equal(expected);
      }
      // A card taken must be the card: its corners where they are (as detect.test.ts asks).
      if (expected === 'ok')
        expect(error === null ? Infinity : error * 100, 'corner error of the card taken, % of its width').to.be.at.most(
          2,
        );
    });
  }

  it('shows the metrics of every scene (the margins, for docs/quality.md)', () => {
    const head = [
      'scene'.padEnd(34),
      'expected'.padEnd(10),
      'verdict'.padEnd(11),
      'scale',
      'turn',
      'tilt',
      'card',
      'err %',
      'sharp',
      'glare',
      'bright',
      'edges',
      'contrast',
      'conf',
    ];
    console.log([head.join(' | '), ...rows].join('\n'));
    expect(rows.length).to.equal(scenes.length);
  });
});
