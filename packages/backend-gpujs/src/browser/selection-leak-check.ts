/**
 * Page check that topK and the conditional Gumbel free their temporaries (the row logsumexp and
 * maximum are textures on the GL modes): repeated calls as Gumbel-Rao makes them — logits on the
 * device, the index from `argmax` of a `gumbelMax` sample — leave the live WebGL textures, tensors
 * and compiled kernels where they were. The conditional Gumbel only where the mode has it.
 */
import type { GpujsBackend } from '../index.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export async function selectionLeakCheck(b: GpujsBackend, liveTextures: () => number, steps: number): Promise<Check> {
  const logits = b.toDevice(b.fromArray(Array.from({ length: 4 * 8 }, (_, i) => Math.sin(i)), [4, 8]));
  const uniforms = b.fromArray(Array.from({ length: 32 }, (_, i) => (i + 0.5) / 32), [4, 8]);
  const conditional = b.supports.conditionalGumbel;
  const step = (s: number) => {
    const noise = b.gumbelFromUniforms(uniforms);
    const top = b.topK({ logits, noise, count: 3 });
    const hard = b.gumbelMax({ logits, noise });
    const index = b.argmax(hard);
    b.dispose(noise, top, hard);
    if (conditional) b.dispose(b.conditionalGumbelNoise(logits, index, s));
    b.dispose(index);
  };
  step(0); // compile every kernel once
  const before = { textures: liveTextures(), tensors: b.liveTensors, kernels: b.compiledKernels };
  for (let s = 1; s <= steps; s++) step(s);
  await b.toArray(logits);
  const after = { textures: liveTextures(), tensors: b.liveTensors, kernels: b.compiledKernels };
  const ok = after.textures === before.textures && after.tensors === before.tensors && after.kernels === before.kernels;
  b.dispose(logits, uniforms);
  const what = conditional ? 'topK + conditionalGumbelNoise' : 'topK';
  return { name: `no growth over ${steps} ${what} calls`, ok, detail: `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}` };
}
