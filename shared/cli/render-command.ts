import { readFile, stat, writeFile } from 'node:fs/promises';
import { startLocalRuntime } from '../local/runtime.ts';
import { extractDocument } from '../readers/intake.ts';
import { loadFonts } from '../rendering/fonts.ts';
import { type AuthorityLanguages, chooseLanguage } from '../rendering/language.ts';
import { renderFinalReport } from '../rendering/render-report.ts';
import { EMPTY_REVIEW, type Review } from '../review/overlay.ts';
import type { Language, ReportRecord } from '../schemas/report-record.ts';
import { getProject, getReport, loadRecord } from '../storage/report-store.ts';
import { getReviewState } from '../storage/review-store.ts';
import type { CommandIo } from './extract-command.ts';
import { ensureNotServed } from './serve-state.ts';

export interface RenderArgs {
  /** A document file, a project id (`A77892`, `name:…`) or a report version's sha256. */
  target: string;
  dataDir: string;
  language?: Language;
  out?: string;
  authorityLanguages: AuthorityLanguages;
  /** Printed in the footer; the current time unless given, for reproducible files. */
  generatedAt?: Date;
  /** The IANA time zone the report prints its times in (`EPM_TIME_ZONE`); Europe/Helsinki unless given. */
  timeZone?: string;
}

type Found =
  | { record: ReportRecord; name: string; receivedAt?: Date; review?: Review }
  | { missing: string };

async function fromFile(path: string): Promise<Found> {
  const record = await extractDocument(await readFile(path), { key: path });
  return { record, name: record.project?.code ?? record.source.sha256.slice(0, 12) };
}

/** The project's latest version, or the version with that sha256, from the local store. */
async function fromStore(target: string, dataDir: string): Promise<Found> {
  ensureNotServed(dataDir, 'render');
  const runtime = await startLocalRuntime({ dataDir, renderFinalReports: false, logLevel: 'WARN' });
  try {
    const sha256 = /^[0-9a-f]{64}$/.test(target)
      ? target
      : (await getProject(runtime.ddb, runtime.tableName, target))?.latestSha;
    const version = sha256 ? await getReport(runtime.ddb, runtime.tableName, sha256) : undefined;
    if (!version)
      return {
        missing: `no project or report version ${target} in ${dataDir}; 'epm query /projects --data ${dataDir}' lists its projects, or give a document FILE to render`,
      };
    const record = await loadRecord(runtime.s3, version);
    if (!record) return { missing: `report version ${version.sha256} holds no record` };
    // A stored version is rendered as the pipeline renders it: with its review, or none yet.
    const stored = await getReviewState(runtime.ddb, runtime.tableName, version.sha256);
    return {
      record,
      name: version.projectId ?? version.sha256.slice(0, 12),
      receivedAt: new Date(version.receivedAt),
      review: stored?.review ?? EMPTY_REVIEW,
    };
  } finally {
    await runtime.stop();
  }
}

/**
 * `epm render`: the final-report PDF of a document file (extracted on the spot, no services) or
 * of a project's latest version in the local store. Returns the exit code.
 */
export async function runRender(args: RenderArgs, io: CommandIo): Promise<number> {
  const isFile = (await stat(args.target).catch(() => undefined))?.isFile() ?? false;
  const found = isFile ? await fromFile(args.target) : await fromStore(args.target, args.dataDir);
  if ('missing' in found) {
    io.err(`epm: ${found.missing}`);
    return 2;
  }
  const language = chooseLanguage(found.record, args.authorityLanguages, args.language);
  const out = args.out ?? `${found.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.${language}.pdf`;
  const pdf = await renderFinalReport(found.record, {
    language,
    generatedAt: args.generatedAt ?? new Date(),
    fonts: loadFonts(),
    ...(found.review ? { review: found.review } : {}),
    ...(args.timeZone ? { timeZone: args.timeZone } : {}),
    ...(found.receivedAt && !Number.isNaN(found.receivedAt.getTime())
      ? { receivedAt: found.receivedAt }
      : {}),
  });
  await writeFile(out, pdf);
  io.err(`epm: wrote ${out} (${found.record.kind}, ${language}, ${pdf.length} bytes)`);
  return 0;
}
