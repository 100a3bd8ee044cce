import { rmSync, writeFileSync } from 'node:fs';
import { findServe, readServeState, type ServeState, serveStatePath } from './serve-client.js';

export { findServe, readServeState, type ServeState, serveStatePath };

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
