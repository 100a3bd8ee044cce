import type { GeneratedReport } from './generate.ts';

/**
 * A generated programme read in parts, in the order its reports come in: `upTo(n)` yields the
 * reports that come in until the programme has `n` projects (every report before the first
 * version of project n + 1), `next(k)` at most `k` more reports below that bound. So one load
 * of the largest size stops at each smaller size on the way: the programme as it stood when
 * it had that many projects. (A second version that comes in after project n + 1's first is
 * not part of the first n projects' state then, as in the real arrival order.)
 */
export class ProgrammeReader {
  readonly #source: Iterator<GeneratedReport>;
  #held: GeneratedReport | undefined;
  #projects = 0;
  #reports = 0;
  #done = false;

  constructor(reports: Iterable<GeneratedReport>) {
    this.#source = reports[Symbol.iterator]();
  }

  /** Projects whose first version was read so far. */
  get projects(): number {
    return this.#projects;
  }

  /** Reports read so far. */
  get reports(): number {
    return this.#reports;
  }

  /** Whether every report has been read. */
  get done(): boolean {
    return this.#done && this.#held === undefined;
  }

  #peek(): GeneratedReport | undefined {
    if (this.#held === undefined && !this.#done) {
      const next = this.#source.next();
      if (next.done) this.#done = true;
      else this.#held = next.value;
    }
    return this.#held;
  }

  /** Up to `limit` reports, stopping before the first version of project `projects` + 1. */
  *next(limit: number, projects: number): Generator<GeneratedReport> {
    for (let taken = 0; taken < limit; taken++) {
      const report = this.#peek();
      if (report === undefined) return;
      if (report.versionNumber === 1 && this.#projects >= projects) return;
      this.#held = undefined;
      if (report.versionNumber === 1) this.#projects += 1;
      this.#reports += 1;
      yield report;
    }
  }

  /** Every report until the programme has `projects` projects. */
  upTo(projects: number): Generator<GeneratedReport> {
    return this.next(Number.POSITIVE_INFINITY, projects);
  }
}

/** What a field's all-projects aggregate must say: projects stating it and their exact sum. */
export interface ExpectedTotal {
  count: number;
  /** In cents: the generator states money with at most two decimals. */
  sumCents: bigint;
}

/**
 * The latest stated value of one funding field per project, kept from the generated records
 * themselves (not from the store's items), to check the aggregates a load leaves behind.
 */
export class FundingTally {
  readonly #field: string;
  readonly #latest = new Map<string, { receivedAt: string; cents: bigint | undefined }>();

  constructor(field: string) {
    this.#field = field;
  }

  add(report: GeneratedReport): void {
    const before = this.#latest.get(report.projectId);
    if (before && before.receivedAt > report.receivedAt) return;
    const value = (report.record.funding as Record<string, unknown> | undefined)?.[this.#field];
    const cents = typeof value === 'number' ? BigInt(Math.round(value * 100)) : undefined;
    this.#latest.set(report.projectId, { receivedAt: report.receivedAt, cents });
  }

  /** Passes the reports on, counting each on the way. */
  *tap(reports: Iterable<GeneratedReport>): Generator<GeneratedReport> {
    for (const report of reports) {
      this.add(report);
      yield report;
    }
  }

  total(): ExpectedTotal {
    let count = 0;
    let sumCents = 0n;
    for (const { cents } of this.#latest.values()) {
      if (cents === undefined) continue;
      count += 1;
      sumCents += cents;
    }
    return { count, sumCents };
  }
}
