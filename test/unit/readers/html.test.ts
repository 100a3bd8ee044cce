import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractReport } from '../../../shared/parsing/extract.ts';
import {
  MAX_MARKUP_BYTES,
  prescanCharset,
  readHtml,
  sniffHtml,
} from '../../../shared/readers/html.ts';
import { DEFAULT_LIMITS, type ReadResult } from '../../../shared/readers/reader.ts';

const FIXTURES = new URL('../../fixtures/readers/html/', import.meta.url);
const ROOT = new URL('../../../', import.meta.url);
const encoder = new TextEncoder();

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

function linesOf(result: ReadResult): string[] {
  if (!result.success) throw new Error(`read failed: ${result.error.id} ${result.error.message}`);
  return result.data.lines.map((line) => line.text);
}

async function read(html: string | Uint8Array, limits = DEFAULT_LIMITS): Promise<ReadResult> {
  return readHtml(typeof html === 'string' ? encoder.encode(html) : html, limits);
}

async function readLines(html: string): Promise<string[]> {
  return linesOf(await read(html));
}

/** The record of a text, without where it came from (key, hash, line numbers). */
function recordOf(bytes: Uint8Array) {
  const {
    provenance: _provenance,
    source: _source,
    ...record
  } = extractReport(bytes, { key: 'x' });
  return record;
}

describe('readHtml golden lines', () => {
  it.each([
    ['ministry-news-erdf-awards', 'utf-8'],
    ['kohesio-project-facts', 'utf-8'],
    ['drupal-field-layout', 'utf-8'],
    ['kainuu-windows-1252-http-equiv', 'windows-1252'],
    ['utf8-no-charset', 'utf-8'],
    ['hidden-template-scripts', 'utf-8'],
    ['research-portal-funded-project', 'utf-8'],
    ['parity-kohesio-seed-000', 'utf-8'],
    ['parity-sv-korsholm-decisions', 'utf-8'],
  ])('reads %s as its expected lines', async (name, encoding) => {
    const expected = readFileSync(new URL(`${name}.expected.txt`, FIXTURES), 'utf8');

    const result = await readHtml(fixture(`${name}.html`), DEFAULT_LIMITS);

    expect(`${linesOf(result).join('\n')}\n`).toBe(expected);
    expect(result.success && result.data.encoding).toBe(encoding);
    expect(result.success && result.data.format).toBe('html');
    expect(result.success && result.data.checks).toEqual([]);
  });

  it('leaves out the cookie banner, menus, breadcrumb, social links, footer and file-name alts', async () => {
    const text = linesOf(await readHtml(fixture('ministry-news-erdf-awards.html'), DEFAULT_LIMITS));

    for (const furniture of [
      'evästeitä',
      'Siirry pääsisältöön',
      'Aluekehitys\tRahoitus',
      'Etusivu',
      'Facebook',
      'Sepänkatu',
      'Lue myös',
      'IMG_2231',
      'kuva',
      'dataLayer',
    ])
      expect(text.join('\n')).not.toContain(furniture);
    expect(text).toContain('Euroopan unionin osarahoittama');
  });

  it('leaves out template, hidden, aria-hidden, inline-hidden, dialog, noscript, svg and script text', async () => {
    const text = linesOf(
      await readHtml(fixture('hidden-template-scripts.html'), DEFAULT_LIMITS),
    ).join('\n');

    for (const hidden of [
      'Template row',
      'secret draft',
      '★',
      'old paragraph',
      'newsletter',
      'enable JavaScript',
      'svg text',
      'not text',
      'Not visible',
      'new window',
    ])
      expect(text).not.toContain(hidden);
  });

  it('decodes the Windows-1252 bytes of the euro sign, the dash and the umlauts', async () => {
    const bytes = fixture('kainuu-windows-1252-http-equiv.html');

    const text = linesOf(await readHtml(bytes, DEFAULT_LIMITS)).join('\n');

    expect(bytes.includes(0x80)).toBe(true);
    expect(text).toContain('yhteensä 245 000 €');
    expect(text).toContain('Kainuun maakunta – kuntayhtymä');
    expect(text).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });
});

