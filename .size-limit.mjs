/**
 * Size budgets (size-limit, run by `npm test` as the `size` runner and by `npm run size`): gzip
 * level 9, 1 KB = 1000 bytes. What is measured is the package as an integrator's bundler ships it
 * (scripts/build/integrator-bundle.mjs: the built module bundled with lit, minified and
 * code-split by esbuild, each worker bundled and minified), so that a budget fails when the
 * camera path starts to carry what it does not need.
 */
import { ensureDist } from './scripts/build/ensure-dist.mjs';
import { integratorBundle } from './scripts/build/integrator-bundle.mjs';

ensureDist();
const { first, all } = await integratorBundle();

export default [
  {
    name: 'before the first capture: lit, the element, the quality worker (whose script also encodes the capture)',
    path: first,
    gzip: true,
    // The target (README, Performance).
    limit: '30 KB',
  },
  {
    name: 'everything the module build can load (a picked file, the review, UBIGEO, English)',
    path: all,
    gzip: true,
    // The target (the file worker's browser-image-compression goes without the PNG encoder it
    // never uses: scripts/build/without-png-encoder.mjs).
    limit: '75 KB',
  },
  {
    name: 'the single-file build (dist/dni-capture.bundled.js)',
    path: ['dist/dni-capture.bundled.js'],
    gzip: true,
    limit: '60 KB',
  },
];
