/** What a running `epm serve` leaves in its data folder for `epm query` to find it. */
export interface ServeState {
  url: string;
  pid: number;
  token: string;
  dataDir: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export type QueryFormat = 'json' | 'csv';

export interface LineIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export function serveStatePath(dataDir: string): string;

/** The state file's content when it is well formed and points at the loopback interface. */
export function readServeState(dataDir: string): ServeState | undefined;

/** The state of an `epm serve` on this data folder whose process is alive, if there is one. */
export function findServe(dataDir: string): ServeState | undefined;

/**
 * A GET of `path` with the serve's token; undefined when nothing answers there (a serve that
 * was killed, its port not yet reused or taken by something that does not speak HTTP).
 */
export function askServe(
  state: ServeState,
  path: string,
  timeoutMs?: number,
): Promise<HttpAnswer | undefined>;

/** The query string for `key=value` parameters and an output format, as the API reads it. */
export function querySearch(params: string[], format: string): URLSearchParams;

/** Prints the API's answer (pretty JSON or CSV) or its error; returns the exit code. */
export function printAnswer(status: number, body: string, format: QueryFormat, io: LineIo): number;

/** A report version answer's reviewed fields: extracted and effective value, who, when, why. */
export function reviewSummary(answer: unknown): string[];

/** The exit code once the `epm serve` running on this data folder answered; else undefined. */
export function askRunningServe(
  args: { path: string; params: string[]; format: QueryFormat; dataDir: string },
  io: LineIo,
): Promise<number | undefined>;

/**
 * `epm query …` answered by a running `epm serve`, from the raw arguments; undefined for any
 * other command, for arguments the full CLI should explain, or when no serve answers.
 */
export function answerFromServe(argv: string[]): Promise<number | undefined>;
