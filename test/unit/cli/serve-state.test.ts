import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  findServe,
  readServeState,
  removeServeState,
  serveStatePath,
  writeServeState,
} from '../../../shared/cli/serve-state.ts';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'epm-state-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('serve state', () => {
  it('is written for its owner only and read back', () => {
    const dir = dataDir();
    const state = { url: 'http://127.0.0.1:8787', pid: process.pid, token: 'secret', dataDir: dir };

    const path = writeServeState(state);

    expect(path).toBe(serveStatePath(dir));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readServeState(dir)).toEqual(state);
    expect(findServe(dir)).toEqual(state);
  });

  it('is not found when its process is gone', () => {
    const dir = dataDir();
    writeServeState({ url: 'http://127.0.0.1:1', pid: 2 ** 22 + 7, token: 't', dataDir: dir });

    expect(readServeState(dir)?.pid).toBe(2 ** 22 + 7);
    expect(findServe(dir)).toBeUndefined();
  });

  it('is ignored when it points anywhere but the loopback interface, or is not JSON', () => {
    const dir = dataDir();
    const path = serveStatePath(dir);

    writeFileSync(
      path,
      JSON.stringify({ url: 'http://10.0.0.1:80', pid: process.pid, token: 't' }),
    );
    expect(readServeState(dir)).toBeUndefined();
    writeFileSync(path, '{');
    expect(readServeState(dir)).toBeUndefined();
  });

  it('is removed only by the process that wrote it', () => {
    const dir = dataDir();
    writeServeState({ url: 'http://127.0.0.1:1', pid: process.pid, token: 't', dataDir: dir });

    removeServeState(dir, process.pid + 1);
    expect(readServeState(dir)).toBeDefined();
    removeServeState(dir);
    expect(readServeState(dir)).toBeUndefined();
  });
});