describe('readHtml parity with the plain-text report it was made from', () => {
  it.each([
    ['parity-kohesio-seed-000', 'seeds/000_75d301da55d631c3.txt'],
    [
      'parity-sv-korsholm-decisions',
      'test/fixtures/generality/decisions-sv-associations-total-mismatch.txt',
    ],
  ])('extracts from %s the record of %s', async (name, source) => {
    const text = new Uint8Array(readFileSync(new URL(source, ROOT)));

    const lines = linesOf(await readHtml(fixture(`${name}.html`), DEFAULT_LIMITS));
    const fromHtml = recordOf(encoder.encode(lines.join('\n')));

    expect(fromHtml).toEqual(recordOf(text));
    expect(fromHtml.kind).not.toBe('unknown');
  });

  it('extracts the research portal page as the record its text fixture expects', async () => {
    const expected = JSON.parse(
      readFileSync(
        new URL('test/fixtures/generality/pure-en-researchfi-horizon-europe.expected.json', ROOT),
        'utf8',
      ),
    );

    const lines = linesOf(
      await readHtml(fixture('research-portal-funded-project.html'), DEFAULT_LIMITS),
    );
    const record = recordOf(encoder.encode(lines.join('\n')));

    expect(record.kind).toBe(expected.kind);
    expect(record.project).toEqual(expected.project);
    expect(record.funding).toEqual(expected.funding);
  });

  it('extracts the awards table of the ministry news page', async () => {
    const lines = linesOf(
      await readHtml(fixture('ministry-news-erdf-awards.html'), DEFAULT_LIMITS),
    );

    const record = recordOf(encoder.encode(lines.join('\n')));

    expect(record.kind).toBe('grant-decisions');
    expect(record.awards?.map((award) => award.amount)).toEqual([
      320000, 280000, 215000, 180000, 150000, 100000,
    ]);
    expect(record.awardsStatedTotal).toBe(1245000);
  });
});

