/** Types of chromium.mjs. */
export declare const CHROME_PATH: string;
export declare const SAFE_ARGS: readonly string[];
export declare function fakeCameraArgs(y4mPath?: string | null, allowed?: boolean): string[];
