import { startLocalRuntime } from '../local/runtime.ts';
import { DEFAULT_MAX_BYTES } from '../parsing/decode.ts';
import { PARSER_VERSION } from '../parsing/extract.ts';
import { type ReextractOutcome, reextractAll } from '../pipeline/reextract.ts';
import { createDynamoClient, createS3Client } from '../storage/clients.ts';
import type { CommandIo } from './extract-command.ts';
import { ensureNotServed } from './serve-state.ts';
import { formatTable } from './table.ts';

export interface ReextractArgs {
  dataDir: string;
  /** Read every report again, not only those an older parser version extracted. */
  all: boolean;
  /** A deployed table: run against AWS with the default credentials instead of locally. */
  table?: string;
  maxBytes?: number;
}

const quiet = { info: () => undefined };

function report(outcomes: ReextractOutcome[], io: CommandIo): number {
  const shown = outcomes.filter((o) => o.status !== 'current');
  if (shown.length > 0) {
    io.out(
      formatTable(
        ['file', 'kind', 'project', 'outcome', 'changed or why'],
        shown.map((o) => [
          o.key ?? o.sha256,
          o.kind ?? '',
          o.projectId ?? '',
          o.status,
          o.reason ?? o.changed?.join(', ') ?? '',
        ]),
        60,
      ),
    );
  }
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  io.err(
    `epm: parser ${PARSER_VERSION}, ${outcomes.length} report(s): ${
      [...counts].map(([s, n]) => `${n} ${s}`).join(', ') || 'none stored'
    }`,
  );
  return outcomes.some((o) => o.status === 'held' || o.status === 'missing') ? 1 : 0;
}

/**
 * `epm reextract`: extracts stored reports again with the current parser, after an upgrade, and
 * replaces the records that come out differently (see `shared/pipeline/reextract.ts`). Locally
 * it also waits for the final reports to be rendered again; on AWS the render function does
 * that from the table stream.
 */
export async function runReextract(args: ReextractArgs, io: CommandIo): Promise<number> {
  const settings = {
    maxBytes: args.maxBytes ?? DEFAULT_MAX_BYTES,
    logger: quiet,
    now: () => new Date(),
    all: args.all,
  };
  if (args.table) {
    const s3 = createS3Client();
    const ddb = createDynamoClient();
    try {
      return report(await reextractAll({ s3, ddb, table: args.table, ...settings }), io);
    } finally {
      s3.destroy();
      ddb.destroy();
    }
  }
  ensureNotServed(args.dataDir, 'reextract');
  const runtime = await startLocalRuntime({ dataDir: args.dataDir });
  try {
    const { s3, ddb, tableName: table } = runtime;
    const outcomes = await reextractAll({ s3, ddb, table, ...settings });
    await runtime.renders.drained();
    return report(outcomes, io);
  } finally {
    await runtime.stop();
  }
}
