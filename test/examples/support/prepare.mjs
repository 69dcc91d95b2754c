#!/usr/bin/env node
/**
 * Before the examples' server starts: builds the package if dist/ is stale (the examples use
 * the built package, as an integrator would) and draws the fake camera's card frame (cached).
 * Quick when both are up to date.
 */
import { cardFrame } from '../../../bench/card-frame.mjs';
import { ensureDist } from '../../../scripts/build/ensure-dist.mjs';

try {
  ensureDist((line) => console.error(`[examples] ${line}`));
} catch (error) {
  console.error(`[examples] ${error.message}`);
  process.exit(1);
}
await cardFrame();
