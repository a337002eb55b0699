/**
 * Backends never import each other: what two backends need lives in a package both depend on
 * (@gumbel/core, @gumbel/wasm-simd). A backend may use another only as a test-time reference
 * (devDependencies), never in what it ships.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packages = fileURLToPath(new URL('../packages', import.meta.url));
const backends = readdirSync(packages).filter((d) => d.startsWith('backend-'));

it('no backend lists another backend among its dependencies or peer dependencies', () => {
  expect(backends.length).toBeGreaterThanOrEqual(3);
  const offences: string[] = [];
  for (const dir of backends) {
    const pkg = JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const name of Object.keys(pkg[field] ?? {})) {
        if (name.startsWith('@gumbel/backend-')) offences.push(`${dir}: ${field} ${name}`);
      }
    }
  }
  expect(offences).toEqual([]);
});

/** Every .ts file under src that the package's tsconfig builds (tests and test-only folders are excluded there). */
function shippedSources(dir: string): string[] {
  const tsconfig = JSON.parse(readFileSync(join(packages, dir, 'tsconfig.json'), 'utf8')) as { exclude?: string[] };
  const excludedDirs = (tsconfig.exclude ?? []).filter((e) => !e.includes('*.')).map((e) => e.replace(/\/\*\*$/, ''));
  const files = readdirSync(join(packages, dir, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => `src/${f}`);
  return files.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !excludedDirs.some((d) => f.startsWith(`${d}/`)));
}

it('no shipped backend source imports another backend', () => {
  const offences: string[] = [];
  for (const dir of backends) {
    for (const file of shippedSources(dir)) {
      const text = readFileSync(join(packages, dir, file), 'utf8');
      for (const m of text.matchAll(/from '(@gumbel\/backend-[a-z]+)/g)) offences.push(`${dir}/${file} imports ${m[1]}`);
    }
  }
  expect(offences).toEqual([]);
});