describe('readHtml structure', () => {
  it('joins a dt with its several dd as one tab row', async () => {
    const lines = await readLines(
      '<dl><dt>Fund:</dt><dd>ERDF</dd><dd>JTF</dd><div><dt>Region</dt><dd>Kainuu</dd></div></dl>',
    );

    expect(lines).toEqual(['Fund\tERDF; JTF', 'Region\tKainuu']);
  });

  it('reads a two-part label/value block whose colon lives only in CSS', async () => {
    const lines = await readLines(
      `<div class="field"><span class="label">Budget</span><span class="value">1 200 000 €</span></div>
       <div><strong>Hanke</strong> <a href="/h">Vihreä siirtymä</a></div>
       <div class="teaser"><span>Not a</span><span>label pair</span></div>`,
    );

    expect(lines).toEqual(['Budget\t1 200 000 €', 'Hanke\tVihreä siirtymä', 'Not alabel pair']);
  });

  it('keeps a label and a long value as separate blocks', async () => {
    const long = 'Pitkä kuvaus. '.repeat(40).trim();

    const lines = await readLines(
      `<div><div class="field--label">Kuvaus</div><div class="field--item">${long}</div></div>`,
    );

    expect(lines).toEqual(['Kuvaus', long]);
  });

  it('numbers ordered list items from their start and bullets the others', async () => {
    const lines = await readLines(
      '<ol start="2"><li>toinen</li><li><p>kolmas</p></li></ol><ul><li>a</li><li></li><li>b</li></ul>',
    );

    expect(lines).toEqual(['2. toinen', '3. kolmas', '• a', '• b']);
  });

  it('breaks lines at br, keeps pre spacing, and collapses other whitespace', async () => {
    const lines = await readLines(
      '<p>Budget:\n   100 €<br>Rate:&nbsp;&nbsp;70 %<br><br>End</p><pre>Col   A\n\tB</pre>',
    );

    expect(lines).toEqual(['Budget: 100 €', 'Rate: 70 %', '', 'End', '', 'Col   A', '\tB']);
  });

  it('keeps at most one blank line between blocks and none at the ends', async () => {
    const lines = await readLines(
      '<p></p><h2>Otsikko</h2><p> </p><p></p><div><p>Teksti</p></div><p></p>',
    );

    expect(lines).toEqual(['Otsikko', '', 'Teksti']);
  });

  it('reads only the main landmark and gives it the page h1 when it has none', async () => {
    const lines = await readLines(
      `<title>Uutinen | Liitto</title><header class="hero-banner"><h1>Rahoituspäätökset 2024</h1></header>
       <nav>Valikko</nav><main><p>Teksti.</p></main><div>Muuta</div>`,
    );

    expect(lines).toEqual(['Rahoituspäätökset 2024', '', 'Teksti.']);
  });

  it('reads the body when the main landmark is empty', async () => {
    const lines = await readLines(
      '<nav>Valikko</nav><main></main><div><h1>Hanke</h1><p>Teksti.</p></div>',
    );

    expect(lines).toEqual(['Hanke', '', 'Teksti.']);
  });

  it('gives headingless content the page title without the site name', async () => {
    const lines = await readLines(
      '<title>Hankeuutinen | Pohjois-Savon liitto</title><article><p>Teksti.</p></article>',
    );

    expect(lines).toEqual(['Hankeuutinen', '', 'Teksti.']);
  });

  it('keeps an article header and an aside fact box, drops a related-news aside', async () => {
    const lines = await readLines(
      `<main><article><header><h1>Otsikko</h1></header><p>Teksti.</p>
       <aside><table><tr><th>Budjetti</th><td>500 000 €</td></tr></table></aside>
       <aside><h2>Lue myös</h2></aside></article></main>`,
    );

    expect(lines).toEqual(['Otsikko', '', 'Teksti.', '', 'Budjetti\t500 000 €']);
  });

  it('does not take a cost share or a title banner for furniture', async () => {
    const lines = await readLines(
      `<div class="page-banner"><h1>Hanke</h1></div>
       <div class="field--name-field-eu-share"><div class="field--label">EU-osuus</div><div>70 %</div></div>
       <div class="cookie-notice">Evästeet</div>`,
    );

    expect(lines).toEqual(['Hanke', '', 'EU-osuus\t70 %']);
  });

  it('reads a layout table cell by cell and a data table row by row', async () => {
    const lines = await readLines(
      `<table><tr><td><h2>Tiedote</h2><p>Teksti.</p></td><td><table><tr><td>Tuki</td><td>10 €</td></tr>
       <tr><td></td><td></td></tr><tr><td></td><td>20 €</td></tr></table></td></tr></table>`,
    );

    expect(lines).toEqual(['Tiedote', '', 'Teksti.', '', 'Tuki\t10 €', '\t20 €']);
  });

  it('keeps image alt text that says something and drops logos and file names', async () => {
    const lines = await readLines(
      `<p>Teksti</p><img alt="Logo"><img alt="hanke_logo.png"><img alt=""><img src="x.png">
       <img alt="Euroopan unionin osarahoittama">`,
    );

    expect(lines).toEqual(['Teksti', '', 'Euroopan unionin osarahoittama']);
  });
});

