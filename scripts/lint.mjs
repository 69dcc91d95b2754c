#!/usr/bin/env node
/**
 * `npm run lint`, and the `lint` runner of `npm test`: the static checks, each failing the run on
 * any problem (a warning included):
 *   - ESLint over the tree (eslint.config.js), one check per file linted;
 *   - Prettier's layout check over the tree (.prettierrc.json, .prettierignore), one check;
 *   - `tsc --noEmit` over each TypeScript project (the tree, the package's declarations, the
 *     proxy's Node build, the integration examples), one check each.
 * Prints what failed, and writes `{ passed, failed, skipped }` to test-results/lint.json for the
 * wrapper.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const RESULTS = 'test-results/lint.json';
const ESLINT_REPORT = 'test-results/eslint.json';
const PROJECTS = ['tsconfig.json', 'tsconfig.build.json', 'tsconfig.proxy.json', 'examples/tsconfig.json'];

/** Runs a local tool, streaming its output; resolves with its exit code. */
function run(bin, args) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve('node_modules', bin), ...args], { stdio: 'inherit' });
    child.on('error', () => done(1));
    child.on('close', (code, signal) => done(signal ? 1 : (code ?? 1)));
  });
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

// ESLint: every file is a check; an unreadable report counts as one failure.
rmSync(ESLINT_REPORT, { force: true });
mkdirSync('test-results', { recursive: true });
const eslintCode = await run('eslint/bin/eslint.js', ['.', '--max-warnings', '0', '-f', 'json', '-o', ESLINT_REPORT]);
/** ESLint's JSON report, or null when it wrote none (a crash, a bad config). */
function eslintReport() {
  try {
    return JSON.parse(readFileSync(ESLINT_REPORT, 'utf8'));
  } catch {
    return null;
  }
}
const files = eslintReport();
if (!Array.isArray(files)) {
  counts.failed += 1;
  failures.push(`eslint: no report (exit ${eslintCode})`);
} else {
  for (const file of files) {
    if (file.errorCount + file.warningCount === 0) {
      counts.passed += 1;
      continue;
    }
    counts.failed += 1;
    for (const message of file.messages) {
      failures.push(
        `${relative(root, file.filePath)}:${message.line}:${message.column} ${message.message} (${message.ruleId ?? 'parse'})`,
      );
    }
  }
  if (eslintCode !== 0 && files.every((file) => file.errorCount + file.warningCount === 0)) {
    counts.failed += 1;
    failures.push(`eslint: exit ${eslintCode} with no problem reported`);
  }
}

// Prettier: one check over the tree; it names the files it would change.
if ((await run('prettier/bin/prettier.cjs', ['--check', '--log-level', 'warn', '.'])) === 0) counts.passed += 1;
else {
  counts.failed += 1;
  failures.push('prettier: files above are not formatted (`npx prettier --write .`)');
}

// TypeScript: each project type-checks with no emit.
for (const project of PROJECTS) {
  if ((await run('typescript/bin/tsc', ['-p', project, '--noEmit'])) === 0) counts.passed += 1;
  else {
    counts.failed += 1;
    failures.push(`tsc -p ${project}: type errors above`);
  }
}

writeFileSync(RESULTS, `${JSON.stringify(counts)}\n`);
for (const line of failures) console.log(line);
console.log(`lint: ${counts.passed} passed, ${counts.failed} failed`);
process.exitCode = counts.failed > 0 ? 1 : 0;
