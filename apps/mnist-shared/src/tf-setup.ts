/**
 * Picks the tfjs backend. In plain Node, tfjs-core's entry is its CommonJS bundle, which registers no
 * gradients (register_all_gradients is extension-less ESM that Node cannot load); tfjs-layers' Node
 * bundle registers all of them in tf's global registry when it loads, so it is imported for that.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { GumbelRangeError } from '@gumbel/core';

export const BACKENDS = ['wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export async function useBackend(name: string): Promise<BackendName> {
  if (!(BACKENDS as readonly string[]).includes(name)) throw new GumbelRangeError('backend', name, `one of ${BACKENDS.join(', ')}`);
  if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  return name as BackendName;
}
