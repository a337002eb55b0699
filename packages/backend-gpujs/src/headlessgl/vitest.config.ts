/**
 * The vitest config of the headless-gl run (spawned under `xvfb-run` by ../headlessgl.test.ts): the
 * root config's resolve conditions, but only this directory's `*.suite.ts` files, which the root
 * run never picks up (they need a display and a built headless-gl).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../../../vitest.config.js';

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('../../../../', import.meta.url)),
  test: {
    ...base.test,
    include: ['packages/backend-gpujs/src/headlessgl/*.suite.ts'],
    testTimeout: 120_000,
  },
});
