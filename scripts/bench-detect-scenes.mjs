/**
 * The scene set of the detection benchmark (`npm run bench:quality -- --only=detection`):
 * synthetic frames drawn by test/support/scene.ts with the card's true corners known. Each
 * entry is a group of scenes, `good` when a whole card is in view at a distance, angle and
 * light the widget must take by itself, `bad` when it must never, `empty` when no card is shown.
 */

const tables = ['wood', 'white', 'cluttered', 'same'];
const kinds = ['new-front', 'new-back', 'old-front', 'old-back', 'alien-front'];

/** @returns {{ group: string, expect: 'good' | 'bad' | 'empty', spec: object }[]} */
export function detectionScenes() {
  const out = [];
  const add = (group, expect, spec) =>
    out.push({
      group,
      expect,
      spec: { kind: 'new-front', width: 1920, height: 1080, table: 'wood', noise: 2, pose: { scale: 0.85 }, ...spec },
    });
  let seed = 1;
  for (const scale of [0.75, 0.85, 1])
    for (const kind of kinds) add(`distance 75–100%`, 'good', { kind, pose: { scale }, seed: seed++ });
  for (const turn of [-10, -5, 5, 10]) add('turned ≤ 10°', 'good', { pose: { scale: 0.85, turn }, seed: seed++ });
  for (const tilt of [10, 20])
    for (const turn of [0, 6]) add('tilted ≤ 20°', 'good', { pose: { scale: 0.85, tilt, turn }, seed: seed++ });
  for (const [dx, dy] of [
    [0.06, 0],
    [-0.06, 0.05],
    [0, -0.06],
  ])
    add('off centre', 'good', { pose: { scale: 0.8, dx, dy }, seed: seed++ });
  for (const table of tables)
    for (const kind of ['new-front', 'new-back']) add(`table: ${table}`, 'good', { table, kind, seed: seed++ });
  for (const light of [0.5, 0.6]) add('dim light', 'good', { light, noise: 4, seed: seed++ });
  add('bright light', 'good', { light: 1.05, table: 'white', seed: seed++ });
  for (const noise of [6, 8]) add('sensor noise', 'good', { noise, seed: seed++ });
  for (const kind of ['new-front', 'new-back', 'old-front'])
    add('portrait frame', 'good', { kind, width: 1080, height: 1920, seed: seed++ });
  add('portrait frame', 'good', { width: 1080, height: 1920, pose: { scale: 0.8, turn: 6, tilt: 12 }, seed: seed++ });
  // The most the widget takes by itself: the card is sent flat, so a turn or tilt costs only a
  // little resolution.
  for (const turn of [-20, 20]) add('turned 20°', 'good', { pose: { scale: 0.75, turn }, seed: seed++ });
  add('tilted 30°', 'good', { pose: { scale: 0.8, tilt: 30 }, seed: seed++ });
  // Beyond: the widget asks to straighten.
  add('turned 35°', 'bad', { pose: { scale: 0.6, turn: 35 }, seed: seed++ });
  add('tilted 45°', 'bad', { pose: { scale: 0.8, tilt: 45 }, seed: seed++ });
  for (const scale of [0.4, 0.55]) add('far away', 'bad', { pose: { scale }, seed: seed++ });
  add('blurred', 'bad', { blur: 6, seed: seed++ });
  add('dark', 'bad', { light: 0.25, seed: seed++ });
  add('glare on the card', 'bad', { glare: { x: 0.62, y: 0.42, r: 0.16 }, seed: seed++ });
  add('half out', 'bad', { pose: { scale: 0.85, dx: 0.5 }, seed: seed++ });
  add('too near (130%)', 'bad', { pose: { scale: 1.3 }, seed: seed++ });
  for (const table of tables)
    for (const s of [1, 2]) add(`empty: ${table}`, 'empty', { kind: null, table, seed: 100 * s + seed++ });
  return out;
}
