import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exitCodeOf, explainError, UsageError } from '../shared/cli/explain-error.ts';
import { shuttingDown } from '../shared/local/shutdown-state.ts';

const USAGE = `Usage (epm --help, epm COMMAND --help, epm --version; --verbose on any command shows where an error came from):
  epm run [DIR|FILE…] [--data DIR] [--fresh] [--out DIR] [--verbose]
                                                    run the pipeline locally on DynamoDB Local and an S3 emulator
                                                    (default: seeds/, data under .data/); one line per document;
                                                    --out DIR copies the final-report PDFs there and prints their paths;
                                                    --verbose adds the table, upload progress and pipeline events
  epm upload PATH… [--bucket B] [--endpoint URL]     upload reports to an inbox bucket (AWS, or any S3 endpoint)
  epm redrive [--data DIR | --dlq-arn ARN]          move dead letters back through the pipeline (local, or SQS on AWS)
  epm reconcile [--dry-run] [--aggregates] [--data DIR | --table T --inbox B --outbox B]
                                                    every upload's state (rendered, awaiting-pdf, quarantined,
                                                    dead-lettered) with counts; renders missing final reports and
                                                    extracts unfinished uploads again (local, or on AWS); exits 1 while any is left;
                                                    --aggregates recomputes every aggregate from the records and prints
                                                    each difference from the stored ones (exits 1 on any)
  epm load --projects N [--seed S] [--data DIR]    load N generated projects into the local store through its own writes,
                                                    with the aggregates kept; prints reports/s
  epm reextract [--all] [--data DIR | --table T] [--max-bytes N]
                                                    extract stored reports again after a parser upgrade (local, or on AWS)
  epm serve [--data DIR] [--port N] [--token T]     query API and auditor dashboard on 127.0.0.1
                                                    (leaves DIR/serve.json for epm query while it runs)
  epm query PATH [key=value…] [--format json|csv] [--data DIR]
                                                    ask the query API from the terminal, e.g. epm query /projects fund=ERDF;
                                                    asks the running epm serve of DIR when there is one, else starts the store
  epm extract [--json] [--max-bytes N] [--no-ocr] FILE|DIR…
                                                    extract report records from text, PDF, DOCX, ODT, XLSX, ODS or HTML
                                                    (JSON Lines with --json; scans are read by OCR unless --no-ocr)
  epm render PROJECT|FILE [--lang fi|sv|en] [--out FILE.pdf] [--data DIR] [--generated-at ISO]
                                                    final-report PDF of a document, or of a project's latest version
  epm programme-report --managing-authority NAME --period 2021-2027 [--lang fi|sv|en] [--out DIR] [--data DIR]
                       [--annex-vii] [--max-projects N] [--generated-at ISO]
                                                    programme report (PDF and XLSX) of one managing authority and period
                                                    from the local store: totals by fund, priority axis and region, jobs and
                                                    enterprises, horizontal principles, projects with red flags, each project
                                                    once; --annex-vii adds the CPR Annex VII tables (CSV and XLSX)
  epm review CODE [VERSION] --set PATH=VALUE --reason TEXT | --confirm PATH | --add PATH=VALUE --reason TEXT
             [--page N --line N] | --absent PATH --reason TEXT | --approve | --reopen --reason TEXT [--data DIR]
                                                    review one field of a project's version (its latest without VERSION),
                                                    approve it (locks it, renders the final report again) or reopen it
  epm users add NAME --role ROLE [--projects A1,B2] [--data DIR] | epm users list [--data DIR]
                                                    local users with roles (project-manager, reviewer, auditor, operator);
                                                    add prints the user's token once
Every command takes --as USER: act as that local user, as the roles policy allows (docs/review.md);
without it the local CLI acts as the data folder's owner, with every role.`;

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

