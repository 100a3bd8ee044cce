import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type LocalRuntime, startLocalRuntime } from '../local/runtime.ts';
import { type ApiServer, startApiServer } from '../local/server.ts';
import type { CommandIo } from './extract-command.ts';

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
    dashboardDir: DASHBOARD_DIR,
    ...(options.port === undefined ? {} : { port: options.port }),
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

/** `epm serve`: runs until interrupted. */
export async function runServe(
  args: { dataDir: string; port?: number; token?: string },
  io: CommandIo,
): Promise<number> {
  const serving = await startServing(args);
  io.err(`epm: dashboard  ${serving.url}/#token=${serving.token}`);
  io.err(`epm: API        ${serving.url}  (Authorization: Bearer ${serving.token})`);
  io.err(`epm: OpenAPI    ${serving.url}/openapi.json`);
  io.err('epm: uploads to the inbox are processed as they arrive; Ctrl-C stops everything');
  await new Promise<void>(() => undefined);
  return 0;
}
