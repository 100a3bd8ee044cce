import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type LocalRuntime, startLocalRuntime } from '../local/runtime.ts';
import { type ApiServer, startApiServer } from '../local/server.ts';
import { onShutdown } from '../local/services.ts';
import type { CommandIo } from './extract-command.ts';
import { findServe, removeServeState, serveStatePath, writeServeState } from './serve-state.ts';

export const DASHBOARD_DIR = join(import.meta.dirname, '..', 'dashboard');

export interface Serving {
  url: string;
  token: string;
  runtime: LocalRuntime;
  server: ApiServer;
  stop(): Promise<void>;
}

/** The local pipeline plus the query API and dashboard on 127.0.0.1. */
export async function startServing(options: {
  dataDir: string;
  port?: number;
  token?: string;
}): Promise<Serving> {
  const runtime = await startLocalRuntime({ dataDir: options.dataDir, logLevel: 'INFO' });
  const { handler } = await import('../../functions/query/handler.ts');
  const token = options.token ?? randomBytes(18).toString('base64url');
  const server = await startApiServer({
    handler,
    token,
    dataDir: runtime.dataDir,
    dashboardDir: DASHBOARD_DIR,
    ...(options.port === undefined ? {} : { port: options.port }),
  }).catch(async (error: unknown) => {
    await runtime.stop();
    throw error;
  });
  return {
    url: server.url,
    token,
    runtime,
    server,
    async stop() {
      await server.close();
      await runtime.stop();
    },
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** Says what to do when `epm serve` cannot listen on the port asked for. */
function explainListenError(error: unknown, port: number | undefined): unknown {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    return new Error(
      `port ${port} on 127.0.0.1 is in use by another program; stop it, or choose another port with 'epm serve --port N' (0 picks a free one)`,
      { cause: error },
    );
  return error;
}

/**
 * `epm serve`: runs until interrupted. While it runs, `serve.json` in the data folder (owner
 * only) tells `epm query` where it is, so that a query needs no store of its own.
 */
export async function runServe(
  args: { dataDir: string; port?: number; token?: string },
  io: CommandIo,
): Promise<number> {
  const other = findServe(args.dataDir);
  if (other) {
    io.err(
      `epm: epm serve is already running on ${other.url} for ${other.dataDir} (pid ${other.pid}); stop it first, or serve another data folder with --data DIR`,
    );
    return 2;
  }
  if (args.port && !(await portIsFree(args.port))) {
    throw explainListenError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }), args.port);
  }
  const serving = await startServing(args).catch((error: unknown) => {
    throw explainListenError(error, args.port);
  });
  const dataDir = serving.runtime.dataDir;
  writeServeState({ url: serving.url, pid: process.pid, token: serving.token, dataDir });
  const forget = () => removeServeState(dataDir);
  process.on('exit', forget);
  onShutdown(async () => {
    forget();
    await serving.stop();
  });
  io.err(`epm: dashboard  ${serving.url}/#token=${serving.token}`);
  io.err(`epm: API        ${serving.url}  (Authorization: Bearer ${serving.token})`);
  io.err(
    "epm: that token is the built-in user 'local' (reviewer); users of 'epm users add' sign in with their own",
  );
  io.err(`epm: OpenAPI    ${serving.url}/openapi.json`);
  io.err(`epm: 'epm query' asks this server while it runs (${serveStatePath(dataDir)})`);
  io.err('epm: uploads to the inbox are processed as they arrive; Ctrl-C stops everything');
  await new Promise<void>(() => undefined);
  return 0;
}
