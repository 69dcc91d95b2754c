/** Types of card-frame.mjs (kept as plain JavaScript so `node scripts/bench.mjs` runs it as is). */
export declare const CHROME_PATH: string;
export declare const SAFE_ARGS: string[];
export declare function fakeCameraArgs(y4mPath: string): string[];
export declare function cardFrame(options?: { width?: number; height?: number }): Promise<string>;
