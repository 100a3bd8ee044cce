import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS, isCheckId } from '../../../shared/parsing/check-ids.ts';
import type { ReportRecord } from '../../../shared/schemas/report-record.ts';
import { layoutFinalReport } from '../../../templates/final-report.ts';
import { NBSP } from '../../../templates/format.ts';
import { MAX_CHARTED_AWARDS } from '../../../templates/grant-decisions.ts';
import type {
  BarChartBlock,
  Block,
  FindingsBlock,
  ReportLayout,
  SectionBlock,
  TableBlock,
} from '../../../templates/layout.ts';
import { en } from '../../../templates/strings/en.ts';
import { fi } from '../../../templates/strings/fi.ts';
import { sv } from '../../../templates/strings/sv.ts';
import { READER_CHECK_IDS } from '../../../templates/strings/types.ts';
import { BAD_DIR } from '../../helpers/bad-inputs.ts';
import { extractFile, GENERALITY_DIR, SEEDS_DIR, seedPath } from '../../helpers/fixtures.ts';

const AT = new Date('2026-01-05T10:00:00Z');

function flat(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.type === 'section' ? [b, ...flat(b.blocks)] : [b]));
}

function table(layout: ReportLayout, caption: string): TableBlock {
  const found = flat(layout.blocks).find(
    (b): b is TableBlock => b.type === 'table' && b.caption === caption,
  );
  if (!found) throw new Error(`No table ${caption}`);
  return found;
}

function charts(layout: ReportLayout): BarChartBlock[] {
  return flat(layout.blocks).filter((b): b is BarChartBlock => b.type === 'bar-chart');
}

function findings(layout: ReportLayout): FindingsBlock {
  const found = flat(layout.blocks).find((b): b is FindingsBlock => b.type === 'findings');
  if (!found) throw new Error('No findings');
  return found;
}

/** Every string the layout would print, no-break spaces read as spaces. */
function printed(layout: ReportLayout): string {
  return JSON.stringify(layout.blocks).replaceAll(NBSP, ' ');
}

const eura = extractFile(seedPath('004_'));
const decisions = extractFile(seedPath('003_'));

