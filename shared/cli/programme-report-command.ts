import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalRuntime } from '../local/runtime.ts';
import { annexViiExport } from '../programme/annex-vii.ts';
import { programmeFileNames, renderProgrammeReport } from '../programme/programme-report.ts';
import { loadProgrammeDocuments } from '../programme/store.ts';
import { loadFonts } from '../rendering/fonts.ts';
import type { Language } from '../schemas/report-record.ts';
import type { CommandIo } from './extract-command.ts';
import { ensureNotServed } from './serve-state.ts';

export interface ProgrammeReportArgs {
  managingAuthority: string;
  period: string;
  language: Language;
  outDir: string;
  dataDir: string;
  /** Also write the Annex VII data-transmission tables (CSV and XLSX). */
  annexVii: boolean;
  generatedAt?: Date;
  timeZone?: string;
  maxProjects?: number;
}

/**
 * `epm programme-report`: the programme report (PDF and XLSX) of one managing authority and
 * period from the local store, and with `--annex-vii` the Annex VII tables. Returns the exit code.
 */
export async function runProgrammeReport(
  args: ProgrammeReportArgs,
  io: CommandIo,
): Promise<number> {
  ensureNotServed(args.dataDir, 'programme-report');
  const runtime = await startLocalRuntime({
    dataDir: args.dataDir,
    renderFinalReports: false,
    logLevel: 'WARN',
  });
  let documents: Awaited<ReturnType<typeof loadProgrammeDocuments>>;
  try {
    documents = await loadProgrammeDocuments(runtime.ddb, runtime.s3, runtime.tableName);
  } finally {
    await runtime.stop();
  }
  const selection = { managingAuthority: args.managingAuthority, period: args.period };
  const report = await renderProgrammeReport(documents, selection, {
    language: args.language,
    generatedAt: args.generatedAt ?? new Date(),
    fonts: loadFonts(),
    ...(args.timeZone ? { timeZone: args.timeZone } : {}),
    ...(args.maxProjects === undefined ? {} : { maxProjects: args.maxProjects }),
  });
  if (report.summary.projects === 0) {
    const authorities = [
      ...new Set(documents.map((d) => d.record.project?.managingAuthority).filter(Boolean)),
    ]
      .sort()
      .slice(0, 10);
    io.err(
      `epm: no project of '${args.managingAuthority}' in period ${args.period} in ${args.dataDir}${report.summary.periodNotStated > 0 ? ` (${report.summary.periodNotStated} of its projects state no programming period)` : ''}; managing authorities there: ${authorities.join(', ') || 'none'}`,
    );
    return 2;
  }
  await mkdir(args.outDir, { recursive: true });
  const names = programmeFileNames(selection, args.language);
  const written = [join(args.outDir, names.pdf), join(args.outDir, names.xlsx)];
  await writeFile(written[0] as string, report.pdf);
  await writeFile(written[1] as string, report.xlsx);
  if (args.annexVii) {
    const annex = await annexViiExport(report.projects, report.summary.period);
    const base = names.xlsx.replace(/\.\w+\.xlsx$/, '');
    const files: Array<[string, string | Uint8Array]> = [
      [`${base}.annex-vii-table-1.csv`, annex.table1Csv],
      [`${base}.annex-vii-indicators.csv`, annex.indicatorsCsv],
      [`${base}.annex-vii.xlsx`, annex.xlsx],
    ];
    for (const [name, bytes] of files) {
      await writeFile(join(args.outDir, name), bytes);
      written.push(join(args.outDir, name));
    }
  }
  for (const path of written) io.out(path);
  io.err(
    `epm: programme report of ${args.managingAuthority} ${report.summary.period}: ${report.summary.projects} projects from ${report.summary.documents} documents (${report.summary.linkedDocuments} linked to a project already counted), ${report.summary.redFlags.length} with red flags`,
  );
  return 0;
}
