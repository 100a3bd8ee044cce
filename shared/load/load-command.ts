import { startLocalRuntime } from '../local/runtime.ts';
import { loadProjects } from './load.ts';

export interface LoadArgs {
  projects: number;
  seed: number;
  dataDir: string;
}

/**
 * `epm load`: generated projects into the local store through its own writes, with the
 * aggregate function following the table stream; prints the reports/s loaded and aggregated.
 */
export async function runLoad(
  args: LoadArgs,
  io: { out: (text: string) => void; err: (text: string) => void },
): Promise<number> {
  const runtime = await startLocalRuntime({
    dataDir: args.dataDir,
    renderFinalReports: false,
    aggregates: true,
    printEvents: false,
  });
  try {
    const start = Date.now();
    const result = await loadProjects(runtime.ddb, runtime.tableName, {
      seed: args.seed,
      projects: args.projects,
      every: 1_000,
      onProgress: (n, s) => io.err(`${n} reports in ${s.toFixed(0)} s`),
    });
    await runtime.aggregates.drained();
    const seconds = (Date.now() - start) / 1000;
    io.out(
      `${result.reports} reports of ${result.projects} projects (seed ${args.seed}) loaded in ${result.seconds.toFixed(1)} s and aggregated in ${seconds.toFixed(1)} s: ${(result.reports / seconds).toFixed(1)} reports/s`,
    );
    return 0;
  } finally {
    await runtime.stop();
  }
}
