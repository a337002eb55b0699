/**
 * The CPU backend's own view of `Backend<CpuTensor>`: the same kernels, plus optional `out`
 * tensors for the hot ones (noise, relaxed samples, the straight-through pair and its VJP) and the
 * path that runs them.
 */
import type { Backend, Gradients, RandomSource, RelaxedArgs, Shape } from '@gumbel/core';
import type { CpuTensor } from './tensor.js';

/** `wasm-simd`: float32 kernels in WebAssembly SIMD; `js`: the plain-JS reference loops. */
export type CpuPath = 'wasm-simd' | 'js';

export interface CpuBackend extends Backend<CpuTensor> {
  readonly mode: CpuPath;
  /** Bytes of WebAssembly linear memory the backend holds (its fixed scratch arena); 0 on the js path. */
  scratchBytes(): number;
  uniformNoise(shape: Shape, source: RandomSource, out?: CpuTensor): CpuTensor;
  gumbelNoise(shape: Shape, source: RandomSource, out?: CpuTensor): CpuTensor;
  logisticNoise(shape: Shape, source: RandomSource, out?: CpuTensor): CpuTensor;
  gumbelFromUniforms(uniforms: CpuTensor, out?: CpuTensor): CpuTensor;
  logisticFromUniforms(uniforms: CpuTensor, out?: CpuTensor): CpuTensor;
  relaxedSample(args: RelaxedArgs<CpuTensor> & { readonly out?: CpuTensor }): CpuTensor;
  relaxedLogSample(args: RelaxedArgs<CpuTensor> & { readonly out?: CpuTensor }): CpuTensor;
  straightThroughSample(
    args: RelaxedArgs<CpuTensor> & { readonly out?: { readonly hard: CpuTensor; readonly soft: CpuTensor } },
  ): { readonly hard: CpuTensor; readonly soft: CpuTensor };
  relaxedSampleVjp(
    args: RelaxedArgs<CpuTensor> & { readonly y: CpuTensor; readonly dy: CpuTensor; readonly out?: Gradients<CpuTensor> },
  ): Gradients<CpuTensor>;
}
