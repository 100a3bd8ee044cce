#!/usr/bin/env node
import { answerFromServe } from '../shared/cli/serve-client.js';

// A query a running `epm serve` can answer needs no TypeScript loader, which takes longer to load.
const answered = await answerFromServe(process.argv.slice(2));
if (answered !== undefined) {
  process.stdout.write('', () => process.exit(answered));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./epm.ts');
}
