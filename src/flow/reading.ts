/**
 * The flow's moves once the API has read a side (src/flow/flow.ts has the others): the result
 * kept and checked for the review, the person's confirmation, and the `dni-complete` detail.
 * Pure, like flow.ts, and with the checks: they load with the review (src/flow/results.ts), so
 * that the camera path carries neither. Unit-tested in `test/unit/flow.test.ts`.
 */
import type { ParseOutcome } from '../api/parse.js';
import type { CardResult, Side } from '../api/types.js';
import { checkPair, checkResult, type ResultWarning } from '../checks/checks.js';
import type { DniCompleteDetail, DniResultDetail } from '../events.js';
import { dropSide, type Flow, type Review, type SideRecord, type Step } from './flow.js';

/** A flow at its review. */
export type Reviewing = Flow & { step: Extract<Step, { name: 'review' }> };

/**
 * A side was read: the result is kept under the side the API read, checked, and shown for
 * review. When the person showed the other side, that result is kept too if that side is still
 * to be captured (they will not be asked for it again: the photo moves there), and the side
 * asked for comes next; otherwise it is only shown.
 */
export function received(flow: Flow, requested: Side, result: CardResult, response: unknown): Reviewing {
  const side = result.card_side;
  const wrongSide = side !== requested;
  let sides = flow.sides;
  const kept = !wrongSide || (sides.list.includes(side) && !sides.results[side]);
  if (kept) {
    if (wrongSide) sides = moveShot(sides, requested, side);
    sides = {
      ...sides,
      results: { ...sides.results, [side]: result },
      responses: { ...sides.responses, [side]: response },
    };
  }
  const warnings = uniqueWarnings([
    ...(wrongSide ? [{ code: 'WRONG_SIDE', field: 'card_side' } as const] : []),
    ...checkResult(result),
    ...(kept ? checkPair(sides.results.front, sides.results.back) : []),
  ]);
  return { step: { name: 'review', review: { side, requested, result, warnings, kept } }, sides };
}

/**
 * The API's answer to the photo of `requested`: the flow at its review (`received`, with the
 * result of the side asked for, or else the first), and the `dni-result` detail.
 */
export function answered(
  flow: Flow,
  requested: Side,
  outcome: Extract<ParseOutcome, { ok: true }>,
): { flow: Reviewing; detail: DniResultDetail } {
  const result = outcome.results.find((r) => r.card_side === requested) ?? outcome.results[0];
  const next = received(flow, requested, result, outcome.body);
  const { side, warnings } = next.step.review;
  return { flow: next, detail: { side, requestedSide: requested, response: outcome.body, result, warnings } };
}

/** The `birth_place` code of a result, if it has one. */
export function birthPlaceCode(review: Pick<Review, 'result'>): string | null {
  const info = review.result.card_info;
  const code = 'birth_place' in info ? info.birth_place : undefined;
  return typeof code === 'string' && code ? code : null;
}

/** The `dni-complete` detail of a completed flow (the front is always asked for: see `parseSides`). */
export function completion(sides: SideRecord): DniCompleteDetail | null {
  const front = sides.results.front;
  if (!front) return null;
  const back = isForeignerCard(sides) ? null : (sides.results.back ?? null);
  const warnings = uniqueWarnings([
    ...checkResult(front),
    ...(back ? checkResult(back) : []),
    ...checkPair(front, back ?? undefined),
  ]);
  return { cardType: front.card_type, front, back, warnings };
}

/** The photo of `from` becomes the photo of `to` (the API read the other side). */
function moveShot(sides: SideRecord, from: Side, to: Side): SideRecord {
  const shot = sides.shots[from];
  const dropped = dropSide(sides, from);
  return shot ? { ...dropped, shots: { ...dropped.shots, [to]: shot } } : dropped;
}

/** Each warning once (a code on a field), in order. */
export function uniqueWarnings(warnings: readonly ResultWarning[]): ResultWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code} ${w.field ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- Moving on ------------------------------------------------------------------------------

/** A foreigner card has no back to read: its front completes it. */
export function isForeignerCard(sides: SideRecord): boolean {
  return sides.results.front?.card_type === 'ALIEN';
}

/** The next side still to capture, or `null` when every side is done. */
export function nextSide(sides: SideRecord): Side | null {
  if (isForeignerCard(sides)) return null;
  return sides.list.find((side) => !sides.results[side]) ?? null;
}

/** The side the confirm button leads to ("continue to the back"), or `null` when it completes. */
export function sideAfterReview(flow: Flow): Side | null {
  const step = flow.step;
  // A result only shown (the other side, not kept): the side asked for is still to come.
  if (step.name === 'review' && !step.review.kept) return step.review.requested;
  return nextSide(flow.sides);
}

/**
 * The person accepts the review: the camera opens for the next side (`starting`), or every side
 * is done (`complete`: the photos are dropped, the integrator has them from `dni-capture`).
 */
export function confirmed(flow: Flow): Flow {
  if (flow.step.name !== 'review') return flow;
  const review = flow.step.review;
  // A result of the other side that could not be kept was only shown: drop its photo.
  const sides = review.kept ? flow.sides : dropSide(flow.sides, review.requested);
  const next = nextSide(sides);
  if (next) return { step: { name: 'starting' }, sides: { ...sides, current: next } };
  return { step: { name: 'complete' }, sides: { ...sides, shots: {} } };
}
