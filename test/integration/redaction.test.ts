import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../shared/api/queries.ts';
import { ROUTES, type Route } from '../../shared/api/routes.ts';
import { queryEvent } from '../../shared/cli/query-command.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.ts';
import { withoutPersonalData } from '../../shared/parsing/contacts.ts';
import {
  FINAL_REPORTS_PREFIX,
  type FinalReportDeps,
  renderStoredReport,
} from '../../shared/pipeline/final-report.ts';
import { INDICATOR_PATHS } from '../../shared/pipeline/indicators.ts';
import { readTextKeyOf } from '../../shared/pipeline/ingest.ts';
import { extractDocument } from '../../shared/readers/intake.ts';
import { loadFonts } from '../../shared/rendering/fonts.ts';
import { linePublisher } from '../../shared/storage/final-report-events.ts';
import { getReport, listReportsByStatus } from '../../shared/storage/report-store.ts';
import { READ_TEXT_PREFIX } from '../../shared/storage/table-definition.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { extractFile, ROOT, SEEDS_DIR } from '../helpers/fixtures.ts';
import { pdfText, scratch } from '../helpers/pdf-tools.ts';

const CORPUS = join(ROOT, 'test', 'fixtures', 'redaction');

interface Person {
  names: string[];
  emails?: string[];
  phones?: string[];
}

interface CorpusEntry {
  file: string;
  language: string;
  kind: string;
  people: Person[];
  keep: string[];
}

const manifest: CorpusEntry[] = JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8'));
const seeds: Record<string, { people: Person[]; fields: Record<string, unknown> }> = JSON.parse(
  readFileSync(join(CORPUS, 'seeds.json'), 'utf8'),
);
const KEY_PREFIX = 'incoming/redaction/';

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** An e-mail address as `@` and `.` would write it: `anna(at)example (dot) se` → `anna@example.se`. */
function canonicalEmail(written: string): string {
  return written
    .replace(/\s*(?:\(at\)|\[at\]|\(a\)|\sat\s)\s*/giu, '@')
    .replace(/\s*(?:\(dot\)|\[dot\]|\sdot\s)\s*/giu, '.')
    .toLowerCase();
}

/** A telephone number without its country code or trunk zero: `+358 (0)40 123 4567` → `401234567`. */
function nationalDigits(written: string): string {
  const digits = written.replace(/\(0\)/g, '').replace(/\D/g, '');
  const international = /^\s*\(?(?:\+|00)/.test(written);
  const withoutCountry = international
    ? digits.replace(/^00/, '').replace(/^(?:358|46|44|1)/, '')
    : digits;
  return withoutCountry.replace(/^0/, '');
}

/** What must never appear: each person's names, surnames, e-mails and phones in every form. */
interface Needles {
  texts: string[];
  surnames: string[];
  phoneDigits: string[];
}

function needlesOf(people: Person[]): Needles {
  const needles: Needles = { texts: [], surnames: [], phoneDigits: [] };
  for (const person of people) {
    for (const name of person.names) needles.texts.push(fold(name));
    const first = person.names[0] ?? '';
    const surname = first.split(' ').at(-1) ?? '';
    if (surname.length >= 4) needles.surnames.push(surname);
    for (const email of person.emails ?? []) {
      const canonical = canonicalEmail(email);
      needles.texts.push(email.toLowerCase(), canonical, canonical.split('@')[0] ?? '');
    }
    for (const phone of person.phones ?? []) {
      needles.texts.push(phone.toLowerCase());
      needles.phoneDigits.push(phone.replace(/\D/g, ''), nationalDigits(phone));
    }
  }
  return needles;
}

/** The places a needle was found in one answer; empty when the answer is clean. */
function leaksIn(text: string, needles: Needles): string[] {
  const folded = fold(text);
  const found = needles.texts.filter((needle) => folded.includes(needle));
  for (const surname of needles.surnames) {
    if (new RegExp(`(?<![\\p{L}])${surname}(?![\\p{L}])`, 'u').test(text)) found.push(surname);
  }
  const runs = (text.match(/\+?\(?\d[\d \-()./]*\d/g) ?? []).map((run) => run.replace(/\D/g, ''));
  for (const digits of needles.phoneDigits) {
    if (digits.length >= 7 && runs.some((run) => run.includes(digits))) found.push(digits);
  }
  return found;
}

let runtime: LocalRuntime;
let dataDir: string;
const pdfs = scratch('epm-redaction-');
const consoleLines: string[] = [];
const streamLines: string[] = [];
const apiErrors: string[] = [];
const timing: string[] = [];
const renderLines: string[] = [];
let renderedCount = 0;
const RENDERED_AT = new Date('2026-01-05T10:00:00Z');
let restoreOutput: () => void = () => undefined;

/** Every console call and every write to stdout or stderr, from the pipeline and the API. */
function captureOutput(): () => void {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
  }
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((s) => s.write.bind(s));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      streamLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (writes[i] as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  return () => {
    methods.forEach((m, i) => {
      console[m] = originals[i] as (typeof console)[typeof m];
    });
    streams.forEach((stream, i) => {
      stream.write = writes[i] as typeof stream.write;
    });
  };
}

async function objectText(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(out.Contents ?? []).map((o) => o.Key ?? ''));
    token = out.NextContinuationToken;
  } while (token);
  return keys;
}

