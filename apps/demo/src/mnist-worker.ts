/**
 * Runs @gumbel/vae's `loadBinarizedMnist` (the CLI's split and binarization) off the page's main
 * thread: parsing 21 MB of JSON and drawing 7.8 million Threefry uniforms took 1–5 s, during which
 * the page could not handle input. The split's typed arrays are transferred back, not copied.
 * Imports `@gumbel/vae/data` alone, so the worker does not carry the model or tfjs.
 */
import { loadBinarizedMnist, type MnistSplit } from '@gumbel/vae/data';
import { loadMnistDigits } from './mnist-digits.js';

export type MnistWorkerReply = { readonly ok: true; readonly split: MnistSplit } | { readonly ok: false; readonly message: string };

// The DOM lib types `self` as a Window; a dedicated worker's postMessage takes a transfer list.
const scope = self as unknown as { onmessage: (() => void) | null; postMessage(message: MnistWorkerReply, transfer?: Transferable[]): void };

scope.onmessage = () => {
  void (async () => {
    try {
      await loadMnistDigits();
      const split = loadBinarizedMnist();
      scope.postMessage({ ok: true, split }, [split.train.pixels.buffer, split.train.labels.buffer, split.heldOut.pixels.buffer, split.heldOut.labels.buffer]);
    } catch (error) {
      scope.postMessage({ ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  })();
};
