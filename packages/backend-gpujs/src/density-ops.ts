/**
 * Concrete and ExpConcrete log-densities per row and their VJPs, on the device. A point that is on
 * the host (from `fromArray`) is checked against the support first (core's support.ts).
 */
import { argsObject, validateLogSimplexPoint, validateSimplexPoint } from '@gumbel/core';
import type { DensityGradients } from '@gumbel/core';
import type { Device } from './device.js';
import {
  UNMASKED_COUNT_SOURCE,
  densityLogProbSource,
  densityLseSource,
  densityMaxSource,
  densityMeanSource,
  densityVjpSource,
  densityVjpTauRowsSource,
  densityZerosSource,
} from './density-sources.js';
import type { DensityForm } from './density-sources.js';
import type { GpujsTensor } from './tensor.js';

function prepare(device: Device, args: unknown, form: DensityForm) {
  const a = argsObject(args);
  const { tensor, batch, k } = device.args.categoricalLogits(a['logits']);
  const name = form === 'concrete' ? 'y' : 'x';
  const value = device.args.like(a[name], name, tensor.shape, 'logits');
  const tau = device.args.resolveTau(a['tau'], batch);
  if (value.host !== undefined && tensor.host !== undefined) {
    (form === 'concrete' ? validateSimplexPoint : validateLogSimplexPoint)(value.host, tensor.host, k, name);
  }
  const base = [tensor.kernelArgument('logits'), value.kernelArgument(name), device.tauArgument(tau)];
  return { a, logits: tensor, batch, k, tau, variant: { form, tauRows: tau.kind === 'rows' }, base };
}

export function densityLogProb(device: Device, args: unknown, form: DensityForm): GpujsTensor {
  const p = prepare(device, args, form);
  const c = { k: p.k };
  return device.withTemps((temp) => {
    const zeros = temp(device.run(densityZerosSource(p.variant), [p.batch], c, p.base));
    const mx = temp(device.run(densityMaxSource(p.variant), [p.batch], c, [...p.base, zeros]));
    const lse = temp(device.run(densityLseSource(p.variant), [p.batch], c, [...p.base, zeros, mx]));
    const count = temp(device.run(UNMASKED_COUNT_SOURCE, [p.batch], c, [p.base[0]]));
    return device.into([p.batch], densityLogProbSource(p.variant), c, [...p.base, mx, lse, count, zeros]);
  });
}

export function densityLogProbVjp(device: Device, args: unknown, form: DensityForm): DensityGradients<GpujsTensor> {
  const p = prepare(device, args, form);
  const up = device.args.like(p.a['dOut'], 'dOut', [p.batch], 'the batch size of logits').kernelArgument('dOut');
  const c = { k: p.k };
  return device.withTemps((temp) => {
    const zeros = temp(device.run(densityZerosSource(p.variant), [p.batch], c, p.base));
    const mx = temp(device.run(densityMaxSource(p.variant), [p.batch], c, [...p.base, zeros]));
    const lse = temp(device.run(densityLseSource(p.variant), [p.batch], c, [...p.base, zeros, mx]));
    const count = temp(device.run(UNMASKED_COUNT_SOURCE, [p.batch], c, [p.base[0]]));
    const mean = temp(device.run(densityMeanSource(p.variant), [p.batch], c, [...p.base, count]));
    const made: GpujsTensor[] = [];
    try {
      const dLogits = device.into(p.logits.shape, densityVjpSource(p.variant, 'logits'), c, [...p.base, mx, lse, count, zeros, up]);
      made.push(dLogits);
      const dValue = device.into(p.logits.shape, densityVjpSource(p.variant, 'value'), c, [...p.base, mx, lse, count, zeros, up]);
      made.push(dValue);
      const rows = device.run(densityVjpTauRowsSource(p.variant), [p.batch], c, [...p.base, mx, lse, count, zeros, mean, up]);
      return { dLogits, dValue, dTau: device.tauGradient(p.tau, rows, p.batch) };
    } catch (error) {
      for (const t of made) device.release(t);
      throw error;
    }
  });
}
