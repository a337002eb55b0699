/** The categorical kernels: relaxed samples (log space and simplex), their VJPs, argmax, one-hot. */
import { argsObject } from '@gumbel/core';
import type { Gradients, ResolvedTemperature } from '@gumbel/core';
import {
  COMBINE_MAX_SOURCE,
  COMBINE_SUMS_SOURCE,
  chunkMaxSource,
  chunkSumSource,
  ONE_HOT_SOURCE,
  relaxedSource,
  rowArgmaxSource,
  rowLogSumExpSource,
  rowMaxSource,
} from './categorical-sources.js';
import { vjpDotSource, vjpLogitsFromOutputSource, vjpTauRowsFromOutputSource } from './vjp-sources.js';
import type { Form } from './vjp-sources.js';
import type { RelaxedVariant } from './categorical-sources.js';
import type { Device } from './device.js';
import type { DeviceValue, GpujsTensor } from './tensor.js';

interface Prepared {
  readonly logits: GpujsTensor;
  readonly noise: GpujsTensor | undefined;
  readonly tau: ResolvedTemperature<GpujsTensor>;
  readonly batch: number;
  readonly k: number;
  readonly variant: RelaxedVariant;
  /** logits, noise (if any), τ: the leading arguments of every relaxed kernel. */
  readonly base: readonly unknown[];
}

function prepare(device: Device, args: unknown): Prepared {
  const a = argsObject(args);
  const { tensor, batch, k } = device.args.categoricalLogits(a['logits']);
  const noise = device.args.optionalNoise(a['noise'], tensor.shape);
  const tau = device.args.resolveTau(a['tau'], batch);
  const base = [tensor.kernelArgument('logits'), ...(noise ? [noise.kernelArgument('noise')] : []), device.tauArgument(tau)];
  return { logits: tensor, noise, tau, batch, k, variant: { noise: noise !== undefined, tauRows: tau.kind === 'rows' }, base };
}

/** Rows at least this long reduce in two stages (see chunkMaxSource). */
const CHUNKED_FROM = 256;
const CHUNK_LENGTH = 64;

/**
 * The row statistics of log y on the device, each `[batch]`: the maximum M of s and log Σ e^(s − M)
 * (kept apart so rows of huge logits keep their ties). Also conditional-gumbel-ops.ts, at τ = 1, no noise.
 */
export function rowStatistics(device: Device, p: Pick<Prepared, 'batch' | 'k' | 'variant' | 'base'>, temp: (value: DeviceValue) => DeviceValue): { mx: DeviceValue; lse: DeviceValue } {
  if (p.k < CHUNKED_FROM) {
    const mx = temp(device.run(rowMaxSource(p.variant), [p.batch], { k: p.k }, p.base));
    return { mx, lse: temp(device.run(rowLogSumExpSource(p.variant), [p.batch], { k: p.k }, [...p.base, mx])) };
  }
  const chunks = Math.ceil(p.k / CHUNK_LENGTH);
  const c = { k: p.k, chunks, per: Math.ceil(p.k / chunks) };
  const maxParts = temp(device.run(chunkMaxSource(p.variant), [p.batch * chunks], c, p.base));
  const mx = temp(device.run(COMBINE_MAX_SOURCE, [p.batch], { chunks }, [maxParts]));
  const sumParts = temp(device.run(chunkSumSource(p.variant), [p.batch * chunks], c, [...p.base, mx]));
  return { mx, lse: temp(device.run(COMBINE_SUMS_SOURCE, [p.batch], { chunks }, [sumParts])) };
}

export function relaxedForward(device: Device, args: unknown, form: 'log' | 'prob'): GpujsTensor {
  const p = prepare(device, args);
  return device.withTemps((temp) => {
    const { mx, lse } = rowStatistics(device, p, temp);
    return device.into(p.logits.shape, relaxedSource(p.variant, form), { k: p.k }, [...p.base, mx, lse]);
  });
}

export function relaxedVjp(device: Device, args: unknown, form: Form): Gradients<GpujsTensor> {
  const p = prepare(device, args);
  const a = argsObject(args);
  const [outName, upName] = form === 'log' ? ['logY', 'dLogY'] : ['y', 'dy'];
  const out = device.args.like(a[outName], outName, p.logits.shape, 'logits').kernelArgument(outName);
  const up = device.args.like(a[upName], upName, p.logits.shape, 'logits').kernelArgument(upName);
  const tau = device.tauArgument(p.tau);
  const c = { k: p.k };
  return device.withTemps((temp) => {
    const dot = temp(device.run(vjpDotSource(form), [p.batch], c, [out, up]));
    const dLogits = device.into(p.logits.shape, vjpLogitsFromOutputSource(form, p.variant.tauRows), c, [out, up, tau, dot]);
    try {
      const rows = device.run(vjpTauRowsFromOutputSource(form, p.variant.tauRows), [p.batch], c, [out, up, tau, dot]);
      return { dLogits, dTau: device.tauGradient(p.tau, rows, p.batch) };
    } catch (error) {
      device.release(dLogits);
      throw error;
    }
  });
}

export function argmax(device: Device, x: unknown): GpujsTensor {
  const { tensor, batch, k } = device.args.argmaxInput(x);
  return device.into([batch], rowArgmaxSource(false), { k }, [tensor.kernelArgument('x')]);
}

export function oneHotArgmax(device: Device, x: unknown): GpujsTensor {
  const { tensor, batch, k } = device.args.argmaxInput(x);
  return device.withTemps((temp) => {
    const index = temp(device.run(rowArgmaxSource(false), [batch], { k }, [tensor.kernelArgument('x')]));
    return device.into(tensor.shape, ONE_HOT_SOURCE, { k }, [index]);
  });
}

/** One-hot of the row argmax of logits + noise (masked classes stay −∞): the Gumbel-max sample. */
function oneHotOfPerturbed(device: Device, logits: GpujsTensor, noise: GpujsTensor | undefined, batch: number, k: number): GpujsTensor {
  const inputs = [logits.kernelArgument('logits'), ...(noise ? [noise.kernelArgument('noise')] : [])];
  return device.withTemps((temp) => {
    const index = temp(device.run(rowArgmaxSource(noise !== undefined), [batch], { k }, inputs));
    return device.into(logits.shape, ONE_HOT_SOURCE, { k }, [index]);
  });
}

export function gumbelMax(device: Device, args: unknown): GpujsTensor {
  const a = argsObject(args);
  const { tensor, batch, k } = device.args.categoricalLogits(a['logits']);
  const noise = device.args.optionalNoise(a['noise'], tensor.shape);
  return oneHotOfPerturbed(device, tensor, noise, batch, k);
}

export function straightThrough(device: Device, args: unknown): { hard: GpujsTensor; soft: GpujsTensor } {
  const p = prepare(device, args);
  const soft = relaxedForward(device, args, 'prob');
  try {
    const hard = oneHotOfPerturbed(device, p.logits, p.noise, p.batch, p.k);
    return { hard, soft };
  } catch (error) {
    device.release(soft);
    throw error;
  }
}
