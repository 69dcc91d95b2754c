/**
 * Which string of the translation tables says each quality hint: `hint` and its words
 * capitalised (`place-card` → `hintPlaceCard`). Typed over every hint, so a new hint does not
 * compile until the tables have its string. With the element (the live camera's guidance).
 */
import type { QualityHint } from '../quality/verdict.js';
import type { CoreStrings } from './strings.js';

/** `place-card` → `PlaceCard`. */
type Words<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${Words<Tail>}`
  : Capitalize<S>;

/** The `Strings` key of each quality hint (a key the tables lack does not compile). */
export type HintKey = keyof Pick<CoreStrings, `hint${Words<QualityHint>}`>;

/** The `Strings` key of a quality hint. */
export function hintKey(hint: QualityHint): HintKey {
  return `hint${hint.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase())}` as HintKey;
}
