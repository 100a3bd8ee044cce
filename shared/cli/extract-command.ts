import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { REJECTING_CHECKS } from '../parsing/extract.ts';
import { extractDocument, type OcrPages } from '../readers/intake.ts';
import type { ReportRecord } from '../schemas/report-record.ts';
import { checksSummary, keyFigure, subjectOf } from './summary.ts';
import { formatTable } from './table.ts';

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface ExtractArgs {
  paths: string[];
  json: boolean;
  maxBytes?: number;
  /** Reads scanned PDF pages; without it a scan is reported as having no text layer. */
  ocr?: OcrPages;
}

/** Files named on the command line, with folders expanded to their files in name order. */
export async function expandPaths(
  paths: string[],
): Promise<Array<{ path: string; missing: boolean }>> {
  const files: Array<{ path: string; missing: boolean }> = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      files.push({ path, missing: true });
    } else if (info.isDirectory()) {
      const names = (await readdir(path, { withFileTypes: true }))
        .filter((d) => d.isFile() && !d.name.startsWith('.'))
        .map((d) => d.name)
        .sort();
      files.push(...names.map((name) => ({ path: join(path, name), missing: false })));
    } else {
      files.push({ path, missing: false });
    }
  }
  return files;
}

function isRejected(record: ReportRecord): boolean {
  return record.checks.some((c) => c.id !== 'nothing-extracted' && REJECTING_CHECKS.has(c.id));
}

/** `epm extract`: one record per file, as a summary table or as JSON Lines. Returns the exit code. */
export async function runExtract(args: ExtractArgs, io: CommandIo): Promise<number> {
  let exitCode = 0;
  const rows: string[][] = [];
  for (const { path, missing } of await expandPaths(args.paths)) {
    if (missing) {
      io.err(`epm: ${path}: no such file`);
      exitCode = 2;
      continue;
    }
    const bytes = await readFile(path).catch((error: unknown) => {
      io.err(
        `epm: ${path}: cannot read (${error instanceof Error ? error.message : String(error)})`,
      );
      return undefined;
    });
    if (!bytes) {
      exitCode = 2;
      continue;
    }
    const record = await extractDocument(bytes, {
      key: path,
      ...(args.maxBytes === undefined ? {} : { maxBytes: args.maxBytes }),
      ...(args.ocr ? { ocr: args.ocr } : {}),
    });
    if (isRejected(record)) exitCode = 2;
    if (args.json) {
      io.out(JSON.stringify(record));
    } else {
      rows.push([
        path.split('/').at(-1) ?? path,
        record.kind,
        record.language ?? '',
        subjectOf(record),
        keyFigure(record),
        checksSummary(record),
      ]);
    }
  }
  if (!args.json && rows.length > 0) {
    io.out(formatTable(['file', 'kind', 'lang', 'project', 'key figures', 'checks'], rows));
  }
  return exitCode;
}
