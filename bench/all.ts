import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Every benchmark in turn, each in its own process so that none warms up another. */
const benches = [
  'extract',
  'extract-compare',
  'formats',
  'render',
  'render-large',
  'bundles',
  'api',
  'query',
  'pipeline',
];
for (const name of benches) {
  const file = join(import.meta.dirname, `${name}.bench.ts`);
  process.stdout.write(`\n== npm run bench:${name}\n`);
  execFileSync(process.execPath, [...process.execArgv, file], { stdio: 'inherit' });
}
