import { relative } from 'node:path';
import { ROOT } from './fixtures.ts';
import { updateReferences } from './visual.ts';

for (const path of await updateReferences()) {
  process.stdout.write(`wrote ${relative(ROOT, path)}\n`);
}
