import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runExtract } from '../../../shared/cli/extract-command.ts';
import { ReportRecordSchema } from '../../../shared/schemas/report-record.ts';
import { ROOT, SEEDS_DIR, seedPath } from '../../helpers/fixtures.ts';

const run = promisify(execFile);

async function capture(args: Parameters<typeof runExtract>[0]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExtract(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('runExtract', () => {
  it('prints one valid record per line, in argument order, for --json', async () => {
    const paths = [seedPath('004_'), seedPath('000_'), seedPath('003_')];

    const { code, out, err } = await capture({ paths, json: true });

    const records = out.split('\n').map((line) => ReportRecordSchema.parse(JSON.parse(line)));
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(records.map((r) => r.kind)).toEqual([
      'project-description',
      'project-page',
      'grant-decisions',
    ]);
  });

  it('prints a summary table for a folder', async () => {
    const { code, out } = await capture({ paths: [SEEDS_DIR], json: false });

    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^file\s+kind\s+lang\s+project\s+key figures\s+checks$/);
    expect(out).toContain('A77892 Digikeskus');
    expect(out).toContain('24 awards, €8,623,231');
  });

  it('gives a record with a check and exit code 2 for a file over the size limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epm-'));
    const path = join(dir, 'big.txt');
    writeFileSync(path, 'x'.repeat(2048));

    const { code, out } = await capture({ paths: [path], json: true, maxBytes: 1024 });

    const record = ReportRecordSchema.parse(JSON.parse(out));
    expect(code).toBe(2);
    expect(record.checks[0]).toMatchObject({ id: 'document-too-large', severity: 'error' });
    expect(record.checks[0]?.message).toContain('2048 bytes');
    expect(record.source.bytes).toBe(2048);
  });

  it('reports a missing file on stderr with exit code 2 and goes on with the rest', async () => {
    const { code, out, err } = await capture({
      paths: ['no/such/file.txt', seedPath('002_')],
      json: true,
    });

    expect(code).toBe(2);
    expect(err).toBe('epm: no/such/file.txt: no such file');
    expect(JSON.parse(out).kind).toBe('funding-call');
  });
});

describe('epm extract (process)', () => {
  it('runs through npm with JSON Lines only on stdout', async () => {
    const { stdout } = await run(
      'npm',
      ['run', '--silent', 'epm', '--', 'extract', '--json', seedPath('001_'), seedPath('002_')],
      { cwd: ROOT },
    );

    const kinds = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).kind);
    expect(kinds).toEqual(['research-project', 'funding-call']);
  });

  it('exits 2 without a stack trace for an unreadable file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'epm-'));
    const path = join(dir, 'image.png');
    writeFileSync(path, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));

    const result = await run('node', ['bin/epm.js', 'extract', '--json', path], { cwd: ROOT }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(JSON.parse(result.stdout).checks[0].message).toContain('PNG image');
  });
});
