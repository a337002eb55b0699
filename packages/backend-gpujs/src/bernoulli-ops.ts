/** Relaxed and hard Bernoulli and the BinConcrete density: elementwise, τ scalar or per leading row. */
import { argsObject, validateUnitInterval } from '@gumbel/core';
import type { DensityGradients, Gradients } from '@gumbel/core';
import type { Device } from './device.js';
import {
  bernoulliVjpLogitsSource,
  bernoulliVjpTauRowsSource,
  binConcreteSource,
  binConcreteVjpSource,
  binConcreteVjpTauRowsSource,
  hardBernoulliSource,
  relaxedBernoulliSource,
} from './elementwise-sources.js';
import type { GpujsTensor } from './tensor.js';

function prepare(device: Device, args: unknown) {
  const a = argsObject(args);
  const { tensor, batch } = device.args.elementwiseLogits(a['logits']);
  const noise = device.args.optionalNoise(a['noise'], tensor.shape);
  const tau = device.args.resolveTau(a['tau'], batch);
  const variant = { noise: noise !== undefined, tauRows: tau.kind === 'rows' };
  const base = [tensor.kernelArgument('logits'), ...(noise ? [noise.kernelArgument('noise')] : []), device.tauArgument(tau)];
  return { a, logits: tensor, batch, tau, variant, base, constants: { cols: tensor.size / batch } };
}

export function relaxedBernoulli(device: Device, args: unknown): GpujsTensor {
  const p = prepare(device, args);
  return device.into(p.logits.shape, relaxedBernoulliSource(p.variant), p.constants, p.base);
}

export function relaxedBernoulliVjp(device: Device, args: unknown): Gradients<GpujsTensor> {
  const p = prepare(device, args);
  device.args.like(p.a['y'], 'y', p.logits.shape, 'logits');
  const up = device.args.like(p.a['dy'], 'dy', p.logits.shape, 'logits').kernelArgument('dy');
  const dLogits = device.into(p.logits.shape, bernoulliVjpLogitsSource(p.variant), p.constants, [...p.base, up]);
  try {
    const rows = device.run(bernoulliVjpTauRowsSource(p.variant), [p.batch], p.constants, [...p.base, up]);
    return { dLogits, dTau: device.tauGradient(p.tau, rows, p.batch) };
  } catch (error) {
    device.release(dLogits);
    throw error;
  }
}

export function hardBernoulli(device: Device, args: unknown): GpujsTensor {
  const a = argsObject(args);
  const { tensor } = device.args.elementwiseLogits(a['logits']);
  const noise = device.args.optionalNoise(a['noise'], tensor.shape);
  const base = [tensor.kernelArgument('logits'), ...(noise ? [noise.kernelArgument('noise')] : [])];
  return device.into(tensor.shape, hardBernoulliSource({ noise: noise !== undefined }), {}, base);
}

function prepareBinConcrete(device: Device, args: unknown) {
  const a = argsObject(args);
  const { tensor, batch } = device.args.elementwiseLogits(a['logits']);
  const y = device.args.like(a['y'], 'y', tensor.shape, 'logits');
  const tau = device.args.resolveTau(a['tau'], batch);
  // The support, checked where the values are on the host (see args.ts).
  if (y.host !== undefined) validateUnitInterval(y.host, 'y');
  const variant = { tauRows: tau.kind === 'rows' };
  const base = [tensor.kernelArgument('logits'), y.kernelArgument('y'), device.tauArgument(tau)];
  return { a, logits: tensor, batch, tau, variant, base, constants: { cols: tensor.size / batch } };
}

export function binConcreteLogProb(device: Device, args: unknown): GpujsTensor {
  const p = prepareBinConcrete(device, args);
  return device.into(p.logits.shape, binConcreteSource(p.variant), p.constants, p.base);
}

export function binConcreteLogProbVjp(device: Device, args: unknown): DensityGradients<GpujsTensor> {
  const p = prepareBinConcrete(device, args);
  const up = device.args.like(p.a['dOut'], 'dOut', p.logits.shape, 'logits').kernelArgument('dOut');
  const made: GpujsTensor[] = [];
  try {
    const dLogits = device.into(p.logits.shape, binConcreteVjpSource(p.variant, 'logits'), p.constants, [...p.base, up]);
    made.push(dLogits);
    const dValue = device.into(p.logits.shape, binConcreteVjpSource(p.variant, 'value'), p.constants, [...p.base, up]);
    made.push(dValue);
    const rows = device.run(binConcreteVjpTauRowsSource(p.variant), [p.batch], p.constants, [...p.base, up]);
    return { dLogits, dValue, dTau: device.tauGradient(p.tau, rows, p.batch) };
  } catch (error) {
    for (const t of made) device.release(t);
    throw error;
  }
}
