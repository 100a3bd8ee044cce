import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.ts';
import {
  closedPorts,
  commandLine,
  isAlive,
  listeners,
  processTree,
  start,
  waitUntil,
} from '../helpers/processes.ts';

const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const dirs: string[] = [];
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Serving {
  outer: ChildProcess;
  /** The process running bin/epm.ts (the one that wrote serve.json). */
  epm: number;
  java: number;
  ports: number[];
  statePath: string;
  exit: Promise<number | null>;
}

/** `epm serve` on an empty data folder, started the way given, once it answers. */
async function serve(how: 'tsx' | 'npm'): Promise<Serving> {
  const data = mkdtempSync(join(tmpdir(), `epm-signals-${how}-`));
  dirs.push(data);
  const args = ['serve', '--data', data, '--port', '0'];
  const { child, stderr } =
    how === 'tsx'
      ? start(process.execPath, [TSX_CLI, 'bin/epm.ts', ...args])
      : start('npm', ['run', '--silent', 'epm', '--', ...args]);
  started.push(child);
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const statePath = join(data, 'serve.json');
  const ready = await waitUntil(() => existsSync(statePath), 100_000, 200);
  if (!ready) throw new Error(`epm serve did not start:\n${stderr()}`);
  const epm = (JSON.parse(readFileSync(statePath, 'utf8')) as { pid: number }).pid;
  const tree = processTree(child.pid ?? 0);
  const java = tree.find((pid) => commandLine(pid).includes('DynamoDbLoopback')) ?? 0;
  const ports = listeners(tree).map((l) => l.port);
  return { outer: child, epm, java, ports, statePath, exit };
}

async function expectAllStopped(serving: Serving) {
  expect(await waitUntil(() => !isAlive(serving.java), 10_000)).toBe(true);
  expect(
    await waitUntil(() => closedPorts(serving.ports).length === serving.ports.length, 10_000),
  ).toBe(true);
  expect(await waitUntil(() => !isAlive(serving.epm), 10_000)).toBe(true);
}

describe('epm serve under signals', () => {
  it('stops everything when the tsx wrapper gets SIGTERM, and removes serve.json', async () => {
    const serving = await serve('tsx');
    expect(serving.java).toBeGreaterThan(0);
    expect(serving.epm).not.toBe(serving.outer.pid);
    expect(serving.ports.length).toBeGreaterThanOrEqual(3);

    serving.outer.kill('SIGTERM');

    await expectAllStopped(serving);
    expect(await serving.exit).toBe(143);
    expect(existsSync(serving.statePath)).toBe(false);
  });

  it('stops everything when the tsx wrapper gets SIGINT', async () => {
    const serving = await serve('tsx');

    serving.outer.kill('SIGINT');

    await expectAllStopped(serving);
    expect(await serving.exit).toBe(130);
    expect(existsSync(serving.statePath)).toBe(false);
  });

  it('stops everything when the epm process itself gets SIGTERM', async () => {
    const serving = await serve('tsx');

    process.kill(serving.epm, 'SIGTERM');

    await expectAllStopped(serving);
    expect(existsSync(serving.statePath)).toBe(false);
  });

  it('stops everything when the tsx wrapper is killed outright (SIGKILL)', async () => {
    const serving = await serve('tsx');

    serving.outer.kill('SIGKILL');

    await expectAllStopped(serving);
    expect(existsSync(serving.statePath)).toBe(false);
  });

  it('stops Java when the epm process is killed outright (SIGKILL), by its watchdog', async () => {
    const serving = await serve('tsx');

    process.kill(serving.epm, 'SIGKILL');

    await expectAllStopped(serving);
  });

  it('stops everything when npm, running the epm script, gets SIGTERM', async () => {
    const serving = await serve('npm');

    serving.outer.kill('SIGTERM');

    await expectAllStopped(serving);
    expect(existsSync(serving.statePath)).toBe(false);
  });
});
