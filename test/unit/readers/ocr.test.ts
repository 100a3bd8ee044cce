import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import {
  linesFromOcr,
  ocrPdfPages,
  prepareLangPath,
  prepareScan,
  skewOf,
} from '../../../shared/readers/ocr.ts';
import { DEFAULT_LIMITS, type ReadDocument } from '../../../shared/readers/reader.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/readers/ocr');

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A tesseract-shaped word: 10 px per character, 20 px high. */
function word(text: string, x0: number, y0: number) {
  return { text, confidence: 90, bbox: { x0, y0, x1: x0 + 10 * text.length, y1: y0 + 20 } };
}

/** A number word whose digits stand 12 px apart, and `gapAfter` px after the digit at `at`. */
function digits(text: string, x0: number, y0: number, confidence = 90, at = -1, gapAfter = 0) {
  const symbols = [...text].map((char, i) => {
    const x = x0 + 12 * i + (i > at && at >= 0 ? gapAfter : 0);
    return { text: char, bbox: { x0: x, y0, x1: x + 10, y1: y0 + 20 } };
  });
  const x1 = symbols.at(-1)?.bbox.x1 ?? x0;
  return { text, confidence, symbols, bbox: { x0, y0, x1, y1: y0 + 20 } };
}

function line(...words: (ReturnType<typeof word> | ReturnType<typeof digits>)[]) {
  const bbox: Box = {
    x0: Math.min(...words.map((w) => w.bbox.x0)),
    y0: Math.min(...words.map((w) => w.bbox.y0)),
    x1: Math.max(...words.map((w) => w.bbox.x1)),
    y1: Math.max(...words.map((w) => w.bbox.y1)),
  };
  return { words, bbox };
}

function page(...paragraphs: ReturnType<typeof line>[][]) {
  return { blocks: paragraphs.map((lines) => ({ paragraphs: [{ lines }] })) };
}

/** The record's fields as `path → JSON value`, without checks, provenance, source and absent. */
function fieldsOf(text: Uint8Array | string): Map<string, string> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const { checks: _c, provenance: _p, source: _s, ...fields } = extractReport(bytes);
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (path !== '' || key !== 'absent') walk(inner, path ? `${path}.${key}` : key);
      }
    } else {
      out.set(path, JSON.stringify(value));
    }
  };
  walk(fields, '');
  return out;
}

/** OCR cannot tell an en dash from a hyphen; neither changes what a value means. */
function sameValue(a: string, b: string): boolean {
  return a.replace(/[–—]/g, '-') === b.replace(/[–—]/g, '-');
}

function score(source: Map<string, string>, read: Map<string, string>) {
  let right = 0;
  let missing = 0;
  let wrong = 0;
  for (const [path, value] of source) {
    const got = read.get(path);
    if (got === undefined) missing++;
    else if (sameValue(got, value)) right++;
    else wrong++;
  }
  for (const path of read.keys()) if (!source.has(path)) wrong++;
  return { right, missing, wrong };
}

describe('linesFromOcr', () => {
  it('joins the words of a row with spaces and a wide gap with a tab', () => {
    const scan = page([line(word('Esbo', 0, 0), word('stad', 50, 0), word('280', 300, 0))]);

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['Esbo stad\t280']);
  });

  it('joins lines from different blocks that share a printed row, in row order', () => {
    const scan = page(
      [line(word('Kervo', 0, 0)), line(word('Lojo', 0, 40))],
      [line(word('102', 400, 2)), line(word('1210', 400, 41))],
    );

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['Kervo\t102', 'Lojo\t1210']);
  });

  it('reads a lone rule or dash in a cell gap as the gap', () => {
    const scan = page([line(word('Totalt', 0, 0), word('|', 200, 0), word('625', 400, 0))]);

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['Totalt\t625']);
  });

  it('joins a prose line that runs to the margin with the next line of its paragraph', () => {
    const full = line(word('The', 0, 0), word('project', 40, 0), word('implements', 130, 0));
    const wide = { ...full, bbox: { ...full.bbox, x1: 900 } };
    const scan = page([wide, line(word('the', 0, 30), word('strategy.', 40, 30))]);

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['The project implements the strategy.']);
  });

  it('keeps a label line or a numbered heading on its own line after a full line', () => {
    const full = line(word('Hakemusvaiheessa', 0, 0));
    const wide = { ...full, bbox: { ...full.bbox, x1: 900 } };
    const scan = page([
      wide,
      line(word('7.1', 0, 30), word('Uusien', 40, 30)),
      { ...wide, bbox: { ...wide.bbox, y0: 60, y1: 80 }, words: [word('Osa', 0, 60)] },
      line(word('Kunnat:', 0, 90), word('Viitasaari', 80, 90)),
    ]);

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['Hakemusvaiheessa', '7.1 Uusien', 'Osa', 'Kunnat: Viitasaari']);
  });
});

describe('linesFromOcr figures', () => {
  it('splits a number word that runs over a thousands gap into its groups', () => {
    const scan = page([
      line(word('Lojo', 0, 0), digits('1210', 300, 0, 90, 0, 8), digits('000', 366, 0)),
    ]);

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['Lojo\t1 210 000']);
  });

  it('keeps a four-digit number whose digits stand evenly apart', () => {
    const scan = page([line(word('År', 0, 0), digits('2022', 40, 0))]);

    const { lines } = linesFromOcr(scan, 1000);

    expect(lines).toEqual(['År 2022']);
  });

  it('leaves out a garbled or low-confidence figure, as an empty cell in a table row', () => {
    const scan = page(
      [line(word('Borgå', 0, 0), word('297500eur0', 300, 0))],
      [line(word('Pemar', 0, 40), digits('604', 300, 40, 20), word('euro', 350, 40))],
      [line(word('Total:', 0, 80), digits('1532', 70, 80, 10))],
      [line(word('Esbo', 0, 120), digits('280', 300, 120), word('euro', 350, 120))],
    );

    const result = linesFromOcr(scan, 1000);

    expect(result).toEqual({ lines: ['Borgå\t', 'Pemar\t', 'Esbo\t280 euro'], unreadable: 3 });
  });
});