/**
 * Renders the final report of every stored version, as the render function does for each new
 * version on the table stream, and keeps the render function's log and publish lines.
 */
async function renderAll(): Promise<number> {
  const deps: FinalReportDeps = {
    s3: runtime.s3,
    ddb: runtime.ddb,
    table: runtime.tableName,
    outbox: runtime.outboxBucket,
    fonts: loadFonts(),
    authorityLanguages: {},
    publish: linePublisher((line) => renderLines.push(line)),
    logger: { info: (message, extra) => renderLines.push(`${message} ${JSON.stringify(extra)}`) },
  };
  let rendered = 0;
  for (const { sha256 } of await listReportsByStatus(runtime.ddb, runtime.tableName, 'stored')) {
    const version = sha256 ? await getReport(runtime.ddb, runtime.tableName, sha256) : undefined;
    if (!version) continue;
    const outcome = await renderStoredReport(version, RENDERED_AT, deps);
    if (outcome.status === 'rendered') rendered++;
  }
  return rendered;
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dataDir = mkdtempSync(join(tmpdir(), 'epm-redaction-'));
  restoreOutput = captureOutput();
  runtime = await startLocalRuntime({
    dataDir,
    inMemory: true,
    tableName: 'redaction-reports',
    inboxBucket: 'redaction-inbox',
    outboxBucket: 'redaction-outbox',
    logLevel: 'DEBUG',
    renderFinalReports: false,
  });
  const files = [
    ...manifest.map((entry) => ({
      path: join(CORPUS, entry.file),
      key: `${KEY_PREFIX}${entry.file}`,
    })),
  ];
  const t0 = Date.now();
  await uploadFiles(runtime.s3, runtime.inboxBucket, files);
  const t1 = Date.now();
  await runtime.queue.drained();
  const t2 = Date.now();
  renderedCount = await renderAll();
  timing.push(`upload ${t1 - t0} ms, extract ${t2 - t1} ms, render ${Date.now() - t2} ms`);
  // About 40 s of CPU (45 extractions and renders); more than the default on a shared, loaded machine.
}, 240_000);

afterAll(async () => {
  restoreOutput();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  pdfs.drop();
});

