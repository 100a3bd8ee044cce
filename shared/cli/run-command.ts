import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readDeadLetters } from '../local/queue.ts';
import { type LocalRuntime, startLocalRuntime } from '../local/runtime.ts';
import { versionOf } from '../schemas/s3-event.ts';
import { readObject } from '../storage/object-store.ts';
import { getReport, listObjectVersions } from '../storage/report-store.ts';
import { type UploadResult, uploadFiles, uploadItemOf } from '../storage/upload.ts';
import type { CommandIo } from './extract-command.ts';
import { expandPaths } from './extract-command.ts';
import { progressBar } from './progress.ts';
import { ensureNotServed } from './serve-state.ts';
import { formatTable } from './table.ts';

export interface RunArgs {
  paths: string[];
  dataDir: string;
  fresh: boolean;
  /** Copy each final-report PDF here, under the document's name, and print the paths. */
  outDir?: string;
  /** The table, the progress bar and each final-report event, as well as the summary. */
  verbose?: boolean;
  timeoutMs?: number;
}

export interface RunOutcome {
  file: string;
  key: string;
  status: string;
  kind?: string;
  projectId?: string;
  checks?: string;
  reason?: string;
  /** The stored report version this upload became (itself, or the one it duplicates). */
  sha256?: string;
}

/** Key naming lives with the upload itself; these stay importable from here. */
export { inboxKeyOf, uploadItemOf } from '../storage/upload.ts';

async function outcomeOf(runtime: LocalRuntime, upload: UploadResult): Promise<RunOutcome> {
  if (upload.error) {
    return {
      file: basename(upload.path),
      key: upload.key,
      status: 'not uploaded',
      reason: upload.error,
    };
  }
  const version = versionOf({
    bucket: runtime.inboxBucket,
    key: upload.key,
    eventTime: '',
    ...(upload.versionId ? { versionId: upload.versionId } : {}),
    ...(upload.eTag ? { eTag: upload.eTag } : {}),
  });
  const objects = await listObjectVersions(
    runtime.ddb,
    runtime.tableName,
    runtime.inboxBucket,
    upload.key,
  );
  const object = objects.find((o) => o.version === version);
  const base = { file: basename(upload.path), key: upload.key };
  if (!object) {
    const dead = (await readDeadLetters(runtime.dlqPath)).find((d) =>
      d.body.includes(JSON.stringify(upload.key).slice(1, -1)),
    );
    return {
      ...base,
      status: dead ? 'dead-lettered' : 'pending',
      ...(dead ? { reason: dead.reason } : {}),
    };
  }
  const report = object.sha256
    ? await getReport(runtime.ddb, runtime.tableName, object.duplicateOf ?? object.sha256)
    : undefined;
  const checks = report?.record?.checks ?? [];
  const errors = checks.filter((c) => c.severity === 'error').length;
  const warnings = checks.filter((c) => c.severity === 'warning').length;
  return {
    ...base,
    status: object.status,
    ...(report ? { kind: report.kind } : {}),
    ...(report?.projectId ? { projectId: report.projectId } : {}),
    ...(report ? { sha256: report.sha256 } : {}),
    checks:
      checks.length === 0
        ? 'ok'
        : [errors && `${errors} error`, warnings && `${warnings} warning`]
            .filter(Boolean)
            .join(', ') || `${checks.length} info`,
    ...(object.reason ? { reason: object.reason } : {}),
  };
}

/**
 * A file name for a final report in the `--out` folder: the document's name without its
 * extension (plus the language when it has several), in characters any file system takes,
 * numbered where two documents share a name.
 */
