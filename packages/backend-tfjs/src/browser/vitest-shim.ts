/**
 * The slice of vitest's API the conformance suite uses (`describe`, `it`, `it.skipIf`, `afterAll`,
 * `expect`), for running it inside a browser page; the page bundle aliases `vitest` here. `expect`
 * is vitest's own (@vitest/expect on chai), so assertions behave as in Node. The runner collects
 * (awaiting async `describe` bodies, as vitest does) and then runs each case in order.
 * (backend-gpujs carries the same shim; a shared browser-test package would remove the copy.)
 */
import { JestAsymmetricMatchers, JestChaiExpect, JestExtend, chai } from '@vitest/expect';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Body = () => unknown;
interface Suite { readonly name: string; readonly body: Body | undefined; readonly children: (Suite | Case)[]; readonly afterAll: Body[] }
interface Case { readonly name: string; readonly body: Body; readonly skip: boolean }

export interface CaseResult {
  readonly name: string;
  readonly state: 'pass' | 'fail' | 'skip';
  readonly error?: string;
}

const root: Suite = { name: '', body: undefined, children: [], afterAll: [] };
let current: Suite = root;

export function describe(name: string, body: Body): void {
  current.children.push({ name, body, children: [], afterAll: [] });
}

const register = (name: string, body: Body, skip: boolean): void => void current.children.push({ name, body, skip });

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

async function run(suite: Suite, path: string, out: CaseResult[]): Promise<void> {
  for (const child of suite.children) {
    const name = path ? `${path} > ${child.name}` : child.name;
    if ('children' in child) {
      await run(child, name, out);
      continue;
    }
    if (child.skip) {
      out.push({ name, state: 'skip' });
      continue;
    }
    try {
      await child.body();
      out.push({ name, state: 'pass' });
    } catch (error) {
      out.push({ name, state: 'fail', error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    }
  }
  for (const hook of suite.afterAll) await hook();
}

export async function runRegistered(): Promise<CaseResult[]> {
  await collect(root);
  const out: CaseResult[] = [];
  await run(root, '', out);
  return out;
}
