/**
 * `node:fs` for the browser page: the conformance suite reads its golden fixture with
 * `readFileSync`; the page bundle embeds that file's text (an esbuild `define`) and serves it here.
 */
declare const __GUMBEL_GOLDEN_TEXT__: string;

export function readFileSync(path: unknown): string {
  if (!String(path).endsWith('golden.json')) throw new Error(`fs-shim: only golden.json is bundled, not ${String(path)}`);
  return __GUMBEL_GOLDEN_TEXT__;
}