/** The usage lines of one command: its line and the lines that continue it. */
function usageOf(command: string): string | undefined {
  const lines = USAGE.split('\n').slice(1);
  const start = lines.findIndex(
    (l) => l.startsWith(`  epm ${command} `) || l === `  epm ${command}`,
  );
  if (start < 0) return undefined;
  const end = lines.findIndex(
    (l, i) => i > start && (l.startsWith('  epm ') || !l.startsWith(' ')),
  );
  return `Usage:\n${lines.slice(start, end < 0 ? undefined : end).join('\n')}`;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return `epm ${String(manifest.version)}`;
}

/** A number option that must be positive, or a usage error naming the option. */
function positive(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0)) throw new UsageError(`--${option} must be a positive number, not '${value}'`);
  return n;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`);
  return value;
}

/** The local user `--as USER` names, once the policy has allowed them the command. */
let actingAs: import('../shared/auth/principal.ts').Principal | undefined;

/** Takes `--as USER` out of the arguments and checks that user may run the command. */
async function actAs(command: string, args: string[]): Promise<string[]> {
  const at = args.findIndex((a) => a === '--as' || a.startsWith('--as='));
  if (at < 0) return args;
  const given = args[at] ?? '';
  const name = given.startsWith('--as=') ? given.slice(5) : args[at + 1];
  if (!name || name.startsWith('--')) throw new UsageError('--as takes a user name');
  const rest = args.filter((_, i) => i !== at && (given.startsWith('--as=') || i !== at + 1));
  const dataAt = rest.findIndex((a) => a === '--data' || a.startsWith('--data='));
  const dataArg = rest[dataAt] ?? '';
  const dataDir =
    dataAt < 0
      ? '.data'
      : dataArg.startsWith('--data=')
        ? dataArg.slice(7)
        : (rest[dataAt + 1] ?? '.data');
  const [{ userByName }, { authorize }] = await Promise.all([
    import('../shared/auth/users.ts'),
    import('../shared/auth/policy.ts'),
  ]);
  const principal = await userByName(dataDir, name);
  authorize(principal, `epm ${command}`);
  actingAs = principal;
  return rest;
}

async function main(
  command: string | undefined,
  given: string[],
  verbose: boolean,
): Promise<number> {
  let rest = given;
  if (command === '--version' || command === '-V') {
    io.out(version());
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  const usage = usageOf(command);
  if (!usage) {
    throw new UsageError(`unknown command '${command}'; the commands are ${COMMANDS.join(', ')}`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(usage);
    return 0;
  }
  rest = await actAs(command, rest);
  if (command === 'extract') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'max-bytes': { type: 'string' },
        'no-ocr': { type: 'boolean', default: false },
      },
    });
    const maxBytes = positive(values['max-bytes'], 'max-bytes');
    if (positionals.length === 0) throw new UsageError('name at least one FILE or DIR to extract');
    const [{ runExtract }, { ocrInProcess }, { tmpdir }, { join }] = await Promise.all([
      import('../shared/cli/extract-command.ts'),
      import('../shared/readers/ocr-in-process.ts'),
      import('node:os'),
      import('node:path'),
    ]);
    return runExtract(
      {
        paths: positionals,
        json: values.json,
        ...(maxBytes === undefined ? {} : { maxBytes }),
        ...(values['no-ocr'] ? {} : { ocr: ocrInProcess(join(tmpdir(), 'epm-ocr-languages')) }),
      },
      io,
    );
  }
  if (command === 'run') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: '.data' },
        fresh: { type: 'boolean', default: false },
        out: { type: 'string' },
      },
    });
    const { runLocal } = await import('../shared/cli/run-command.ts');
    return runLocal(
      {
        paths: positionals.length > 0 ? positionals : ['seeds'],
        dataDir: values.data,
        fresh: values.fresh,
        verbose,
        ...(values.out ? { outDir: values.out } : {}),
      },
      io,
    );
  }
  if (command === 'upload') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        bucket: { type: 'string', default: process.env.INBOX_BUCKET ?? 'epm-inbox' },
        endpoint: { type: 'string' },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one PATH to upload');
    const { runUpload } = await import('../shared/cli/upload-command.ts');
    return runUpload(
      {
        paths: positionals,
        bucket: values.bucket,
        ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      },
      io,
    );
  }
  if (command === 'serve') {
    const { values } = parseArgs({
      args: rest,
      options: {
        data: { type: 'string', default: '.data' },
        port: { type: 'string', default: '8787' },
        token: { type: 'string' },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number (0 to 65535), not '${values.port}'`);
    const token = values.token ?? process.env.EPM_API_TOKEN;
    const { runServe } = await import('../shared/cli/serve-command.ts');
    return runServe({ dataDir: values.data, port, ...(token ? { token } : {}) }, io);
  }
  if (command === 'review') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: '.data' },
        set: { type: 'string' },
        confirm: { type: 'string' },
        add: { type: 'string' },
        absent: { type: 'string' },
        approve: { type: 'boolean', default: false },
        reopen: { type: 'boolean', default: false },
        reason: { type: 'string' },
        page: { type: 'string' },
        line: { type: 'string' },
      },
    });
    const [code, version, extra] = positionals;
    if (extra !== undefined)
      throw new UsageError(`one CODE and at most one VERSION, not '${extra}'`);
    const { runReview } = await import('../shared/cli/review-command.ts');
    return runReview(
      {
        code: required(code, 'the project CODE to review'),
        version,
        set: values.set,
        confirm: values.confirm,
        add: values.add,
        absent: values.absent,
        approve: values.approve,
        reopen: values.reopen,
        reason: values.reason,
        page: positive(values.page, 'page'),
        line: positive(values.line, 'line'),
        dataDir: values.data,
        principal: actingAs,
      },
      io,
    );
  }
  if (command === 'users') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: '.data' },
        role: { type: 'string', multiple: true, default: [] },
        projects: { type: 'string' },
      },
    });
    const [action, name] = positionals;
    const { runUsers } = await import('../shared/cli/users-command.ts');
    return runUsers(
      { action, name, roles: values.role, projects: values.projects, dataDir: values.data },
      io,
    );
  }
  if (command === 'query') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        data: { type: 'string', default: '.data' },
        format: { type: 'string', default: 'json' },
      },
    });
    const [path, ...params] = positionals;
    const format = values.format;
    if (format !== 'json' && format !== 'csv')
      throw new UsageError(`--format must be json or csv, not '${format}'`);
    const bad = params.find((p) => !p.includes('='));
    if (bad) throw new UsageError(`query parameters are key=value, not '${bad}'`);
    const { runQuery } = await import('../shared/cli/query-command.ts');
    return runQuery(
      {
        path: required(path, 'the PATH to ask, e.g. /projects'),
        params,
        format,
        dataDir: values.data,
        ...(actingAs ? { principal: actingAs } : {}),
      },
      io,
    );
  }
  if (command === 'render') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        out: { type: 'string' },
        data: { type: 'string', default: '.data' },
        'generated-at': { type: 'string' },
      },
    });
    const [{ runRender }, { parseAuthorityLanguages }, { LanguageSchema }, { isTimeZone }] =
      await Promise.all([
        import('../shared/cli/render-command.ts'),
        import('../shared/rendering/language.ts'),
        import('../shared/schemas/report-record.ts'),
        import('../templates/format.ts'),
      ]);
    const language = values.lang === undefined ? undefined : LanguageSchema.safeParse(values.lang);
    if (language?.success === false)
      throw new UsageError(`--lang must be fi, sv or en, not '${values.lang}'`);
    const generatedAt = values['generated-at'] ? new Date(values['generated-at']) : undefined;
    if (generatedAt && Number.isNaN(generatedAt.getTime()))
      throw new UsageError(
        `--generated-at must be an ISO date such as 2026-01-31T12:00:00Z, not '${values['generated-at']}'`,
      );
    const [target, ...extra] = positionals;
    if (extra.length > 0)
      throw new UsageError(`render one PROJECT or FILE at a time, not ${positionals.length}`);
    const authorityLanguages = parseAuthorityLanguages(process.env.AUTHORITY_LANGUAGES || '{}');
    if (!authorityLanguages.success)
      throw new UsageError(
        `AUTHORITY_LANGUAGES: ${authorityLanguages.error}; set it to a JSON map such as '{"Lapin liitto":"fi"}', or unset it`,
      );
    const timeZone = process.env.EPM_TIME_ZONE || undefined;
    if (timeZone && !isTimeZone(timeZone))
      throw new UsageError(
        `EPM_TIME_ZONE: '${timeZone}' is not an IANA time zone such as Europe/Helsinki; set one, or unset it`,
      );
    return runRender(
      {
        target: required(target, 'the PROJECT id or FILE to render'),
        ...(timeZone ? { timeZone } : {}),
        dataDir: values.data,
        authorityLanguages: authorityLanguages.data,
        ...(language?.success ? { language: language.data } : {}),
        ...(values.out ? { out: values.out } : {}),
        ...(generatedAt ? { generatedAt } : {}),
      },
      io,
    );
  }
  if (command === 'programme-report') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'managing-authority': { type: 'string' },
        period: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        out: { type: 'string', default: '.' },
        data: { type: 'string', default: '.data' },
        'annex-vii': { type: 'boolean', default: false },
        'max-projects': { type: 'string' },
        'generated-at': { type: 'string' },
      },
    });
    if (positionals.length > 0)
      throw new UsageError(
        `programme-report takes no positional arguments, not '${positionals[0]}'`,
      );
    const [{ runProgrammeReport }, { LanguageSchema }, { isTimeZone }] = await Promise.all([
      import('../shared/cli/programme-report-command.ts'),
      import('../shared/schemas/report-record.ts'),
      import('../templates/format.ts'),
    ]);
    const language = LanguageSchema.safeParse(values.lang);
    if (!language.success)
      throw new UsageError(`--lang must be fi, sv or en, not '${values.lang}'`);
    const period = required(values.period, '--period, e.g. --period 2021-2027');
    if (!/^\d{4}\s*[-–]\s*\d{4}$/.test(period))
      throw new UsageError(
        `--period must be a programming period such as 2021-2027, not '${period}'`,
      );
    const maxProjects = positive(values['max-projects'], 'max-projects');
    const generatedAt = values['generated-at'] ? new Date(values['generated-at']) : undefined;
    if (generatedAt && Number.isNaN(generatedAt.getTime()))
      throw new UsageError(
        `--generated-at must be an ISO date such as 2026-01-31T12:00:00Z, not '${values['generated-at']}'`,
      );
    const timeZone = process.env.EPM_TIME_ZONE || undefined;
    if (timeZone && !isTimeZone(timeZone))
      throw new UsageError(
        `EPM_TIME_ZONE: '${timeZone}' is not an IANA time zone such as Europe/Helsinki; set one, or unset it`,
      );
    return runProgrammeReport(
      {
        managingAuthority: required(
          values['managing-authority'],
          "--managing-authority NAME, e.g. --managing-authority 'Pirkanmaan liitto'",
        ),
        period,
        language: language.data,
        outDir: values.out,
        dataDir: values.data,
        annexVii: values['annex-vii'],
        ...(timeZone ? { timeZone } : {}),
        ...(maxProjects === undefined ? {} : { maxProjects }),
        ...(generatedAt ? { generatedAt } : {}),
      },
      io,
    );
  }
  if (command === 'redrive') {
    const { values } = parseArgs({
      args: rest,
      options: { data: { type: 'string', default: '.data' }, 'dlq-arn': { type: 'string' } },
    });
    const { runRedrive } = await import('../shared/cli/redrive-command.ts');
    return runRedrive(
      { dataDir: values.data, ...(values['dlq-arn'] ? { dlqArn: values['dlq-arn'] } : {}) },
      io,
    );
  }
  if (command === 'load') {
    const { values } = parseArgs({
      args: rest,
      options: {
        data: { type: 'string', default: '.data' },
        projects: { type: 'string' },
        seed: { type: 'string', default: '1' },
      },
    });
    const projects = required(positive(values.projects, 'projects'), '--projects N');
    const seed = Number(values.seed);
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new UsageError(`--seed must be a whole number, not '${values.seed}'`);
    const { runLoad } = await import('../shared/load/load-command.ts');
    return runLoad({ projects: Math.floor(projects), seed, dataDir: values.data }, io);
  }
  if (command === 'reconcile') {
    const { values } = parseArgs({
      args: rest,
      options: {
        data: { type: 'string', default: '.data' },
        'dry-run': { type: 'boolean', default: false },
        aggregates: { type: 'boolean', default: false },
        table: { type: 'string' },
        inbox: { type: 'string' },
        outbox: { type: 'string' },
      },
    });
    if (values.table && !values.aggregates && (!values.inbox || !values.outbox))
      throw new UsageError('--table needs --inbox BUCKET and --outbox BUCKET too');
    const [{ runReconcile }, { parseAuthorityLanguages }] = await Promise.all([
      import('../shared/cli/reconcile-command.ts'),
      import('../shared/rendering/language.ts'),
    ]);
    const authorityLanguages = parseAuthorityLanguages(process.env.AUTHORITY_LANGUAGES || '{}');
    if (!authorityLanguages.success)
      throw new UsageError(`AUTHORITY_LANGUAGES: ${authorityLanguages.error}`);
    const topicArn = process.env.FINAL_REPORT_TOPIC_ARN;
    return runReconcile(
      {
        dataDir: values.data,
        dryRun: values['dry-run'],
        aggregates: values.aggregates,
        authorityLanguages: authorityLanguages.data,
        ...(values.table ? { table: values.table } : {}),
        ...(values.inbox ? { inbox: values.inbox } : {}),
        ...(values.outbox ? { outbox: values.outbox } : {}),
        ...(topicArn ? { topicArn } : {}),
      },
      io,
    );
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string', default: '.data' },
      all: { type: 'boolean', default: false },
      table: { type: 'string' },
      'max-bytes': { type: 'string' },
    },
  });
  const maxBytes = positive(values['max-bytes'], 'max-bytes');
  const { runReextract } = await import('../shared/cli/reextract-command.ts');
  return runReextract(
    {
      dataDir: values.data,
      all: values.all,
      ...(values.table ? { table: values.table } : {}),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    },
    io,
  );
}

const COMMANDS = [
  'run',
  'upload',
  'redrive',
  'reconcile',
  'load',
  'reextract',
  'serve',
  'query',
  'extract',
  'render',
  'programme-report',
  'review',
  'users',
];

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Exits once stdout has been flushed: a pipe may still hold the tail of a long JSON Lines run. */
function exitAfterFlush(code: number): void {
  if (shuttingDown()) return;
  process.stdout.write('', () => process.exit(code));
}

const [command, ...args] = process.argv.slice(2);
const verbose = args.includes('--verbose');
const rest = args.filter((a) => a !== '--verbose');
main(command, rest, verbose).then(exitAfterFlush, (error: unknown) => {
  // Stopped by a signal: the services went first, so this error is expected; the signal's
  // handler exits with its own code once everything has stopped.
  if (shuttingDown()) return;
  const named = command && COMMANDS.includes(command) ? command : undefined;
  io.err(`epm: ${explainError(error, named, named && usageOf(named))}`);
  if (verbose && error instanceof Error) io.err(String(error.stack));
  if (verbose && error instanceof Error && error.cause) io.err(`cause: ${String(error.cause)}`);
  exitAfterFlush(exitCodeOf(error));
});
