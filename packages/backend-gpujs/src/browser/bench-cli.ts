/** Entry of `pnpm --filter @gumbel/backend-gpujs bench` (bundled for Node by scripts/bench.mjs). */
import { formatBench, runBench } from './bench.js';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const query = `sizes=${arg('sizes', '4096x64,256x1024')}&iterations=${arg('iterations', '10')}&rounds=${arg('rounds', '9')}`;
const { result, console: lines } = await runBench(query);
if (result.fatal) {
  console.error(lines.join('\n'));
  console.error(result.fatal);
  process.exit(1);
}
console.log(formatBench(result));
