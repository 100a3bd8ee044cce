import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../shared/cli/table.ts';
import { extractDocument } from '../../shared/readers/intake.ts';
import { ocrInProcess } from '../../shared/readers/ocr-in-process.ts';
import { FORMATS_DIR, formatFixtures, parityOf, textRecordOf } from '../helpers/parity.ts';

const ocr = ocrInProcess(join(tmpdir(), 'epm-ocr-languages'));

describe('scanned PDFs', () => {
  it('reads image-only PDFs by OCR with precision of at least 0.98 against their source text', async () => {
    const scans = formatFixtures().filter((f) => f.scan);
    const rows: string[][] = [];
    let same = 0;
    let wrong = 0;
    let stated = 0;

    for (const scan of scans) {
      const record = await extractDocument(readFileSync(join(FORMATS_DIR, scan.file)), {
        key: scan.file,
        ocr,
      });
      const parity = parityOf(record, textRecordOf(scan.source));
      same += parity.same;
      wrong += parity.wrong.length;
      stated += parity.stated;
      rows.push([
        scan.file,
        `${parity.same} / ${parity.stated}`,
        String(parity.missing.length),
        parity.wrong.join('; ') || '0',
      ]);
      expect(record.checks.some((c) => c.id === 'ocr-text')).toBe(true);
    }
    console.log(
      `Scans read by OCR (test/fixtures/formats/scans), fields as in the source text\n${formatTable(['scan', 'right', 'missing', 'wrong'], rows)}\nprecision ${(same / (same + wrong)).toFixed(3)}, recall ${(same / stated).toFixed(3)}`,
    );

    expect(scans.length).toBeGreaterThanOrEqual(4);
    expect(same / (same + wrong)).toBeGreaterThanOrEqual(0.98);
  }, 900_000);

  it('reports a scan it cannot read by OCR as having no text layer', async () => {
    const [scan] = formatFixtures().filter((f) => f.scan);

    const record = await extractDocument(readFileSync(join(FORMATS_DIR, scan?.file ?? '')));

    expect(record.checks.find((c) => c.severity === 'error')?.id).toBe('no-text-layer');
  });
});