describe('readHtml encodings', () => {
  const page = '<p>Hyväksytty: 1 000 € – Åbo</p>';

  it('reads UTF-16 by its byte order mark', async () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(page, 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(page, 'utf16le').swap16()]);

    const [fromLe, fromBe] = await Promise.all([read(le), read(be)]);

    expect(linesOf(fromLe)).toEqual(['Hyväksytty: 1 000 € – Åbo']);
    expect(linesOf(fromBe)).toEqual(['Hyväksytty: 1 000 € – Åbo']);
    expect(fromLe.success && fromLe.data.encoding).toBe('utf-16le');
    expect(fromBe.success && fromBe.data.encoding).toBe('utf-16be');
  });

  it('reads a UTF-8 byte order mark before a declaration that says otherwise', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...encoder.encode(`<meta charset="windows-1252">${page}`),
    ]);

    const result = await read(bytes);

    expect(linesOf(result)).toEqual(['Hyväksytty: 1 000 € – Åbo']);
    expect(result.success && result.data.encoding).toBe('utf-8');
  });

  it('reads ISO-8859-1 as declared the way browsers do: as Windows-1252', async () => {
    const bytes = new Uint8Array(
      Buffer.from('<meta charset="iso-8859-1"><p>Hyv\xe4ksytty: 1 000 \x80</p>', 'latin1'),
    );

    const result = await read(bytes);

    expect(linesOf(result)).toEqual(['Hyväksytty: 1 000 €']);
    expect(result.success && result.data.encoding).toBe('windows-1252');
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8 and says so', async () => {
    const bytes = new Uint8Array(Buffer.from('<p>P\xe4\xe4t\xf6s 5 000 \x80</p>', 'latin1'));

    const result = await read(bytes);

    expect(linesOf(result)).toEqual(['Päätös 5 000 €']);
    expect(result.success && result.data.encoding).toBe('windows-1252');
    expect(result.success && result.data.checks.map((check) => check.id)).toEqual([
      'encoding-fallback',
    ]);
  });

  it('believes the bytes over a declaration when the page is really in the other encoding', async () => {
    const legacy = new Uint8Array(
      Buffer.from('<meta charset="utf-8"><p>P\xe4\xe4t\xf6s</p>', 'latin1'),
    );
    const utf8 = encoder.encode(
      '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Päätös</p>',
    );

    const [fromLegacy, fromUtf8] = await Promise.all([read(legacy), read(utf8)]);

    expect(linesOf(fromLegacy)).toEqual(['Päätös']);
    expect(linesOf(fromUtf8)).toEqual(['Päätös']);
    expect(fromLegacy.success && fromLegacy.data.checks[0]?.severity).toBe('warning');
    expect(fromUtf8.success && fromUtf8.data.encoding).toBe('utf-8');
  });

  it('keeps mostly valid UTF-8 as UTF-8 and reports the broken bytes', async () => {
    const bytes = new Uint8Array([
      ...encoder.encode('<meta charset=utf-8><p>Päätös äänestys öljy '),
      0xff,
      ...encoder.encode('</p>'),
    ]);

    const result = await read(bytes);

    expect(linesOf(result)).toEqual(['Päätös äänestys öljy \ufffd']);
    expect(result.success && result.data.checks.map((check) => check.id)).toEqual([
      'replacement-characters',
    ]);
  });

  it('finds the declared charset past comments and other tags, not inside a comment', () => {
    const head = (html: string) => new Uint8Array(Buffer.from(html, 'latin1'));

    expect(
      prescanCharset(head('<!-- <meta charset="utf-8"> --><meta charset=\'WINDOWS-1252\'>')),
    ).toBe('windows-1252');
    expect(
      prescanCharset(
        head(
          '<html lang="fi"><meta content="text/html; charset=iso-8859-15" http-equiv=content-type>',
        ),
      ),
    ).toBe('iso-8859-15');
    expect(prescanCharset(head('<html><head><title>Ei merkistöä</title>'))).toBeUndefined();
  });
});

