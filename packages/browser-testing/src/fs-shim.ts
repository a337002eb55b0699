/**
 * `node:fs` for the browser page: the conformance suite reads its golden fixture with
 * `readFileSync` (golden.json, edges.json); the page bundle embeds those files' text (an esbuild `define`) and serves it here.
 */
declare const __GUMBEL_GOLDEN_TEXT__: string;
declare const __GUMBEL_EDGES_TEXT__: string;

export function readFileSync(path: unknown): string {
  if (String(path).endsWith('golden.json')) return __GUMBEL_GOLDEN_TEXT__;
  if (String(path).endsWith('edges.json')) return __GUMBEL_EDGES_TEXT__;
  throw new Error(`fs-shim: only golden.json and edges.json are bundled, not ${String(path)}`);
}