describe('prepareScan', () => {
  /** A white page with a bordered box of text-like blobs, turned by `degrees`. */
  function ruledPage(degrees: number) {
    const width = 800;
    const height = 600;
    const grey = new Uint8Array(width * height).fill(250);
    const slope = Math.tan((degrees * Math.PI) / 180);
    const ink = (x: number, y: number) => {
      const at = Math.round(y + x * slope) * width + x;
      if (at >= 0 && at < grey.length) grey[at] = 20;
    };
    for (let x = 100; x < 700; x++) for (const y of [100, 300]) ink(x, y);
    for (let y = 100; y <= 300; y++) for (const x of [100, 700]) ink(x, y);
    for (let row = 150; row < 260; row += 30)
      for (let x = 120; x < 680; x += 14)
        for (let dy = 0; dy < 12; dy++) for (let dx = 0; dx < 6; dx++) ink(x + dx, row + dy);
    return { width, height, grey };
  }

  it('finds the skew of the rows of ink', () => {
    expect(skewOf(ruledPage(1.5))).toBeCloseTo(1.5, 0);
    expect(skewOf(ruledPage(0))).toBe(0);
  });

  it('whitens long thin rules and keeps the text between them', () => {
    const image = ruledPage(0);

    const ready = prepareScan(image);

    const at = (x: number, y: number) => ready.grey[y * ready.width + x];
    expect([at(400, 100), at(400, 300), at(100, 200), at(700, 200)]).toEqual([255, 255, 255, 255]);
    expect(at(122, 155)).toBe(20);
  });
});

describe('ocrPdfPages', () => {
  let langPath = '';
  beforeAll(() => {
    langPath = prepareLangPath(join(tmpdir(), 'epm-ocr-test-lang'));
  });

  it('reads scanned fi/sv/en reports into lines whose fields match the source text', async () => {
    const scans = [
      { name: 'sv-table', pages: [1], languages: undefined },
      { name: 'en-decision', pages: [1], languages: undefined },
      { name: 'fi-eura', pages: [1, 2], languages: ['fin', 'eng'] },
    ];
    const totals = { right: 0, missing: 0, wrong: 0 };
    const documents: Record<string, ReadDocument> = {};

    for (const scan of scans) {
      const result = await ocrPdfPages(fixture(`${scan.name}.pdf`), scan.pages, {
        langPath,
        limits: DEFAULT_LIMITS,
        ...(scan.languages ? { languages: scan.languages } : {}),
      });
      if (!result.success) throw new Error(`${scan.name}: ${result.error.message}`);
      documents[scan.name] = result.data;
      const text = result.data.lines.map((l) => l.text).join('\n');
      const counts = score(fieldsOf(fixture(`${scan.name}.txt`)), fieldsOf(text));
      totals.right += counts.right;
      totals.missing += counts.missing;
      totals.wrong += counts.wrong;
    }

    expect(totals.right / (totals.right + totals.wrong)).toBeGreaterThanOrEqual(0.98);
    expect(totals.right / (totals.right + totals.missing)).toBeGreaterThanOrEqual(0.93);
    const table = documents['sv-table'];
    expect(table?.lines).toContainEqual({
      text: 'Karleby stad\tHamnens logistikdata\t120.000,00\t84.000,00\t72.000,00',
      page: 1,
      ocr: true,
    });
    expect(table?.checks.map((c) => c.id)).toEqual(['ocr-languages']);
    expect(documents['fi-eura']?.lines.filter((l) => l.page === 2).length).toBeGreaterThan(10);
    expect(documents['fi-eura']?.lines.every((l) => l.ocr === true && !l.text.includes('\n'))).toBe(
      true,
    );
  }, 180_000);

  it('fails with document-unreadable for bytes that are not a PDF', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\nnot really');

    const result = await ocrPdfPages(bytes, [1], { langPath, limits: DEFAULT_LIMITS });

    expect(result).toMatchObject({ success: false, error: { id: 'document-unreadable' } });
  });

  it('gives a check and no lines for a page without an image and a page past the end', async () => {
    const doc = new PDFDocument({ compress: false });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise((resolve) => doc.on('end', resolve));
    doc.text('Only a text layer here.');
    doc.end();
    await ended;

    const result = await ocrPdfPages(new Uint8Array(Buffer.concat(chunks)), [1, 3], {
      langPath,
      limits: DEFAULT_LIMITS,
    });

    expect(result.success && result.data.lines).toEqual([]);
    expect(result.success && result.data.checks.map((c) => c.id)).toEqual([
      'ocr-no-image',
      'ocr-page-missing',
    ]);
  });

  it('skips a page image past the pixel limit with a check', async () => {
    const result = await ocrPdfPages(fixture('sv-table.pdf'), [1], {
      langPath,
      limits: DEFAULT_LIMITS,
      maxImagePixels: 1_000_000,
    });

    expect(result.success && result.data.lines).toEqual([]);
    expect(result.success && result.data.checks[0]?.message).toMatch(/1654×2339 image \(4 mega/);
  });

  it('stops with document-limit when the time limit passes', async () => {
    const started = Date.now();

    const result = await ocrPdfPages(fixture('sv-table.pdf'), [1], {
      langPath,
      limits: { ...DEFAULT_LIMITS, timeoutMs: 300 },
    });

    expect(result).toMatchObject({ success: false, error: { id: 'document-limit' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
