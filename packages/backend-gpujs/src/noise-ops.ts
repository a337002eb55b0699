/**
 * Noise on the device. Seeded noise hashes (key, offset + i) with Threefry-2x32-20 in the kernel,
 * so element i equals core's `fillUniforms` stream at block position offset + i (to float32
 * rounding of the logs). Host-uniform noise transforms uniforms the caller made, so it matches the
 * CPU backend sample for sample.
 */
import { GumbelRangeError, UnsupportedOperationError, reserveFrom, validateShape } from '@gumbel/core';
import type { RandomBlock, RandomSource, Shape } from '@gumbel/core';
import { MAX_ELEMENTS } from './device.js';
import type { Device } from './device.js';
import { noiseFromUniformsSource, seededNoiseSource } from './elementwise-sources.js';
import type { NoiseKind } from './elementwise-sources.js';
import { sizeOf } from './tensor.js';
import type { GpujsTensor } from './tensor.js';
import { halves } from './threefry-sources.js';

const TWO_POW_32 = 2 ** 32;

export function seededNoise(device: Device, kind: NoiseKind, shape: unknown, source: RandomSource): GpujsTensor {
  const checked = validateShape(shape);
  if (!device.runtime.deviceHash) {
    throw new UnsupportedOperationError('gpujs', 'seeded noise', `mode '${device.runtime.mode}' has no unsigned integers for the Threefry hash (use the *FromUniforms kernels)`);
  }
  const size = sizeOf(checked);
  // Checked before the stream advances (Device.run checks every kernel output too).
  if (size > MAX_ELEMENTS) throw new GumbelRangeError('shape', checked, `at most ${MAX_ELEMENTS} elements on the gpujs backend`);
  return device.into(checked, seededNoiseSource(kind), {}, streamArguments(reserveFrom(source, size)));
}

/**
 * A reserved block as the eight arguments the hash takes: key words and offset as 16-bit halves
 * (also conditional-gumbel-ops.ts).
 */
export function streamArguments(block: RandomBlock): number[] {
  const offsetLow = block.offset % TWO_POW_32;
  const offsetHigh = Math.floor(block.offset / TWO_POW_32);
  return [...halves(block.key[0]), ...halves(block.key[1]), ...halves(offsetLow), ...halves(offsetHigh)];
}

export function noiseFromUniforms(device: Device, kind: 'gumbel' | 'logistic', uniforms: unknown): GpujsTensor {
  const u = device.args.uniformsTensor(uniforms);
  return device.into(u.shape, noiseFromUniformsSource(kind), {}, [u.kernelArgument('uniforms')]);
}

export type { Shape };
