import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import { loadKindParser } from '../../../shared/parsing/kinds/registry.ts';
import { extractText } from '../../../shared/parsing/record.ts';
import { GENERALITY_DIR, ROOT, SEEDS_DIR } from '../../helpers/fixtures.ts';

const REAL_DIR = join(ROOT, 'test', 'fixtures', 'real');

/** Documents of every kind, unknown included: the seeds, the generality set and the real corpus. */
function documents(): Array<{ name: string; bytes: Buffer }> {
  const from = (dir: string, pattern: RegExp) =>
    readdirSync(dir)
      .filter((name) => pattern.test(name))
      .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
  return [
    ...from(SEEDS_DIR, /\.txt$/),
    ...from(GENERALITY_DIR, /\.txt$/),
    ...from(REAL_DIR, /\.txt$/),
  ];
}

describe('kind parsers loaded on first use', () => {
  it('gives every kind its parser, and none for unknown', async () => {
    for (const kind of [
      'project-description',
      'project-page',
      'research-project',
      'funding-call',
      'grant-decisions',
    ] as const) {
      const parser = await loadKindParser(kind);
      expect(parser?.name).toBe(kind);
      expect(typeof parser?.parse).toBe('function');
    }
    expect(await loadKindParser('unknown')).toBeUndefined();
  });

  it('reads every document exactly as the parsers at hand do', async () => {
    const all = documents();
    const kinds = new Set<string>();
    for (const { name, bytes } of all) {
      const loaded = await extractText(bytes, { key: name });
      expect(loaded, name).toEqual(extractReport(bytes, { key: name }));
      kinds.add(loaded.kind);
    }
    expect(all.length).toBeGreaterThan(100);
    expect(kinds.size).toBe(6);
  });

  it('gives the same record for an unreadable upload', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x00]);
    expect(await extractText(bytes, { key: 'x.txt' })).toEqual(
      extractReport(bytes, { key: 'x.txt' }),
    );
  });
});
