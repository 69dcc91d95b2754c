/**
 * The mocha globals the unit tests use (@web/test-runner-mocha provides them at run time).
 * Declared here because the project has no @types/mocha and tsconfig's `types` is `["node"]`;
 * if @types/mocha is ever added, delete this file.
 */
type MochaDone = (error?: unknown) => void;
type MochaFn = (this: unknown, done: MochaDone) => void | Promise<unknown>;

interface MochaTestFunction {
  (title: string, fn?: MochaFn): void;
  only(title: string, fn?: MochaFn): void;
  skip(title: string, fn?: MochaFn): void;
}

interface MochaSuiteFunction {
  (title: string, fn: (this: unknown) => void): void;
  only(title: string, fn: (this: unknown) => void): void;
  skip(title: string, fn: (this: unknown) => void): void;
}

declare const describe: MochaSuiteFunction;
declare const it: MochaTestFunction;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
