/** The committed base64 module is what assembly/kernels.ts compiles to today (asc is deterministic). */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), '../scripts/build-wasm.mjs');

describe('kernels-wasm.ts', () => {
  it('matches a fresh AssemblyScript build of assembly/kernels.ts', () => {
    const run = (): string => execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });
});
