/**
 * The part of vitest's API the conformance suite uses (`describe`, `it`, `it.skipIf`, `afterAll`,
 * `expect`), for running the suite inside a browser page. The page bundle aliases `vitest` to this
 * file. `expect` is vitest's own (@vitest/expect's Jest matchers on chai), so assertions behave as
 * in Node; the runner is a small sequential one: collect (awaiting async `describe` bodies, as vitest
 * does), then run each test in order and record pass / fail / skip.
 */
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, chai } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Body = () => unknown;

interface Suite {
  readonly name: string;
  readonly body: Body | undefined;
  readonly children: (Suite | Test)[];
  readonly afterAll: Body[];
}

interface Test {
  readonly name: string;
  readonly body: Body;
  readonly skip: boolean;
}

export interface TestResult {
  readonly name: string;
  readonly state: 'pass' | 'fail' | 'skip';
  readonly error?: string;
  readonly ms: number;
}

const root: Suite = { name: '', body: undefined, children: [], afterAll: [] };
let current: Suite = root;

export function describe(name: string, body: Body): void {
  current.children.push({ name, body, children: [], afterAll: [] });
}

function register(name: string, body: Body, skip: boolean): void {
  current.children.push({ name, body, skip });
}

export const it = Object.assign((name: string, body: Body) => register(name, body, false), {
  skipIf: (condition: unknown) => (name: string, body: Body) => register(name, body, Boolean(condition)),
});
export const test = it;

export function afterAll(body: Body): void {
  current.afterAll.push(body);
}

export const expect = ((value: unknown, message?: string) => chai.expect(value, message)) as unknown as typeof import('vitest').expect;

async function collect(suite: Suite): Promise<void> {
  const parent = current;
  current = suite;
  try {
    if (suite.body) await suite.body();
  } finally {
    current = parent;
  }
  for (const child of suite.children) if ('children' in child) await collect(child);
}

async function runSuite(suite: Suite, path: string, out: TestResult[], onResult: (r: TestResult) => void): Promise<void> {
  for (const child of suite.children) {
    const name = path ? `${path} > ${child.name}` : child.name;
    if ('children' in child) {
      await runSuite(child, name, out, onResult);
      continue;
    }
    const started = performance.now();
    let result: TestResult;
    if (child.skip) result = { name, state: 'skip', ms: 0 };
    else {
      try {
        await child.body();
        result = { name, state: 'pass', ms: performance.now() - started };
      } catch (error) {
        result = { name, state: 'fail', error: describeError(error), ms: performance.now() - started };
      }
    }
    out.push(result);
    onResult(result);
  }
  for (const hook of suite.afterAll) await hook();
}

/** The message, the compared values (chai keeps them on the error; its message truncates them), the stack. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { actual } = error as { actual?: unknown };
  const values = actual === undefined ? '' : `\nactual: ${JSON.stringify(actual).slice(0, 2000)}`;
  return `${error.message}${values}\n${error.stack ?? ''}`;
}

/** Full names of the leaf tests under a suite, and whether each is skipped (`it.skipIf`). */
function listSuite(suite: Suite, path: string, out: { name: string; skip: boolean }[]): void {
  for (const child of suite.children) {
    const name = path ? `${path} > ${child.name}` : child.name;
    if ('children' in child) listSuite(child, name, out);
    else out.push({ name, skip: child.skip });
  }
}

/**
 * Collects everything registered so far without running it: the case list a suite registers (for
 * a given backend's `supports`), which the browser drivers compare with what their page ran
 * (`collectCases` in harness.ts), instead of hard-coding a count.
 */
export async function listRegistered(): Promise<{ name: string; skip: boolean }[]> {
  await collect(root);
  const out: { name: string; skip: boolean }[] = [];
  listSuite(root, '', out);
  return out;
}

/** Collects everything registered so far and runs it. */
export async function runRegistered(onResult: (r: TestResult) => void = () => {}): Promise<TestResult[]> {
  await collect(root);
  const out: TestResult[] = [];
  await runSuite(root, '', out, onResult);
  return out;
}
