import { execFile, execFileSync, spawn } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localS3Client, startS3Emulator } from '../../shared/local/services.ts';
import { ROOT, SEEDS_DIR } from '../helpers/fixtures.ts';

const run = promisify(execFile);
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function javaProcessesUsing(path: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(path));
}

describe('epm run', () => {
  it('runs the pipeline on the seeds, prints one line per document, copies the final reports with --out, extracts again on demand and leaves no child process', async () => {
    const data = tempDir('epm-run-');
    const out = join(tempDir('epm-pdfs-'), 'reports');

    const { stdout, stderr } = await run(
      'node',
      ['bin/epm.js', 'run', '--data', data, '--out', out, 'seeds'],
      { cwd: ROOT },
    );

    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toContain(
      `004_c272ed91a4645a04.txt → stored (project-description, A77892, 2 warning) → ${join(out, '004_c272ed91a4645a04.pdf')}`,
    );
    expect(readdirSync(out).sort()).toEqual(
      lines.map((l) => `${l.slice(0, l.indexOf('.txt'))}.pdf`).sort(),
    );
    expect(readFileSync(join(out, '004_c272ed91a4645a04.pdf')).subarray(0, 5).toString()).toBe(
      '%PDF-',
    );
    expect(stderr).not.toContain('final report ready');
    expect(stderr).toContain(`5 uploads: 5 stored; 5 final report(s) in ${out}`);
    expect(javaProcessesUsing(data)).toEqual([]);

    const current = await run('node', ['bin/epm.js', 'reextract', '--data', data], { cwd: ROOT });
    expect(current.stderr).toMatch(/parser [\d.]+, 5 report\(s\): 5 current/);
    const all = await run('node', ['bin/epm.js', 'reextract', '--all', '--data', data], {
      cwd: ROOT,
    });
    expect(all.stdout).toMatch(
      /004_c272ed91a4645a04\.txt\s+project-description\s+A77892\s+unchanged/,
    );
    expect(all.stderr).toMatch(/5 report\(s\): 5 unchanged/);

    const verbose = await run('node', ['bin/epm.js', 'run', '--verbose', '--data', data, 'seeds'], {
      cwd: ROOT,
    });
    expect(verbose.stdout.split('\n')[0]).toMatch(/^file\s+kind\s+project\s+status\s+checks$/);
    expect(verbose.stderr).toContain('epm: starting DynamoDB Local and the S3 emulator');
    expect(verbose.stderr).toMatch(/upload \[#+\] 5\/5 files/);
    expect(javaProcessesUsing(data)).toEqual([]);
  }, 240_000);

  it('stops DynamoDB Local when interrupted with Ctrl-C', async () => {
    const data = tempDir('epm-sigint-');
    const child = spawn('node', ['bin/epm.js', 'run', '--verbose', '--data', data, 'seeds'], {
      cwd: ROOT,
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('starting')) setTimeout(resolve, 2500);
      });
    });

    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(code).toBe(130);
    expect(javaProcessesUsing(data)).toEqual([]);
  });
});

describe('epm errors', () => {
  it('names an unknown option and the help to read', async () => {
    const failed = run('node', ['bin/epm.js', 'run', '--fast'], { cwd: ROOT });

    await expect(failed).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^epm: Unknown option '--fast'\nUsage:\n {2}epm run \[DIR/),
    });
  });

  it('says how to install Java when there is none', async () => {
    const bin = tempDir('epm-no-java-');
    symlinkSync(process.execPath, join(bin, 'node'));

    const failed = run(
      join(bin, 'node'),
      ['bin/epm.js', 'query', '/projects', '--data', tempDir('epm-data-')],
      { cwd: ROOT, env: { ...process.env, PATH: bin } },
    );

    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('apt-get install -y openjdk-17-jre-headless'),
    });
  });

  it('names a port in use and the option to choose another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;

    const failed = run(
      'node',
      ['bin/epm.js', 'serve', '--port', String(port), '--data', tempDir('epm-data-')],
      { cwd: ROOT },
    );

    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`port ${port} on 127.0.0.1 is in use`),
    });
    await expect(failed).rejects.toMatchObject({ stderr: expect.stringContaining('--port N') });
    taken.close();
  });

  it('names a data folder it cannot write and the option to choose another', async () => {
    const file = join(tempDir('epm-data-'), 'a-file');
    writeFileSync(file, '');

    const failed = run('node', ['bin/epm.js', 'run', '--data', join(file, 'data'), 'seeds'], {
      cwd: ROOT,
    });

    await expect(failed).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^epm: cannot write .*a-file\/data.*--data DIR/),
    });
  });
});

describe('epm upload', () => {
  it('uploads a folder to any S3 endpoint under incoming/', async () => {
    const emulator = await startS3Emulator({ directory: tempDir('epm-upload-') });

    const { stdout } = await run(
      'node',
      [
        'bin/epm.js',
        'upload',
        '--endpoint',
        emulator.endpoint,
        '--bucket',
        'upload-test',
        SEEDS_DIR,
      ],
      { cwd: ROOT },
    );

    const s3 = localS3Client(emulator.endpoint);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'upload-test' }));
    expect(listed.Contents?.map((o) => o.Key).sort()).toEqual([
      'incoming/000_75d301da55d631c3.txt',
      'incoming/001_09f5434d39f02c2f.txt',
      'incoming/002_03288a0cfc96fa85.txt',
      'incoming/003_4ee757fe5d664546.txt',
      'incoming/004_c272ed91a4645a04.txt',
    ]);
    expect(stdout.trim().split('\n')).toHaveLength(5);
    s3.destroy();
    await emulator.stop();
  });
});

describe('epm help, version and formats', () => {
  it('prints its version, its usage and one command usage, and names an unknown command', async () => {
    const version = await run('node', ['bin/epm.js', '--version'], { cwd: ROOT });
    const help = await run('node', ['bin/epm.js', '--help'], { cwd: ROOT });
    const extract = await run('node', ['bin/epm.js', 'extract', '--help'], { cwd: ROOT });
    const unknown = run('node', ['bin/epm.js', 'extrakt'], { cwd: ROOT });

    expect(version.stdout.trim()).toMatch(/^epm \d+\.\d+\.\d+$/);
    for (const command of [
      'run',
      'upload',
      'redrive',
      'reextract',
      'serve',
      'query',
      'extract',
      'render',
    ]) {
      expect(help.stdout).toContain(`epm ${command} `);
    }
    expect(extract.stdout).toContain('epm extract');
    expect(extract.stdout).not.toContain('epm render');
    await expect(unknown).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown command 'extrakt'"),
    });
  });

  it('extracts a PDF, a DOCX and an XLSX made by other programs, as JSON Lines', async () => {
    const formats = join(ROOT, 'test', 'fixtures', 'formats');
    const files = [
      'libreoffice/seed-004.pdf',
      'libreoffice/seed-004.docx',
      'sheetjs/seed-004.xlsx',
    ];

    const { stdout } = await run(
      'node',
      ['bin/epm.js', 'extract', '--json', '--no-ocr', ...files.map((f) => join(formats, f))],
      { cwd: ROOT },
    );

    const records = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records.map((r) => [r.source.format, r.project?.code])).toEqual([
      ['pdf', 'A77892'],
      ['docx', 'A77892'],
      ['xlsx', 'A77892'],
    ]);
  });
});
