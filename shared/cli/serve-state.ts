import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';

/** What a running `epm serve` leaves in its data folder for `epm query` to find it. */
export interface ServeState {
  url: string;
  pid: number;
  token: string;
  dataDir: string;
}

export function serveStatePath(dataDir: string): string {
  return join(resolve(dataDir), 'serve.json');
}

/** Writes the state file, readable by its owner only (it holds the API token). */
export function writeServeState(state: ServeState): string {
  const path = serveStatePath(state.dataDir);
  rmSync(path, { force: true });
  writeFileSync(path, `${JSON.stringify(state)}\n`, { mode: 0o600, flag: 'wx' });
  return path;
}

/** Removes the state file if it is still this process's (a later serve may have replaced it). */
export function removeServeState(dataDir: string, pid = process.pid): void {
  if (readServeState(dataDir)?.pid === pid) rmSync(serveStatePath(dataDir), { force: true });
}

export function readServeState(dataDir: string): ServeState | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(serveStatePath(dataDir), 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { url, pid, token } = value as Record<string, unknown>;
    if (typeof url !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) return undefined;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    if (typeof token !== 'string' || token === '') return undefined;
    return { url, pid, token, dataDir: resolve(dataDir) };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH, or EPERM: another user's process under a reused pid, so not a serve of ours.
    return false;
  }
}

/** The state of an `epm serve` on this data folder whose process is alive, if there is one. */
export function findServe(dataDir: string): ServeState | undefined {
  const state = readServeState(dataDir);
  return state && isAlive(state.pid) ? state : undefined;
}

/**
 * Throws while an `epm serve` holds this data folder: a second DynamoDB Local on the same files
 * would not see the first one's writes, and the serve would not see this command's uploads.
 */
export function ensureNotServed(dataDir: string, command: string): void {
  const serve = findServe(dataDir);
  if (serve) {
    throw new Error(
      `epm serve (pid ${serve.pid}, ${serve.url}) is using ${serve.dataDir}; stop it first, or give 'epm ${command}' another folder with --data DIR`,
    );
  }
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * A GET of `path` with the serve's token; undefined when nothing answers there (a serve that
 * was killed, its port not yet reused or taken by something else that does not speak HTTP).
 */
export function askServe(
  state: ServeState,
  path: string,
  timeoutMs = 5000,
): Promise<HttpAnswer | undefined> {
  return new Promise((done) => {
    const req = request(
      `${state.url}${path}`,
      {
        method: 'GET',
        headers: { authorization: `Bearer ${state.token}`, accept: 'application/json' },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          done({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', () => done(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(undefined));
    req.end();
  });
}
