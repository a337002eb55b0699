/**
 * `conditionalGumbelNoise` on the device (the "reverse Gumbel" that Gumbel-Rao averages over):
 * three kernels — the row logsumexp, the row maximum T, the entries (algorithm in
 * conditional-gumbel-sources.ts) — so logits and index may stay on the device, where Gumbel-Rao
 * keeps them. It hashes the stream on the device, so it needs what `seededNoise` needs: the
 * `webgl2` and `cpu` modes; WebGL1/headless-gl (no unsigned integers) do not claim it.
 *
 * Validation as elsewhere in this backend: shapes always; the index values (an integer in [0, k),
 * naming an unmasked class) where they are on the host, with core's messages, before the stream
 * advances. An index from a kernel (Gumbel-Rao's `argmax`) is trusted: reading it back to check
 * would cost a GPU round trip per draw.
 */
import { GumbelRangeError, UnsupportedOperationError, reserveFrom } from '@gumbel/core';
import type { RandomSource } from '@gumbel/core';
import { rowStatistics } from './categorical-ops.js';
import { CONDITIONAL_ENTRY_SOURCE, CONDITIONAL_TOP_SOURCE } from './conditional-gumbel-sources.js';
import { MAX_ELEMENTS } from './device.js';
import type { Device } from './device.js';
import { streamArguments } from './noise-ops.js';
import type { GpujsTensor } from './tensor.js';

function checkIndexValues(index: ArrayLike<number>, logits: ArrayLike<number> | undefined, k: number): void {
  for (let b = 0; b < index.length; b++) {
    const i = index[b] as number;
    if (!(Number.isInteger(i) && i >= 0 && i < k)) throw new GumbelRangeError(`index[${b}]`, i, `an integer in [0, ${k - 1}]`);
    if (logits !== undefined && logits[b * k + i] === -Infinity) {
      throw new GumbelRangeError(`index[${b}]`, i, 'the index of an unmasked class (its logit is -Infinity, so it can never be the argmax)');
    }
  }
}

export function conditionalGumbel(device: Device, logitsArg: unknown, indexArg: unknown, source: RandomSource): GpujsTensor {
  const { tensor: logits, batch, k } = device.args.categoricalLogits(logitsArg);
  const index = device.args.like(indexArg, 'index', [batch], 'the batch size of logits');
  if (index.host !== undefined) checkIndexValues(index.host, logits.host, k);
  if (!device.runtime.deviceHash) {
    throw new UnsupportedOperationError('gpujs', 'conditionalGumbelNoise', `mode '${device.runtime.mode}' has no unsigned integers for the Threefry hash (supports.conditionalGumbel is false)`);
  }
  // Checked before the stream advances (Device.run checks every kernel output too).
  if (batch * k > MAX_ELEMENTS) throw new GumbelRangeError('logits', logits.shape, `at most ${MAX_ELEMENTS} elements on the gpujs backend`);
  const stream = streamArguments(reserveFrom(source, batch * k));
  const logitsValue = logits.kernelArgument('logits');
  const indexValue = index.kernelArgument('index');
  return device.withTemps((temp) => {
    const { mx, lse } = rowStatistics(device, { batch, k, variant: { noise: false, tauRows: false }, base: [logitsValue, 1] }, temp);
    const top = temp(device.run(CONDITIONAL_TOP_SOURCE, [batch], { k }, [mx, lse, indexValue, ...stream]));
    return device.into(logits.shape, CONDITIONAL_ENTRY_SOURCE, { k }, [logitsValue, indexValue, top, ...stream]);
  });
}
