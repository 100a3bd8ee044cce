import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.ts';
import {
  closedPorts,
  commandLine,
  isAlive,
  type Listener,
  listeners,
  processTree,
  start,
  waitUntil,
} from '../helpers/processes.ts';

const run = promisify(execFile);
const epm = (...args: string[]) => run(process.execPath, ['bin/epm.js', ...args], { cwd: ROOT });

let data: string;
let serve: ChildProcess | undefined;
const QUERIES = [
  ['/projects'],
  ['/indicators/indicators.jobsCreated.realised', 'groupBy=region', '--format', 'csv'],
  ['/projects/NO-SUCH-PROJECT'],
];
const cold = new Map<string, { code: number; stdout: string; stderr: string }>();

async function query(args: string[]) {
  try {
    const { stdout, stderr } = await epm('query', ...args, '--data', data);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'epm-serve-'));
  await epm('run', '--data', data, 'seeds');
  for (const args of QUERIES) cold.set(args.join(' '), await query(args));
}, 400_000);

afterAll(() => {
  if (serve?.exitCode === null) serve.kill('SIGKILL');
  rmSync(data, { recursive: true, force: true });
});

describe('epm query without a running epm serve', () => {
  it('starts the store itself and answers', () => {
    const projects = cold.get('/projects');

    expect(projects?.code).toBe(0);
    expect(projects?.stderr).not.toContain('epm serve');
    expect(
      JSON.parse(projects?.stdout ?? '').items.map((p: { projectId: string }) => p.projectId),
    ).toContain('A77892');
    expect(cold.get('/projects/NO-SUCH-PROJECT')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^epm: 404 /),
    });
  });

  it('ignores a serve.json left behind by a serve that is gone', async () => {
    const state = join(data, 'serve.json');
    writeFileSync(
      state,
      JSON.stringify({ url: 'http://127.0.0.1:9', pid: 2 ** 22 + 7, token: 't' }),
    );

    const answer = await query(['/projects']);

    rmSync(state);
    expect(answer).toEqual(cold.get('/projects'));
  });
});

describe('epm serve', () => {
  let tree: number[] = [];
  let open: Listener[] = [];
  let statePath = '';

  beforeAll(async () => {
    const started = start(process.execPath, ['bin/epm.js', 'serve', '--data', data, '--port', '0']);
    serve = started.child;
    statePath = join(data, 'serve.json');
    if (!(await waitUntil(() => existsSync(statePath), 100_000, 200)))
      throw new Error(`epm serve did not start:\n${started.stderr()}`);
    tree = processTree(serve.pid ?? 0);
    open = listeners(tree);
  });

  it('listens on the loopback interface only: DynamoDB Local, the S3 emulator and the API', () => {
    const java = tree.find((pid) => commandLine(pid).includes('DynamoDbLoopback'));
    const { url } = JSON.parse(readFileSync(statePath, 'utf8')) as { url: string };

    expect(java).toBeDefined();
    expect(open.filter((l) => l.pid === java)).toHaveLength(1);
    expect(open.filter((l) => l.pid === serve?.pid).map((l) => l.port)).toContain(
      Number(new URL(url).port),
    );
    expect(open.length).toBeGreaterThanOrEqual(3);
    for (const listener of open) {
      expect(['127.0.0.1', '::1', '::ffff:127.0.0.1']).toContain(listener.address);
    }
  });

  it('leaves its address and token in serve.json, readable by its owner only', () => {
    const state = JSON.parse(readFileSync(statePath, 'utf8'));

    expect(statSync(statePath).mode & 0o777).toBe(0o600);
    expect(state).toMatchObject({
      pid: serve?.pid,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('answers epm query with what the store gives without it, and epm query says so', async () => {
    for (const args of QUERIES) {
      const answer = await query(args);

      expect(answer.stderr).toMatch(
        /^epm: asked the running epm serve on http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)\n/,
      );
      expect({ ...answer, stderr: answer.stderr.split('\n').slice(1).join('\n') }).toEqual(
        cold.get(args.join(' ')),
      );
    }
  });

  it('refuses a second epm serve, or an epm run, on the same data folder, naming the serve', async () => {
    const [second, run] = await Promise.allSettled([
      epm('serve', '--data', data, '--port', '0'),
      epm('run', '--data', data, 'seeds'),
    ]);

    expect(second).toMatchObject({
      status: 'rejected',
      reason: { code: 2, stderr: expect.stringContaining('already running') },
    });
    expect(run).toMatchObject({
      status: 'rejected',
      reason: {
        code: 1,
        stderr: expect.stringMatching(
          /^epm: epm serve \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) is using .*; stop it first, or give 'epm run' another folder with --data DIR\n$/,
        ),
      },
    });
  });

  it('stops on SIGTERM, closing its ports and removing serve.json', async () => {
    const ports = open.map((l) => l.port);

    serve?.kill('SIGTERM');

    expect(await waitUntil(() => closedPorts(ports).length === ports.length, 15_000)).toBe(true);
    expect(await waitUntil(() => tree.every((pid) => !isAlive(pid)), 10_000)).toBe(true);
    expect(existsSync(statePath)).toBe(false);
  });
});
