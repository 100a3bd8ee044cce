import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryDeps } from '../../shared/api/queries.ts';
import { ROUTES } from '../../shared/api/routes.ts';
import { queryEvent } from '../../shared/cli/query-command.ts';
import { createApiHandler } from '../../shared/lambda/http.ts';
import { localContext } from '../../shared/local/lambda-context.ts';
import { ingestMessage } from '../../shared/pipeline/ingest.ts';
import { ensureBucket } from '../../shared/storage/provision.ts';
import { setFinalReport } from '../../shared/storage/report-store.ts';
import { seedPath } from '../helpers/fixtures.ts';
import {
  freshStore,
  putObject,
  s3EventBody,
  startTestServices,
  type TestServices,
} from '../helpers/services.ts';

let services: TestServices;
let store: Awaited<ReturnType<typeof freshStore>>;
let api: ReturnType<typeof createApiHandler>;
let errors: string[];

const REGIONS = ['Keski-Suomi', 'Pirkanmaa', 'Lappi', 'Uusimaa'];
const FUNDS = ['ERDF', 'ESF'];

/** A EURA description of project `code` in a region and fund, with its own realised jobs. */
function euraVariant(code: string, region: string, fund: string, jobs: number): string {
  return readFileSync(seedPath('004_'), 'utf8')
    .replace('A77892', code)
    .replace('Maakunnat: Keski-Suomi', `Maakunnat: ${region}`)
    .replace(
      'Euroopan aluekehitysrahaston (EAKR)',
      fund === 'ESF' ? 'Euroopan sosiaalirahaston (ESR)' : 'Euroopan aluekehitysrahaston (EAKR)',
    )
    .replace(
      'Toteutunut seurantatietojen mukaan: 3.70',
      `Toteutunut seurantatietojen mukaan: ${jobs.toFixed(2)}`,
    );
}

async function get(path: string, params: string[] = [], headers: Record<string, string> = {}) {
  const event = queryEvent(path, params, 'json');
  event.headers = { ...event.headers, ...headers };
  const result = await api(event, localContext('query'));
  return { ...result, json: () => JSON.parse(result.body ?? 'null') };
}

beforeAll(async () => {
  services = await startTestServices();
  store = await freshStore(services);
  await ensureBucket(services.s3, `${store.bucket}-out`);
  const deps: QueryDeps = {
    ddb: services.ddb,
    s3: services.s3,
    table: store.table,
    inboxBucket: store.bucket,
    outboxBucket: `${store.bucket}-out`,
    urlSeconds: 120,
  };
  errors = [];
  api = createApiHandler(ROUTES, deps, (message) => errors.push(message));
  const uploads: Promise<unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const code = `A${String(80000 + i)}`;
    const body = euraVariant(code, REGIONS[i % 4] ?? '', FUNDS[i % 2] ?? '', i / 2);
    uploads.push(
      putObject(services.s3, store.bucket, `incoming/${code}.txt`, body).then((object) =>
        ingestMessage(
          s3EventBody(store.bucket, object, `2026-02-01T10:00:${String(i).padStart(2, '0')}.000Z`),
          code,
          store.deps,
        ),
      ),
    );
  }
  for (const prefix of ['000_', '003_']) {
    const object = await putObject(
      services.s3,
      store.bucket,
      `incoming/${prefix}.txt`,
      readFileSync(seedPath(prefix)),
    );
    uploads.push(
      ingestMessage(
        s3EventBody(store.bucket, object, '2026-02-02T10:00:00.000Z'),
        prefix,
        store.deps,
      ),
    );
  }
  await Promise.all(uploads);
}, 180_000);

afterAll(async () => {
  await services?.stop();
});