/** Every answer of the API for the stored corpus: each route, with each id it takes, as JSON, CSV and XLSX. */
async function apiAnswers(): Promise<Array<{ where: string; text: string }>> {
  const deps: QueryDeps = {
    ddb: runtime.ddb,
    s3: runtime.s3,
    table: runtime.tableName,
    inboxBucket: runtime.inboxBucket,
    outboxBucket: runtime.outboxBucket,
    urlSeconds: 60,
  };
  const api = createApiHandler(ROUTES, deps, (message, extra) =>
    apiErrors.push(`${message} ${JSON.stringify(extra)}`),
  );
  const answers: Array<{ where: string; text: string }> = [];
  const call = async (path: string, params: string[], format: 'json' | 'csv' | 'xlsx') => {
    const result = await api(queryEvent(path, params, format), localContext('query'));
    const where = `${format} ${path}?${params.join('&')}`;
    // A version whose final report is not rendered yet answers 404; every other answer is data.
    expect(result.statusCode, where).toBe(path.endsWith('/final-report') ? result.statusCode : 200);
    if (result.statusCode !== 200) return '';
    const body = result.body ?? '';
    const text =
      format === 'xlsx'
        ? XLSX.utils.sheet_to_csv(
            Object.values(XLSX.read(Buffer.from(body, 'base64')).Sheets)[0] as XLSX.WorkSheet,
          )
        : body;
    answers.push({ where, text });
    return text;
  };
  const projects = JSON.parse(await call('/projects', ['limit=500'], 'json')).items as Array<{
    projectId: string;
  }>;
  const codes = projects.map((p) => p.projectId);
  const versions = new Map<string, string[]>();
  for (const code of codes) {
    const reports = JSON.parse(
      await call(`/projects/${encodeURIComponent(code)}/reports`, [], 'json'),
    ).items as Array<{ version: string }>;
    versions.set(
      code,
      reports.map((r) => r.version),
    );
  }
  const documents = (await keysUnder(runtime.s3, runtime.inboxBucket, READ_TEXT_PREFIX)).length;
  expect(documents).toBeGreaterThan(0);
  const subjects = [...codes];
  for (const route of ROUTES.filter((r: Route) => r.method === 'GET')) {
    const queryKeys = Object.keys(route.query?.shape ?? {});
    const formats = route.table ? (['json', 'csv', 'xlsx'] as const) : (['json'] as const);
    const queries: string[][] = queryKeys.includes('severity')
      ? ['error', 'warning', 'info'].map((s) => [`severity=${s}`, 'limit=500'])
      : queryKeys.includes('project')
        ? subjects.map((s) => [`project=${s}`])
        : [queryKeys.includes('limit') ? ['limit=500'] : []];
    const paths: string[] = [];
    if (route.path.includes('{path}')) {
      for (const p of INDICATOR_PATHS) paths.push(route.path.replace('{path}', p));
    } else if (route.path.includes('{version}')) {
      for (const [code, list] of versions)
        for (const v of list)
          paths.push(
            route.path.replace('{code}', encodeURIComponent(code)).replace('{version}', v),
          );
    } else if (route.path.includes('{code}')) {
      for (const code of codes) paths.push(route.path.replace('{code}', encodeURIComponent(code)));
    } else if (!route.path.includes('{')) {
      paths.push(route.path);
    }
    for (const path of paths)
      for (const params of queries) for (const format of formats) await call(path, params, format);
  }
  return answers;
}