export function pdfNameOf(file: string, language: string | undefined, taken: Set<string>): string {
  const stem = basename(file).replace(/\.[^.]*$/, '') || basename(file);
  const safe =
    stem
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[-.]+|-+$/g, '')
      .slice(0, 120) || 'report';
  const base = language ? `${safe}.${language}` : safe;
  let name = `${base}.pdf`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}.pdf`;
  taken.add(name.toLowerCase());
  return name;
}

/** Copies each stored document's final reports into `outDir`; returns the paths by file. */
async function copyFinalReports(
  runtime: LocalRuntime,
  outcomes: RunOutcome[],
  outDir: string,
): Promise<Map<RunOutcome, string[]>> {
  mkdirSync(outDir, { recursive: true });
  const taken = new Set<string>();
  const copied = new Map<RunOutcome, string[]>();
  for (const outcome of outcomes) {
    if (!outcome.sha256) continue;
    const report = await getReport(runtime.ddb, runtime.tableName, outcome.sha256);
    const reports = Object.entries(report?.finalReports ?? {}).sort(([a], [b]) =>
      a.localeCompare(b),
    );
    const paths: string[] = [];
    for (const [language, key] of reports) {
      const read = await readObject(
        runtime.s3,
        { bucket: runtime.outboxBucket, key, eventTime: '' },
        MAX_PDF_BYTES,
      );
      if (!read.found) continue;
      const path = join(
        outDir,
        pdfNameOf(outcome.file, reports.length > 1 ? language : undefined, taken),
      );
      writeFileSync(path, read.bytes);
      paths.push(path);
    }
    copied.set(outcome, paths);
  }
  return copied;
}

const MAX_PDF_BYTES = 200 * 1024 * 1024;

/** One line for one document: what became of it, why, and where its final report is. */
export function outcomeLine(outcome: RunOutcome, pdfs: string[] | undefined): string {
  const about = [
    outcome.kind,
    outcome.projectId,
    outcome.checks && outcome.checks !== 'ok' ? outcome.checks : '',
  ]
    .filter(Boolean)
    .join(', ');
  const status = `${outcome.status}${about ? ` (${about})` : ''}`;
  const reason = outcome.reason ? `: ${outcome.reason}` : '';
  const where =
    pdfs === undefined
      ? ''
      : pdfs.length > 0
        ? ` → ${pdfs.join(', ')}`
        : outcome.status === 'stored'
          ? ' (no final report)'
          : '';
  return `${outcome.file} → ${status}${reason}${where}`;
}

/**
 * `epm run`: the whole pipeline on this machine. Uploads the files through the S3 API, lets the
 * extract function process the emulator's events, waits until each upload is stored or
 * rejected and each stored version's final report is rendered, and prints what became of each:
 * one line per document, or a table and the pipeline's events with `verbose`.
 */
export async function runLocal(args: RunArgs, io: CommandIo): Promise<number> {
  ensureNotServed(args.dataDir, 'run');
  if (args.fresh) rmSync(args.dataDir, { recursive: true, force: true });
  const files = (await expandPaths(args.paths)).filter((f) => !f.missing);
  if (files.length === 0) {
    io.err(
      `epm: nothing to upload in ${args.paths.join(', ')}: name files or folders that exist, e.g. 'epm run seeds'`,
    );
    return 2;
  }
  const verbose = args.verbose ?? false;
  if (verbose) io.err('epm: starting DynamoDB Local and the S3 emulator…');
  const runtime = await startLocalRuntime({
    dataDir: args.dataDir,
    logLevel: 'INFO',
    printEvents: verbose,
  });
  try {
    const root = args.paths.length === 1 ? (args.paths[0] ?? '.') : '.';
    const uploads = await uploadFiles(
      runtime.s3,
      runtime.inboxBucket,
      files.map((f) => uploadItemOf(f.path, root)),
      verbose || process.stderr.isTTY ? progressBar('upload') : undefined,
    );
    const deadline = Date.now() + (args.timeoutMs ?? 120_000);
    let outcomes: RunOutcome[] = [];
    for (;;) {
      await runtime.queue.drained();
      outcomes = await Promise.all(uploads.map((u) => outcomeOf(runtime, u)));
      if (outcomes.every((o) => o.status !== 'pending') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.race([
      runtime.renders.drained(),
      new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref()),
    ]);
    const pdfs = args.outDir ? await copyFinalReports(runtime, outcomes, args.outDir) : undefined;
    if (verbose) {
      io.out(
        formatTable(
          ['file', 'kind', 'project', 'status', 'checks'],
          outcomes.map((o) => [
            o.file,
            o.kind ?? '',
            o.projectId ?? '',
            o.status,
            o.reason ? `${o.checks ?? ''} ${o.reason}`.trim() : (o.checks ?? ''),
          ]),
          60,
        ),
      );
      for (const paths of pdfs?.values() ?? []) for (const path of paths) io.out(path);
    } else {
      for (const o of outcomes) io.out(outcomeLine(o, pdfs ? (pdfs.get(o) ?? []) : undefined));
    }
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
    const pdfCount = [...(pdfs?.values() ?? [])].reduce((n, p) => n + p.length, 0);
    io.err(
      `epm: ${outcomes.length} uploads: ${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')}; ${
        pdfs ? `${pdfCount} final report(s) in ${args.outDir}; ` : ''
      }data in ${runtime.dataDir}`,
    );
    if (outcomes.some((o) => o.status === 'pending'))
      io.err(
        `epm: some uploads were still pending when the time ran out; see ${join(runtime.dataDir, 'logs.jsonl')}, or run 'epm run' again`,
      );
    return outcomes.some((o) => o.status === 'pending' || o.status === 'not uploaded') ? 1 : 0;
  } finally {
    await runtime.stop();
  }
}
