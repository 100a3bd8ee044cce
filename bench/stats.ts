export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Calls per second of `fn`, as the median of `runs` runs of about `runMillis` each. */
export function throughput(fn: () => void, runs = 7, runMillis = 400): number {
  for (let i = 0; i < 200; i++) fn();
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(runMillis) * 1_000_000n;
    let now = start;
    while (now < deadline) {
      for (let i = 0; i < 50; i++) fn();
      calls += 50;
      now = process.hrtime.bigint();
    }
    rates.push(calls / (Number(now - start) / 1e9));
  }
  return median(rates);
}

/** Milliseconds per call of async `fn`, as the median of `runs` runs of `calls` calls each. */
export async function millisPerCall(
  fn: () => Promise<unknown>,
  runs: number,
  calls: number,
  warmup = calls,
): Promise<{ median: number; runs: number[] }> {
  for (let i = 0; i < warmup; i++) await fn();
  const perCall: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await fn();
    perCall.push(Number(process.hrtime.bigint() - start) / 1e6 / calls);
  }
  return { median: median(perCall), runs: perCall };
}