describe('personal data', () => {
  it('never leaves the pipeline: not in an API answer, export, read text, log line or final report', async () => {
    const answers = await apiAnswers();
    const readTexts = await Promise.all(
      (await keysUnder(runtime.s3, runtime.inboxBucket, READ_TEXT_PREFIX)).map(async (key) => ({
        where: `s3 ${key}`,
        text: Buffer.from(await objectText(runtime.s3, runtime.inboxBucket, key)).toString('utf8'),
      })),
    );
    const finalReports = await Promise.all(
      (await keysUnder(runtime.s3, runtime.outboxBucket, FINAL_REPORTS_PREFIX)).map(
        async (key, i) => ({
          where: `pdf ${key}`,
          text: pdfText(
            pdfs.write(`${i}.pdf`, await objectText(runtime.s3, runtime.outboxBucket, key)),
          ),
        }),
      ),
    );
    const logFile = readFileSync(join(dataDir, 'logs.jsonl'), 'utf8');
    const logs = [
      { where: 'logs.jsonl', text: logFile },
      { where: 'console', text: consoleLines.join('\n') },
      { where: 'stdout/stderr', text: streamLines.join('') },
      { where: 'API error log', text: apiErrors.join('\n') },
      { where: 'render log', text: renderLines.join('\n') },
    ];
    const haystacks = [...answers, ...readTexts, ...finalReports, ...logs];
    const everyone = [
      ...manifest.flatMap((e) => e.people),
      ...Object.values(seeds).flatMap((s) => s.people),
    ];
    const needles = needlesOf(everyone);

    const leaks = haystacks.flatMap(({ where, text }) =>
      leaksIn(text, needles).map((needle) => `${where}: ${needle}`),
    );

    restoreOutput();
    console.info(
      `redaction: ${timing.join('')}; ${manifest.length} documents, ${answers.length} API answers, ${readTexts.length} read texts, ${finalReports.length} final reports, ${logFile.split('\n').length - 1} log lines; ${needles.texts.length + needles.surnames.length + needles.phoneDigits.length} strings checked in each`,
    );
    expect(readTexts.length).toBe(manifest.filter((e) => !e.file.endsWith('.txt')).length);
    const stored = await listReportsByStatus(runtime.ddb, runtime.tableName, 'stored');
    expect(stored).toHaveLength(manifest.length);
    expect(renderedCount).toBe(manifest.length);
    expect(finalReports).toHaveLength(manifest.length);
    expect(logFile).toContain('report stored');
    expect(leaks).toEqual([]);
  });

  it('keeps figures, dates, business ids and organisations, and every provenance line is still a line of the stored read text', async () => {
    for (const entry of manifest) {
      const bytes = readFileSync(join(CORPUS, entry.file));
      const text = entry.file.endsWith('.txt')
        ? withoutPersonalData(bytes.toString('utf8'))
        : Buffer.from(
            await objectText(runtime.s3, runtime.inboxBucket, readTextKeyOf(sha256Of(bytes))),
          ).toString('utf8');

      for (const kept of entry.keep) expect(text, `${entry.file}: ${kept}`).toContain(kept);
      if (!entry.file.endsWith('.txt')) {
        const version = await getReport(runtime.ddb, runtime.tableName, sha256Of(bytes));
        const lines = text.split('\n');
        for (const [path, cited] of Object.entries(version?.record?.provenance ?? {})) {
          expect(lines[cited.line - 1], `${entry.file} ${path}`).toBe(cited.text);
        }
      }
      if (entry.kind === 'project-description') {
        const record = await extractDocument(bytes, { key: entry.file });
        expect(record.project?.code, entry.file).toBe(entry.keep[0]);
        expect(record.project?.businessId, entry.file).toBe(entry.keep[1]);
      }
    }
  });

  it('leaves the fields of the seeds as they were before redaction named people, and removes their contacts', () => {
    for (const [name, { fields, people }] of Object.entries(seeds)) {
      const record = extractFile(join(SEEDS_DIR, name));

      expect(record, name).toMatchObject(fields);
      expect(leaksIn(JSON.stringify(record), needlesOf(people)), name).toEqual([]);
    }
  });

  it('has a corpus of at least 40 documents in three languages and several formats', () => {
    const files = readdirSync(CORPUS).filter((f) => !/\.(json|ts)$/.test(f));

    expect(files.sort()).toEqual(manifest.map((e) => e.file).sort());
    expect(manifest.length).toBeGreaterThanOrEqual(40);
    expect(new Set(manifest.map((e) => e.language))).toEqual(new Set(['fi', 'sv', 'en']));
    expect(new Set(manifest.map((e) => e.file.split('.').at(-1)))).toEqual(
      new Set(['txt', 'docx', 'xlsx', 'html', 'pdf']),
    );
  });
});

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
