/** Types of ensure-dist.mjs. */
export declare function distIsStale(): boolean;
export declare function ensureDist(log?: (line: string) => void): boolean;