describe('sniffHtml', () => {
  it.each([
    '<!DOCTYPE html><html>',
    '\ufeff  <!-- saved page --><html lang="fi">',
    '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">',
    '<meta charset="utf-8"><title>x</title>',
    '<div class="content"><p>Hanke</p></div>',
    '<h1>Otsikko</h1>',
  ])('takes %j for HTML', (text) => {
    expect(sniffHtml(encoder.encode(text))).toBe(true);
  });

  it('takes a UTF-16 page for HTML', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...Buffer.from('<!doctype html><p>x', 'utf16le')]);

    expect(sniffHtml(bytes)).toBe(true);
  });

  it.each([
    'Hankkeen nimi: <ei tiedossa>',
    'Budget < 5000 €',
    '<span>inline start</span>',
    '<?xml version="1.0"?><office:document>',
    '%PDF-1.7',
    '<!-- unterminated comment',
    '',
  ])('does not take %j for HTML', (text) => {
    expect(sniffHtml(encoder.encode(text))).toBe(false);
  });
});

describe('readHtml hostile input and limits', () => {
  it('reads 100 000 levels of nested elements without a stack overflow', async () => {
    const depth = 100_000;
    const html = `<body>${'<div><span>'.repeat(depth)}Syvällä${'</span></div>'.repeat(depth)}</body>`;

    const lines = linesOf(await read(html));

    expect(lines).toEqual(['Syvällä']);
  });

  it('reads a table of 150 000 rows', async () => {
    const html = `<table>${'<tr><td>1'.repeat(150_000)}</table>`;

    const lines = linesOf(await read(html));

    expect(lines).toHaveLength(150_000);
    expect(lines[149_999]).toBe('1');
  });

  it('refuses a 50 MB page before parsing it', async () => {
    const html = encoder.encode(`<p>${'x'.repeat(50 * 1024 * 1024)}</p>`);

    const [pastMax, pastMarkupCap] = await Promise.all([
      read(html),
      read(html, { ...DEFAULT_LIMITS, maxBytes: 100 * 1024 * 1024 }),
    ]);

    expect(pastMax.success || pastMax.error.id).toBe('document-too-large');
    expect(pastMarkupCap.success || pastMarkupCap.error.id).toBe('document-too-large');
    expect(pastMarkupCap.success || pastMarkupCap.error.message).toContain(
      String(MAX_MARKUP_BYTES),
    );
  });

  it('stops with document-limit past the time limit', async () => {
    const html = `<main>${'<p>Rivi <b>lihava</b> teksti</p>'.repeat(100_000)}</main>`;

    const result = await read(html, { ...DEFAULT_LIMITS, timeoutMs: 0 });

    expect(result.success || result.error.id).toBe('document-limit');
    expect(result.success || result.error.message).toContain('0 ms');
  });

  it('stops with document-limit past the line limit', async () => {
    const html = '<p>rivi</p>'.repeat(50);

    const result = await read(html, { ...DEFAULT_LIMITS, maxLines: 20 });

    expect(result.success || result.error.id).toBe('document-limit');
  });

  it('reads malformed markup the way a browser repairs it', async () => {
    const html =
      '<p>Budjetti: <b>100 000 €<p>Alkaa: 1.1.2024</td></tr><div class=x"y>Päättyy &amp; 31.12.2025 &euro&copy;</div><table><td>A<td>B';

    const lines = linesOf(await read(html));

    expect(lines).toEqual([
      'Budjetti: 100 000 €',
      '',
      'Alkaa: 1.1.2024',
      '',
      // Without its semicolon only the legacy entities (`&copy`) are decoded, as in a browser.
      'Päättyy & 31.12.2025 &euro©',
      'A\tB',
    ]);
  });

  it('gives no lines, not a failure, for a page of scripts only, an empty page and binary noise', async () => {
    const scripts =
      '<html><head><script>var a = "<p>x</p>";</script></head><body><script>1</script></body></html>';
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);

    const results = await Promise.all([read(scripts), read(''), read(noise)]);

    expect(linesOf(results[0] as ReadResult)).toEqual([]);
    expect(linesOf(results[1] as ReadResult)).toEqual([]);
    expect((results[2] as ReadResult).success).toBe(true);
  });
});
