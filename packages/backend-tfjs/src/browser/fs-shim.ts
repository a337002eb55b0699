/** `node:fs` for the page: the suite reads golden.json with readFileSync; the bundle embeds its text. */
declare const __GUMBEL_GOLDEN_TEXT__: string;

export function readFileSync(path: unknown): string {
  if (!String(path).endsWith('golden.json')) throw new Error(`fs-shim: only golden.json is bundled, not ${String(path)}`);
  return __GUMBEL_GOLDEN_TEXT__;
}
