import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../shared/cli/table.ts';
import { extractDocument } from '../../shared/readers/intake.ts';
import {
  FORMATS_DIR,
  type FormatFixture,
  formatFixtures,
  type Parity,
  parityOf,
  textRecordOf,
} from '../helpers/parity.ts';

interface Scored {
  fixture: FormatFixture;
  parity: Parity;
}

async function score(fixtures: FormatFixture[]): Promise<Scored[]> {
  const scored: Scored[] = [];
  for (const fixture of fixtures) {
    const record = await extractDocument(readFileSync(join(FORMATS_DIR, fixture.file)), {
      key: fixture.file,
    });
    scored.push({ fixture, parity: parityOf(record, textRecordOf(fixture.source)) });
  }
  return scored;
}

function totals(rows: Scored[]) {
  const stated = rows.reduce((n, r) => n + r.parity.stated, 0);
  const same = rows.reduce((n, r) => n + r.parity.same, 0);
  const wrong = rows.reduce((n, r) => n + r.parity.wrong.length, 0);
  const extra = rows.reduce((n, r) => n + r.parity.extra.length, 0);
  return { stated, same, wrong, extra, recall: same / stated, precision: same / (same + wrong) };
}

function table(scored: Scored[]): string {
  const producers = [...new Set(scored.map((s) => `${s.fixture.producer} ${s.fixture.format}`))];
  const rows = producers.sort().map((producer) => {
    const rows = scored.filter((s) => `${s.fixture.producer} ${s.fixture.format}` === producer);
    const t = totals(rows);
    return [
      producer,
      String(rows.length),
      `${t.same} / ${t.stated}`,
      `${(t.recall * 100).toFixed(1)} %`,
      String(t.wrong),
      String(t.extra),
    ];
  });
  const all = totals(scored);
  rows.push([
    'all',
    String(scored.length),
    `${all.same} / ${all.stated}`,
    `${(all.recall * 100).toFixed(1)} %`,
    String(all.wrong),
    String(all.extra),
  ]);
  return formatTable(
    ['producer', 'files', 'fields as in the text', 'share', 'wrong', 'extra'],
    rows,
  );
}

describe('format parity', () => {
  const fixtures = formatFixtures().filter((f) => !f.scan);

  it('reads each format fixture into the record of the text it was made from', async () => {
    const scored = await score(fixtures);
    console.log(`Format parity, by producer (test/fixtures/formats)\n${table(scored)}`);

    const seeds = scored.filter((s) => s.fixture.source.startsWith('seeds/'));
    const rest = scored.filter((s) => !s.fixture.source.startsWith('seeds/'));
    const notSame = seeds.filter((s) => s.parity.same < s.parity.stated);
    expect(
      notSame.map(
        (s) => `${s.fixture.file}: ${[...s.parity.missing, ...s.parity.wrong].join('; ')}`,
      ),
    ).toEqual([]);
    expect(totals(rest).recall).toBeGreaterThanOrEqual(0.98);
    expect(totals(scored).precision).toBeGreaterThanOrEqual(0.99);
  }, 600_000);

  it('covers every producer family the issue names, with at least 60 documents', () => {
    const producers = new Set(fixtures.map((f) => f.producer));

    expect(fixtures.length).toBeGreaterThanOrEqual(60);
    for (const format of ['pdf', 'docx', 'odt', 'xlsx', 'ods', 'html']) {
      const makers = new Set(fixtures.filter((f) => f.format === format).map((f) => f.producer));
      expect(makers.size, format).toBeGreaterThanOrEqual(
        format === 'odt' || format === 'ods' ? 1 : 2,
      );
    }
    expect(producers).toContain('pdfkit-out-of-order');
  });
});
