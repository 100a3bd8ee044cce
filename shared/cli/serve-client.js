// Plain JavaScript, unlike the rest of the CLI: bin/epm.js answers `epm query` through a running
// `epm serve` with it before loading the TypeScript loader, which costs more than the query.
// Its types are in serve-client.d.ts.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export function serveStatePath(dataDir) {
  return join(resolve(dataDir), 'serve.json');
}

export function readServeState(dataDir) {
  try {
    const value = JSON.parse(readFileSync(serveStatePath(dataDir), 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { url, pid, token } = value;
    if (typeof url !== 'string' || !/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) return undefined;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    if (typeof token !== 'string' || token === '') return undefined;
    return { url, pid, token, dataDir: resolve(dataDir) };
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH, or EPERM: another user's process under a reused pid, so not a serve of ours.
    return false;
  }
}

export function findServe(dataDir) {
  const state = readServeState(dataDir);
  return state && isAlive(state.pid) ? state : undefined;
}

export function askServe(state, path, timeoutMs = 5000) {
  return new Promise((done) => {
    const req = request(
      `${state.url}${path}`,
      {
        method: 'GET',
        headers: { authorization: `Bearer ${state.token}`, accept: 'application/json' },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks = [];
        response.on('data', (c) => chunks.push(c));
        response.on('end', () =>
          done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', () => done(undefined));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(undefined));
    req.end();
  });
}

export function querySearch(params, format) {
  const search = new URLSearchParams(params.map((p) => p.split(/=(.*)/s, 2)));
  if (format !== 'json') search.set('format', format);
  return search;
}

export function printAnswer(status, body, format, io) {
  if (status >= 400) {
    let message = body.trim();
    try {
      message = String(JSON.parse(body).message ?? message);
    } catch {
      // Not JSON: the body is the message.
    }
    io.err(`epm: ${status} ${message}`);
    return 2;
  }
  const answer = format === 'json' ? JSON.parse(body) : undefined;
  io.out(format === 'json' ? JSON.stringify(answer, null, 2) : body.trimEnd());
  for (const line of reviewSummary(answer)) io.err(line);
  return 0;
}

function valueAt(record, path) {
  return path
    .split('.')
    .reduce(
      (node, key) => (node !== null && typeof node === 'object' ? node[key] : undefined),
      record,
    );
}

const shown = (value) => (value === undefined ? '–' : JSON.stringify(value));

/**
 * For a report version's answer: each reviewed field's extracted and effective value, with the
 * review's action, who, when and why (on stderr, beside the JSON on stdout).
 */
export function reviewSummary(answer) {
  const review = answer?.review;
  if (!review || !answer.record || !answer.effective) return [];
  const approval = review.approvedBy
    ? `, approved by ${review.approvedBy} at ${review.approvedAt}`
    : '';
  const lines = [`epm: review ${review.status}${approval}`];
  for (const [path, field] of Object.entries(review.fields ?? {})) {
    const why = field.reason ? `: ${field.reason}` : '';
    lines.push(
      `epm:   ${path}  extracted ${shown(valueAt(answer.record, path))}  effective ${shown(valueAt(answer.effective, path))}  (${field.action} by ${field.by} at ${field.at}${why})`,
    );
  }
  return lines;
}

export async function askRunningServe(args, io) {
  const serve = findServe(args.dataDir);
  if (!serve) return undefined;
  const url = new URL(args.path.startsWith('/') ? args.path : `/${args.path}`, serve.url);
  url.search = querySearch(args.params, args.format).toString();
  const answer = await askServe(serve, `${url.pathname}${url.search}`);
  if (!answer) return undefined;
  if (answer.status === 401) {
    io.err(
      `epm: the epm serve on ${serve.url} (pid ${serve.pid}) refused the token in ${serveStatePath(args.dataDir)}; restart epm serve, or stop it to query the store directly`,
    );
    return 2;
  }
  io.err(`epm: asked the running epm serve on ${serve.url} (pid ${serve.pid})`);
  return printAnswer(answer.status, answer.body, args.format, io);
}

export async function answerFromServe(argv) {
  const [command, ...rest] = argv;
  if (command !== 'query' || rest.includes('--help') || rest.includes('-h')) return undefined;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: '.data' },
        format: { type: 'string', default: 'json' },
      },
    });
  } catch {
    return undefined;
  }
  const [path, ...params] = parsed.positionals;
  const { data, format } = parsed.values;
  if (!path || (format !== 'json' && format !== 'csv') || params.some((p) => !p.includes('=')))
    return undefined;
  return askRunningServe(
    { path, params, format, dataDir: data },
    {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
    },
  );
}