describe('layoutFinalReport for a project description', () => {
  const layout = layoutFinalReport(eura, { language: 'fi', generatedAt: AT });

  it('names the report, its project and its generation time', () => {
    expect(layout).toMatchObject({
      locale: 'fi',
      title: 'Loppuraportti: Digikeskus (A77892)',
      header: 'A77892 · Digikeskus',
      footer: 'Luotu 5.1.2026 klo 12.00 (Europe/Helsinki)',
      author: 'Pirkanmaan liitto',
      attachment: { name: 'report-record.json' },
    });
    expect(layout.pageLabel(2, 6)).toBe('2 / 6');
  });

  it('opens with the cover and the key figures as stored', () => {
    expect(layout.blocks[0]).toMatchObject({
      type: 'cover',
      title: 'Digikeskus',
      subtitle: 'A77892 · Viitasaaren kaupunki',
    });
    expect(JSON.stringify(layout.blocks[1]).replaceAll(NBSP, ' ')).toContain('336 123 €');
    expect(table(layout, 'Hankkeen tiedot').rows).toContainEqual(['Y-tunnus', '0208573-0']);
  });

  it('tables and charts the indicators, planned against realised', () => {
    expect(table(layout, 'Indikaattorit, suunniteltu ja toteutunut').rows).toEqual([
      ['Uudet työpaikat', '0', '0', '3,7', '1,6'],
      ['Uudet yritykset', '0', '0', '0', '0'],
    ]);
    const [indicators] = charts(layout);
    expect(indicators?.series.map((s) => s.values)).toEqual([
      [0, 0, 0, 0],
      [3.7, 1.6, 0, 0],
    ]);
    expect(indicators?.scale.max).toBe(4);
    expect(indicators?.alt).toContain('Uudet työpaikat 0 / 3,7');
  });

  it('shows granted against realised funding with the utilisation, and what is not stated', () => {
    const funding = table(layout, 'Rahoitus, myönnetty tai suunniteltu ja toteutunut');

    expect(funding.rows.map((r) => r.map((c) => c.replaceAll(NBSP, ' ')))).toEqual([
      ['EU- ja valtion rahoitus (myönnetty)', '336 123 €', '319 949 €', '95,2 %'],
      ['Julkinen rahoitus (suunniteltu)', '420 153 €', '399 936 €', '95,2 %'],
    ]);
    expect(table(layout, 'Budjetti').rows).toEqual([
      ['Kokonaisbudjetti', 'ei ilmoitettu'],
      ['EU-rahoitus', 'ei ilmoitettu'],
      ['EU:n osarahoitusosuus', 'ei ilmoitettu'],
    ]);
  });

  it('charts the fifteen sustainability scores, direct and indirect, on 0 to 10', () => {
    const sustainability = charts(layout)[1];

    expect(sustainability?.categories).toHaveLength(15);
    expect(sustainability?.categories[0]).toBe('Luonnonvarojen käytön kestävyys');
    expect(sustainability?.series.map((s) => s.values.slice(0, 3))).toEqual([
      [7, 3, 0],
      [7, 4, 1],
    ]);
    expect(sustainability?.scale).toMatchObject({ max: 10 });
    expect(sustainability?.scale.ticks.map((t) => t.value)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(table(layout, 'Sukupuolten tasa-arvo raportin vastausten mukaan').rows).toEqual([
      ['Sukupuolivaikutusten arviointi tehty', 'ei'],
      ['Tasa-arvo valtavirtaistettu hankkeessa', 'kyllä'],
      ['Tasa-arvon edistäminen on päätavoite', 'ei'],
    ]);
  });

  it('writes every finding in the report language, with the fields and lines it is about', () => {
    expect(findings(layout).items[0]).toEqual({
      severity: 'warning',
      label: 'Varoitus',
      title: 'Toteutunut ilman suunniteltua tavoitetta',
      detail: {
        intro: 'Tarkemmin',
        text: 'Toteutunut luku on ilmoitettu ilman suunniteltua tavoitetta, johon sitä voisi verrata. Kentät: Uudet työpaikat: Suunniteltu (rivi 107); Uudet työpaikat: Toteutunut (rivi 109).',
      },
    });
    for (const language of ['sv', 'en'] as const) {
      const other = layoutFinalReport(eura, { language, generatedAt: AT });
      expect(printed(other)).not.toContain('Planned new jobs is 0');
    }
    expect(printed(layout)).not.toContain(eura.checks[0]?.message ?? '-');
  });

  it('shows the document’s own summary as written, under a summary heading, with its line', () => {
    const section = flat(layout.blocks).find(
      (b): b is SectionBlock => b.type === 'section' && b.heading === 'Tiivistelmä',
    );
    const paragraphs = (section?.blocks ?? []).filter((b) => b.type === 'paragraph');

    expect(paragraphs[0]).toEqual({
      type: 'paragraph',
      text: expect.stringMatching(/^Viitasaaren kaupungin 1\.9\.2021-31\.8\.2023 hallinnoimassa/u),
    });
    expect(paragraphs.at(-1)).toEqual({
      type: 'paragraph',
      text: 'Asiakirjan oma teksti sellaisenaan (rivi 167).',
      tone: 'muted',
    });
    const english = layoutFinalReport(eura, { language: 'en', generatedAt: AT });
    expect(printed(english)).toContain('"heading":"Summary"');
    expect(JSON.stringify(english.blocks)).toContain('"lang":"fi"');
  });

  it('prints every time in the configured time zone, the zone named', () => {
    const stockholm = layoutFinalReport(eura, {
      language: 'sv',
      generatedAt: AT,
      timeZone: 'Europe/Stockholm',
    });

    expect(stockholm.footer).toBe('Skapad 5.1.2026 kl. 11.00 (Europe/Stockholm)');
  });

  it('lists every source line once, in document order, with the fields read from it', () => {
    const lines = table(layout, 'Jokaisen luvun lähderivi');
    const fromRecord = new Set(Object.values(eura.provenance).map((p) => String(p.line)));

    expect(lines.listing).toBe(true);
    expect(lines.rows.map((r) => r[0])).toEqual(
      [...fromRecord].sort((a, b) => Number(a) - Number(b)),
    );
    expect(lines.rows).toContainEqual([
      '15',
      'Alkamispäivä; Päättymispäivä',
      'Suunnitelman mukainen toteutusaika: Alkaa 1.9.2021 ja päättyy 31.8.2023',
    ]);
    expect(lines.rows).toContainEqual([
      '132',
      'Luonnonvarojen käytön kestävyys: Välitön vaikutus, Välillinen vaikutus',
      expect.stringContaining('Luonnonvarojen'),
    ]);
    expect(printed(layout)).toContain(eura.source.sha256);
  });

  it('writes "not stated" for every figure a sparse record lacks, never 0, and charts nothing', () => {
    const sparse: ReportRecord = {
      kind: 'project-description',
      language: 'sv',
      project: { code: 'S1' },
      checks: [],
      provenance: {},
      source: { ...eura.source },
    };

    const out = layoutFinalReport(sparse, { language: 'sv', generatedAt: AT });

    expect(table(out, 'Indikatorer, planerat och utfall').rows[0]).toEqual([
      'Nya arbetsplatser',
      'inte angivet',
      'inte angivet',
      'inte angivet',
      'inte angivet',
    ]);
    expect(charts(out)).toEqual([]);
    expect(table(out, 'Projektets uppgifter').rows).toContainEqual([
      'Genomförandetid',
      'inte angivet',
    ]);
    expect(printed(out)).not.toMatch(/"0"|0 euro/);
  });

  it('lays out the same record the same way, in every language', () => {
    for (const language of ['fi', 'sv', 'en'] as const) {
      expect(layoutFinalReport(eura, { language, generatedAt: AT })).toEqual(
        layoutFinalReport(eura, { language, generatedAt: AT }),
      );
    }
    expect(layoutFinalReport(eura, { language: 'en', generatedAt: AT }).title).toBe(
      'Final report: Digikeskus (A77892)',
    );
  });
});

describe('layoutFinalReport for grant decisions', () => {
  const layout = layoutFinalReport(decisions, { language: 'sv', generatedAt: AT });

  it('reconciles the stated total and count with the list', () => {
    const reconciliation = table(layout, 'Angivna uppgifter jämförda med förteckningen');

    expect(reconciliation.rows.map((r) => r.map((c) => c.replaceAll(NBSP, ' ')))).toEqual([
      ['Totalbelopp', '8 620 000 euro', '8 623 231 euro', '-3 231 euro'],
      ['Antal stöd', '24', '24', '0'],
    ]);
    expect(printed(layout)).toContain('inom dokumentets avrundning');
  });

  it('lists every award with its source line and the sum, and charts them all', () => {
    const awards = table(layout, 'Beviljade stöd enligt dokumentets förteckning');

    expect(awards.rows).toHaveLength(25);
    expect(awards.rows[7]?.map((c) => c.replaceAll(NBSP, ' '))).toEqual([
      '8',
      'Lahtis stad',
      '500 000 euro',
      'två olika projekt',
      String(decisions.provenance['awards.7.amount']?.line),
    ]);
    expect(awards.emphasis).toEqual([24]);
    expect(charts(layout)[0]?.categories).toHaveLength(24);
  });

  it('charts only the largest awards of a long list', () => {
    const long: ReportRecord = {
      ...decisions,
      awards: Array.from({ length: 40 }, (_, i) => ({ recipient: `R${i + 1}`, amount: i + 1 })),
    };

    const chart = charts(layoutFinalReport(long, { language: 'en', generatedAt: AT }))[0];

    expect(chart?.categories).toHaveLength(MAX_CHARTED_AWARDS);
    expect(chart?.categories[0]).toBe('40. R40');
  });

  it('says the figures disagree when a check found a mismatch', () => {
    const mismatch: ReportRecord = {
      ...decisions,
      checks: [
        { id: 'awards-total-mismatch', severity: 'error', message: 'm', fields: ['awards'] },
      ],
    };

    expect(printed(layoutFinalReport(mismatch, { language: 'fi', generatedAt: AT }))).toContain(
      'eivät täsmää',
    );
  });
});

describe('layoutFinalReport for one-page summaries', () => {
  it('summarises a project page with each value, its source line and the source file', () => {
    const page = extractFile(seedPath('000_'));

    const layout = layoutFinalReport(page, { language: 'en', generatedAt: AT });

    const facts = table(layout, 'Project details');
    expect(facts.rows).toContainEqual(['Total budget', '€1,532,910', '8']);
    expect(facts.rows).toContainEqual(['Beneficiary', 'not stated', '']);
    expect(facts.rows).toContainEqual(['SHA-256', page.source.sha256, '']);
    expect(layout.headerRight).toBe('Summary');
  });

  it('summarises a funding call with its deadline in Helsinki time, and titles it by it', () => {
    const call = extractFile(seedPath('002_'));

    const layout = layoutFinalReport(call, { language: 'sv', generatedAt: AT });

    expect(table(layout, 'Ansökans uppgifter').rows[0]).toEqual([
      'Ansökningstiden går ut',
      '15.9.2017 kl. 16.15 (Europe/Helsinki)',
      String(call.provenance['call.deadline']?.line),
    ]);
    expect(layout.title).toBe(
      'Ansökningsomgång: ansökningstiden går ut 15.9.2017 kl. 16.15 (Europe/Helsinki)',
    );
  });

  it('titles grant decisions by their subject and date, never by a hash', () => {
    const received = new Date('2022-06-16T07:00:00Z');

    const layout = layoutFinalReport(decisions, {
      language: 'fi',
      generatedAt: AT,
      receivedAt: received,
    });

    expect(layout.title.replaceAll(NBSP, ' ')).toBe(
      'Rahoituspäätökset: 24 avustusta, yhteensä 8 620 000 € (vastaanotettu 16.6.2022)',
    );
    expect(layout.header.replaceAll(NBSP, ' ')).toBe('24 avustusta, yhteensä 8 620 000 €');
    const hash = decisions.source.sha256.slice(0, 12);
    expect(layout.title).not.toContain(hash);
    expect(JSON.stringify(layout.blocks[0])).not.toContain(hash);
  });

  it('lists a research project funding by organisation', () => {
    const research = extractFile(seedPath('001_'));

    const layout = layoutFinalReport(research, { language: 'fi', generatedAt: AT });

    expect(table(layout, 'Rahoitus organisaatioittain').rows[0]?.[0]).toBe('ERNACT EEIG');
  });

  it('gives a document of no known kind a short page saying nothing was extracted', () => {
    const unknown: ReportRecord = {
      kind: 'unknown',
      checks: [{ id: 'nothing-extracted', severity: 'error', message: 'Nothing.', fields: [] }],
      provenance: {},
      source: { ...eura.source },
    };

    const layout = layoutFinalReport(unknown, { language: 'sv', generatedAt: AT });

    expect(layout.blocks[0]).toMatchObject({ type: 'cover', title: 'Inga uppgifter lästes' });
    expect(findings(layout).items[0]?.title).toBe('Inga uppgifter kunde läsas');
  });
});

describe('report strings', () => {
  it('title every check the extractor reports on the seeds and fixtures, in every language', () => {
    const files = [
      ...readdirSync(SEEDS_DIR).map((n) => join(SEEDS_DIR, n)),
      ...readdirSync(GENERALITY_DIR)
        .filter((n) => n.endsWith('.txt'))
        .map((n) => join(GENERALITY_DIR, n)),
      ...readdirSync(BAD_DIR).map((n) => join(BAD_DIR, n)),
    ];
    const ids = new Set(files.flatMap((f) => extractFile(f).checks.map((c) => c.id)));

    expect(ids.size).toBeGreaterThan(20);
    expect([...ids].filter((id) => !isCheckId(id))).toEqual([]);
    for (const strings of [fi, sv, en]) {
      for (const id of [...CHECK_IDS, ...READER_CHECK_IDS]) {
        expect(strings.checks.titles[id].length, id).toBeGreaterThan(3);
        expect(strings.checks.descriptions[id], id).toMatch(/^\p{Lu}.{15,}\.$/u);
      }
    }
    expect(new Set(CHECK_IDS.map((id) => fi.checks.descriptions[id])).size).toBe(CHECK_IDS.length);
  });
});
