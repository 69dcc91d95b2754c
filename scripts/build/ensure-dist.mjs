/**
 * Builds the package (`npm run build`) when dist/ is missing or older than what it is built
 * from. Used by the examples' tests and the bench, which both run the built package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

const OUTPUTS = [
  'dist/dni-capture.js',
  'dist/quality.worker.js',
  'dist/file.worker.js',
  'dist/dni-capture.bundled.js',
  'dist/types/dni-capture.d.ts',
  'dist/custom-elements.json',
];
const INPUTS = [
  'src',
  'scripts/build',
  'package.json',
  'vite.config.ts',
  'vite.bundled.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'custom-elements-manifest.config.mjs',
];

function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(full).map((name) => newest(join(path, name))));
}

/** True when an output is missing or older than the newest input. */
export function distIsStale() {
  const outputs = OUTPUTS.map((path) => (existsSync(join(root, path)) ? statSync(join(root, path)).mtimeMs : 0));
  return Math.min(...outputs) < Math.max(...INPUTS.map(newest));
}

/** Runs `npm run build` if needed; throws if it fails. */
export function ensureDist(log = (line) => console.error(line)) {
  if (!distIsStale()) return false;
  log('dist/ is missing or stale: npm run build');
  // The build's output goes to stderr: stdout may be a report another tool reads (size-limit --json).
  const build = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
  return true;
}
