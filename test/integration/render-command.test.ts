import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalRuntime } from '../../shared/local/runtime.ts';
import { uploadFiles } from '../../shared/storage/upload.ts';
import { ROOT, seedPath } from '../helpers/fixtures.ts';
import { pdfInfo, pdfText, scratch } from '../helpers/pdf-tools.ts';

const exec = promisify(execFile);
const work = scratch('epm-render-cli-');

afterAll(() => work.drop());

function epm(args: string[], env: Record<string, string> = {}) {
  return exec('node', ['bin/epm.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('epm render', () => {
  it('renders a document file straight away, the same bytes for the same --generated-at', async () => {
    const out = join(work.dir, 'eura.en.pdf');
    const args = ['render', seedPath('004_'), '--lang', 'en', '--out', out];

    const first = await epm([...args, '--generated-at', '2026-01-05T10:00:00Z']);
    const bytes = readFileSync(out);
    await epm([...args, '--generated-at', '2026-01-05T10:00:00Z']);

    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`epm: wrote ${out} (project-description, en,`);
    expect(pdfInfo(out).Title).toBe('Final report: Digikeskus (A77892)');
    expect(readFileSync(out).equals(bytes)).toBe(true);
  });

  it("writes in the managing authority's configured language by default", async () => {
    const out = join(work.dir, 'eura.pdf');

    await epm(['render', seedPath('004_'), '--out', out], {
      AUTHORITY_LANGUAGES: '{"Pirkanmaan liitto":"sv"}',
    });

    expect(pdfInfo(out).Title).toBe('Slutrapport: Digikeskus (A77892)');
  });

  it('gives a document of no known kind a short page saying nothing was extracted', async () => {
    const doc = work.write('note.txt', Buffer.from('Lunch menu: soup, bread and coffee.\n'));
    const out = join(work.dir, 'note.pdf');

    const result = await epm(['render', doc, '--lang', 'en', '--out', out]);

    expect(result.code).toBe(0);
    expect(pdfText(out)).toContain('Nothing was extracted');
    expect(pdfInfo(out).Pages).toBe('1');
  });

  it("renders a project's latest version from the local store, says when there is none, and a later run adds the stream", async () => {
    const data = join(work.dir, 'data');
    const runtime = await startLocalRuntime({ dataDir: data, renderFinalReports: false });
    await uploadFiles(runtime.s3, runtime.inboxBucket, [
      { path: seedPath('004_'), key: 'incoming/004.txt' },
    ]);
    await runtime.queue.drained();
    await runtime.stop();
    const out = join(work.dir, 'store.pdf');

    const found = await epm(['render', 'A77892', '--data', data, '--out', out]);
    const missing = await epm(['render', 'B00000', '--data', data]);

    expect(found.code).toBe(0);
    expect(pdfInfo(out).Title).toBe('Loppuraportti: Digikeskus (A77892)');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`epm: no project or report version B00000 in ${data}`);

    const upgraded = await epm(['run', '--verbose', '--data', data, seedPath('002_')]);

    expect(upgraded.stderr).toMatch(
      /epm: final report ready \(sv\): s3:\/\/epm-outbox\/final-reports\/unassigned\/DOC-/,
    );
  });

  it('refuses a language it does not write', async () => {
    const result = await epm(['render', seedPath('004_'), '--lang', 'de']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('epm render PROJECT|FILE');
  });
});
