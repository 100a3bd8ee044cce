import type { Principal } from '../auth/principal.ts';
import { OWNER } from '../auth/principal.ts';
import { localContext } from '../local/lambda-context.ts';
import type { Review } from '../review/overlay.ts';
import { UsageError } from './explain-error.ts';
import type { CommandIo } from './extract-command.ts';
import { queryEvent } from './query-command.ts';
import { ensureNotServed } from './serve-state.ts';

export interface ReviewArgs {
  code: string;
  version?: string | undefined;
  set?: string | undefined;
  confirm?: string | undefined;
  add?: string | undefined;
  absent?: string | undefined;
  approve: boolean;
  reopen: boolean;
  reason?: string | undefined;
  page?: number | undefined;
  line?: number | undefined;
  dataDir: string;
  principal?: Principal | undefined;
}

type Request =
  | { kind: 'field'; body: Record<string, unknown> }
  | { kind: 'approve'; body: Record<string, never> }
  | { kind: 'reopen'; body: { reason: string } };

/** `PATH=VALUE`: the value as JSON where it parses (`336124`, `true`, `["a"]`), else as text. */
export function pathValue(option: string, text: string): { path: string; value: unknown } {
  const at = text.indexOf('=');
  if (at <= 0)
    throw new UsageError(`--${option} takes PATH=VALUE, e.g. funding.totalBudget=500000`);
  const path = text.slice(0, at);
  const raw = text.slice(at + 1);
  let value: unknown = raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || Array.isArray(parsed)) value = parsed;
  } catch {
    // Not JSON: the text as written.
  }
  return { path, value };
}

/** The one action the options ask for, as the API's request body. */
export function reviewRequestOf(args: ReviewArgs): Request {
  const chosen = [
    args.set !== undefined && '--set',
    args.confirm !== undefined && '--confirm',
    args.add !== undefined && '--add',
    args.absent !== undefined && '--absent',
    args.approve && '--approve',
    args.reopen && '--reopen',
  ].filter((c): c is string => typeof c === 'string');
  if (chosen.length !== 1) {
    throw new UsageError(
      chosen.length === 0
        ? 'say what to do: --set PATH=VALUE, --confirm PATH, --add PATH=VALUE, --absent PATH, --approve or --reopen'
        : `one action at a time, not ${chosen.join(' and ')}`,
    );
  }
  const where = {
    ...(args.reason === undefined ? {} : { reason: args.reason }),
    ...(args.page === undefined ? {} : { page: args.page }),
    ...(args.line === undefined ? {} : { line: args.line }),
  };
  if (args.approve) return { kind: 'approve', body: {} };
  if (args.reopen) {
    if (!args.reason) throw new UsageError('--reopen needs --reason TEXT');
    return { kind: 'reopen', body: { reason: args.reason } };
  }
  if (args.set !== undefined)
    return {
      kind: 'field',
      body: { action: 'corrected', ...pathValue('set', args.set), ...where },
    };
  if (args.add !== undefined)
    return { kind: 'field', body: { action: 'added', ...pathValue('add', args.add), ...where } };
  if (args.confirm !== undefined)
    return { kind: 'field', body: { action: 'confirmed', path: args.confirm, ...where } };
  return { kind: 'field', body: { action: 'absent', path: args.absent, ...where } };
}

/** One line per reviewed field: what was done, the values, who, when and why. */
export function describeReview(review: Review): string[] {
  const lines = [
    `status ${review.status}${
      review.approvedBy ? ` (approved by ${review.approvedBy} at ${review.approvedAt})` : ''
    }`,
  ];
  for (const [path, f] of Object.entries(review.fields)) {
    const change =
      f.action === 'corrected'
        ? `${JSON.stringify(f.previous)} → ${JSON.stringify(f.value)}`
        : f.action === 'added'
          ? `${JSON.stringify(f.value)}${f.page ? ` (page ${f.page})` : ''}${f.line ? ` (line ${f.line})` : ''}`
          : f.action === 'confirmed'
            ? JSON.stringify(f.value)
            : `was ${JSON.stringify(f.previous)}`;
    lines.push(
      `${path}: ${f.action} ${change} by ${f.by} at ${f.at}${f.reason ? ` — ${f.reason}` : ''}`,
    );
  }
  return lines;
}

/**
 * `epm review CODE [VERSION] …`: one review action on a project's version (its latest without
 * VERSION), through the same API handler and policy as `epm serve` and AWS, as the data folder's
 * owner or `--as USER`. Approving renders the final report again before the command returns.
 */
export async function runReview(args: ReviewArgs, io: CommandIo): Promise<number> {
  const request = reviewRequestOf(args);
  ensureNotServed(args.dataDir, 'review');
  const principal = args.principal ?? OWNER;
  const { startLocalRuntime } = await import('../local/runtime.ts');
  const runtime = await startLocalRuntime({ dataDir: args.dataDir, logLevel: 'WARN' });
  try {
    const { handler } = await import('../../functions/query/handler.ts');
    const call = async (path: string, body?: unknown) => {
      const event = queryEvent(path, [], 'json', principal, {
        ...(body === undefined ? {} : { method: 'POST' as const, body }),
      });
      const result = await handler(event, localContext('query'));
      const text = result.body ?? '';
      return { status: result.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
    };
    const fail = (answer: { status: number; body: unknown }) => {
      const message = (answer.body as { message?: unknown } | undefined)?.message;
      io.err(`epm: ${answer.status} ${typeof message === 'string' ? message : 'request failed'}`);
      return answer.status === 403 || answer.status === 401 ? 3 : 1;
    };
    const code = encodeURIComponent(args.code);
    let version = args.version;
    if (version === undefined) {
      const project = await call(`/projects/${code}`);
      if (project.status !== 200) return fail(project);
      version = String((project.body as { latestVersion: string }).latestVersion);
    }
    const base = `/projects/${code}/reports/${encodeURIComponent(version)}`;
    const answer = await call(
      request.kind === 'field' ? `${base}/reviews` : `${base}/${request.kind}`,
      request.body,
    );
    if (answer.status >= 400) return fail(answer);
    if (request.kind !== 'field') await runtime.renders.drained();
    io.err(`epm: ${args.code} version ${version.slice(0, 12)}…, as ${principal.name}`);
    for (const line of describeReview(answer.body as Review)) io.out(line);
    return 0;
  } finally {
    await runtime.stop();
  }
}