describe('the query API against DynamoDB Local', () => {
  it('lists projects page by page with an opaque cursor', async () => {
    const first = await get('/projects', ['limit=25']);
    const second = await get('/projects', ['limit=25', `cursor=${first.json().cursor}`]);
    const third = await get('/projects', ['limit=25', `cursor=${second.json().cursor}`]);

    const ids = [...first.json().items, ...second.json().items, ...third.json().items].map(
      (p: { projectId: string }) => p.projectId,
    );
    expect(first.statusCode).toBe(200);
    expect(new Set(ids).size).toBe(61);
    expect(third.json().cursor).toBeUndefined();
  });

  it('filters projects by fund and region', async () => {
    const response = await get('/projects', ['fund=ESF', 'region=Pirkanmaa', 'limit=500']);

    const items = response.json().items as Array<{ fund: string; region: string }>;
    expect(items.length).toBe(15);
    expect(items.every((p) => p.fund === 'ESF' && p.region === 'Pirkanmaa')).toBe(true);
  });

  it('answers a project, its versions and a full version with provenance and checks', async () => {
    const project = (await get('/projects/A80004')).json();
    const versions = (await get('/projects/A80004/reports')).json();
    const version = (await get(`/projects/A80004/reports/${project.latestVersion}`)).json();

    expect(project).toMatchObject({ projectId: 'A80004', fund: 'ERDF', region: 'Keski-Suomi' });
    expect(versions.items).toEqual([
      expect.objectContaining({ version: project.latestVersion, latest: true }),
    ]);
    expect(version.record.indicators.jobsCreated.realised).toBe(2);
    expect(version.record.provenance['indicators.jobsCreated.realised'].line).toBe(109);
    expect(version.record.checks.map((c: { id: string }) => c.id)).toContain('jobs-not-collected');
  });

  it('aggregates one indicator by region from one partition, with contributing versions and EU codes', async () => {
    const response = await get('/indicators/indicators.jobsCreated.realised', [
      'fund=ERDF',
      'groupBy=region',
    ]);

    const body = response.json();
    expect(body.groups.map((g: { group: string }) => g.group)).toEqual(['Keski-Suomi', 'Lappi']);
    const keski = body.groups[0];
    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i % 4 === 0)
      .map((i) => i / 2);
    expect(keski.count).toBe(expected.length);
    expect(keski.sum).toBe(expected.reduce((a, b) => a + b, 0));
    expect(keski.min).toBe(0);
    expect(keski.max).toBe(28);
    expect(keski.contributions).toEqual([]);
    expect(body.euCodes.map((c: { code: string }) => c.code)).toEqual(['CO08', 'RCR01']);
    const csv = (
      await get('/indicators/indicators.jobsCreated.realised', [
        'fund=ERDF',
        'groupBy=region',
        'format=csv',
      ])
    ).body;
    expect(csv?.split('\r\n')[1]).toMatch(/^Keski-Suomi,15,210,0,28,/);
  });

  it('lists check findings across reports by severity', async () => {
    const response = await get('/checks', ['severity=warning', 'limit=500']);

    const items = response.json().items as Array<{ id: string; projectId: string }>;
    expect(items.filter((f) => f.id === 'jobs-not-collected').length).toBeGreaterThan(50);
  });

  it('lists awards of grant decisions and filters them by amount', async () => {
    const all = (await get('/awards', ['limit=500'])).json().items;
    const large = (await get('/awards', ['limit=500', 'minAmount=500000'])).json().items;

    expect(all).toHaveLength(24);
    const amounts = large.map((a: { amount: number }) => a.amount) as number[];
    expect(amounts.sort((a, b) => a - b)).toEqual([
      500000, 518500, 563567, 604350, 799000, 1210000,
    ]);
  });

  it('answers the audit log of a project', async () => {
    const response = await get('/audit-log', ['project=A80000']);

    expect(
      response
        .json()
        .items.map((e: { action: string }) => e.action)
        .sort(),
    ).toEqual(['extracted', 'uploaded']);
  });

  it('exports every list as RFC 4180 CSV and as XLSX', async () => {
    const csv = await get('/projects', ['fund=ESF', 'region=Uusimaa', 'format=csv']);
    const viaAccept = await get('/checks', ['severity=warning'], { accept: 'text/csv' });
    const xlsx = await get('/projects', ['limit=5', 'format=xlsx']);

    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body?.startsWith('\ufeff')).toBe(true);
    const lines = (csv.body ?? '').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'projectId,code,name,kind,fund,region,managingAuthority,programmingPeriod,status,language,latestVersion',
    );
    expect(lines.filter(Boolean)).toHaveLength(16);
    expect(viaAccept.body?.startsWith('\ufeffreceivedAt,projectId,kind')).toBe(true);
    expect(xlsx.isBase64Encoded).toBe(true);
    const workbook = XLSX.read(Buffer.from(xlsx.body ?? '', 'base64'));
    const sheet = workbook.Sheets[workbook.SheetNames[0] ?? ''] as XLSX.WorkSheet;
    const table = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
    expect(table[0]?.[0]).toBe('projectId');
    // limit=5 is a page of the JSON answer; an export is the whole list, every page followed.
    const firstPage = (await get('/projects', ['limit=5'])).json();
    expect(firstPage.items).toHaveLength(5);
    expect(firstPage.cursor).toEqual(expect.any(String));
    const all = [];
    let cursor: string | undefined;
    do {
      const page = (
        await get('/projects', ['limit=7', ...(cursor ? [`cursor=${cursor}`] : [])])
      ).json();
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    expect(table).toHaveLength(all.length + 1);
    expect(
      table
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual(all.map((p: { projectId: string }) => p.projectId).sort());
  });

  it('gives a presigned link to the final report and a presigned upload URL', async () => {
    const project = (await get('/projects/A80001')).json();
    await setFinalReport(
      services.ddb,
      store.table,
      project.latestVersion,
      'fi',
      'final-reports/x/A80001/v.fi.pdf',
    );

    const report = (await get('/projects/A80001/final-report')).json();
    const missing = await get('/projects/A80002/final-report');
    const upload = await api(
      {
        ...queryEvent('/uploads', [], 'json'),
        body: JSON.stringify({ fileName: 'loppuraportti.txt' }),
        requestContext: {
          ...queryEvent('/uploads', [], 'json').requestContext,
          http: {
            method: 'POST',
            path: '/uploads',
            protocol: 'HTTP/1.1',
            sourceIp: '127.0.0.1',
            userAgent: 't',
          },
        },
      },
      localContext('query'),
    );

    expect(report.url).toContain('final-reports/x/A80001/v.fi.pdf');
    expect(report.url).toContain('X-Amz-Signature=');
    expect(missing.statusCode).toBe(404);
    expect(upload.statusCode).toBe(201);
    expect(JSON.parse(upload.body ?? '{}')).toMatchObject({
      method: 'PUT',
      key: expect.stringMatching(/^incoming\/uploads\/[0-9a-f-]+\/loppuraportti\.txt$/),
    });
  });

  it('answers 405 with Allow for a method the path does not take, and 413 for a body over 1 MB', async () => {
    const asMethod = (method: string, path: string, body?: string) => {
      const event = queryEvent(path, [], 'json');
      return api(
        {
          ...event,
          ...(body === undefined ? {} : { body }),
          requestContext: {
            ...event.requestContext,
            http: { ...event.requestContext.http, method },
          },
        },
        localContext('query'),
      );
    };

    const deleted = await asMethod('DELETE', '/projects/A80001');
    const huge = await asMethod(
      'POST',
      '/uploads',
      JSON.stringify({ fileName: 'x'.repeat(1_100_000) }),
    );
    const unknown = await asMethod('GET', '/no-such-route');

    expect(deleted.statusCode).toBe(405);
    expect(deleted.headers?.allow).toBe('GET');
    expect(JSON.parse(deleted.body ?? '{}').message).toContain('DELETE /projects/A80001');
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body ?? '{}').message).toMatch(/limit is 1048576 bytes/);
    expect(unknown.statusCode).toBe(404);
  });

  it.each([
    ['/projects', ['fund=XYZ'], 'query.fund:'],
    ['/projects', ['limit=900'], 'query.limit:'],
    ['/projects', ['cursor=abc'], 'cursor:'],
    ['/indicators/indicators.nonsense', [], 'path.path: expected one of'],
    ['/projects/A80001/reports/not-a-sha', [], 'path.version: expected the sha256'],
    ['/audit-log', [], 'query.project:'],
    ['/projects/A80001', ['format=csv'], 'format csv: only lists can be exported'],
  ])('answers 400 with a precise message for %s %s', async (path, params, message) => {
    const response = await get(path, params);

    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(message);
    expect(response.body).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it.each([
    '/projects/NOPE',
    '/projects/NOPE/reports',
    `/projects/A80001/reports/${'0'.repeat(64)}`,
    '/no/such/route',
  ])('answers 404 for %s', async (path) => {
    const response = await get(path);

    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBeTruthy();
  });

  it('serves an OpenAPI 3.1 document generated from the schemas', async () => {
    const doc = (await get('/openapi.json')).json();

    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/projects', '/indicators/{path}', '/uploads']),
    );
    const fund = doc.paths['/projects'].get.parameters.find(
      (p: { name: string }) => p.name === 'fund',
    );
    expect(fund.schema.enum).toContain('ESF+');
  });

  it('returns no personal contact data', async () => {
    const project = (await get('/projects/A80001')).json();
    const version = await get(`/projects/A80001/reports/${project.latestVersion}`);

    expect(version.body).not.toMatch(/Honkanen|@viitasaari|\(at\)|459 7301/);
    expect(errors).toEqual([]);
  });
});
