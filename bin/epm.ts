import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runExtract } from '../shared/cli/extract-command.ts';
import { runQuery } from '../shared/cli/query-command.ts';
import { runRedrive } from '../shared/cli/redrive-command.ts';
import { runReextract } from '../shared/cli/reextract-command.ts';
import { runRender } from '../shared/cli/render-command.ts';
import { runLocal } from '../shared/cli/run-command.ts';
import { runServe } from '../shared/cli/serve-command.ts';
import { runUpload } from '../shared/cli/upload-command.ts';
import { ocrInProcess } from '../shared/readers/ocr-in-process.ts';
import { parseAuthorityLanguages } from '../shared/rendering/language.ts';
import { LanguageSchema } from '../shared/schemas/report-record.ts';

const USAGE = `Usage (epm --help, epm COMMAND --help, epm --version):
  epm run [DIR|FILE…] [--data DIR] [--fresh]        run the pipeline locally on DynamoDB Local and an S3 emulator
                                                    (default: seeds/, data under .data/)
  epm upload PATH… [--bucket B] [--endpoint URL]     upload reports to an inbox bucket (AWS, or any S3 endpoint)
  epm redrive [--data DIR | --dlq-arn ARN]          move dead letters back through the pipeline (local, or SQS on AWS)
  epm reextract [--all] [--data DIR | --table T] [--max-bytes N]
                                                    extract stored reports again after a parser upgrade (local, or on AWS)
  epm serve [--data DIR] [--port N] [--token T]     query API and auditor dashboard on 127.0.0.1
  epm query PATH [key=value…] [--format json|csv]   ask the query API from the terminal, e.g. epm query /projects fund=ERDF
  epm extract [--json] [--max-bytes N] [--no-ocr] FILE|DIR…
                                                    extract report records from text, PDF, DOCX, ODT, XLSX, ODS or HTML
                                                    (JSON Lines with --json; scans are read by OCR unless --no-ocr)
  epm render PROJECT|FILE [--lang fi|sv|en] [--out FILE.pdf] [--data DIR] [--generated-at ISO]
                                                    final-report PDF of a document, or of a project's latest version`;

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
  const end = lines.findIndex((l, i) => i > start && l.startsWith('  epm '));
  return `Usage:\n${lines.slice(start, end < 0 ? undefined : end).join('\n')}`;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return `epm ${String(manifest.version)}`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-V') {
    io.out(version());
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    const usage = usageOf(command);
    if (usage) {
      io.out(usage);
      return 0;
    }
  }
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
    const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']);
    if (positionals.length === 0 || (maxBytes !== undefined && !(maxBytes > 0))) {
      io.err(USAGE);
      return 2;
    }
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
      },
    });
    return runLocal(
      {
        paths: positionals.length > 0 ? positionals : ['seeds'],
        dataDir: values.data,
        fresh: values.fresh,
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
    if (positionals.length === 0) {
      io.err(USAGE);
      return 2;
    }
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
    const token = values.token ?? process.env.EPM_API_TOKEN;
    return runServe(
      { dataDir: values.data, port: Number(values.port), ...(token ? { token } : {}) },
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
    if (!path || (values.format !== 'json' && values.format !== 'csv')) {
      io.err(USAGE);
      return 2;
    }
    return runQuery({ path, params, format: values.format, dataDir: values.data }, io);
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
    const language = values.lang === undefined ? undefined : LanguageSchema.safeParse(values.lang);
    const generatedAt = values['generated-at'] ? new Date(values['generated-at']) : undefined;
    const authorityLanguages = parseAuthorityLanguages(process.env.AUTHORITY_LANGUAGES || '{}');
    const [target] = positionals;
    if (
      !target ||
      positionals.length > 1 ||
      language?.success === false ||
      (generatedAt && Number.isNaN(generatedAt.getTime()))
    ) {
      io.err(USAGE);
      return 2;
    }
    if (!authorityLanguages.success) {
      io.err(`epm: AUTHORITY_LANGUAGES: ${authorityLanguages.error}`);
      return 2;
    }
    return runRender(
      {
        target,
        dataDir: values.data,
        authorityLanguages: authorityLanguages.data,
        ...(language?.success ? { language: language.data } : {}),
        ...(values.out ? { out: values.out } : {}),
        ...(generatedAt ? { generatedAt } : {}),
      },
      io,
    );
  }
  if (command === 'redrive') {
    const { values } = parseArgs({
      args: rest,
      options: { data: { type: 'string', default: '.data' } },
    });
    return runRedrive({ dataDir: values.data }, io);
  }
  if (command === 'reextract') {
    const { values } = parseArgs({
      args: rest,
      options: {
        data: { type: 'string', default: '.data' },
        all: { type: 'boolean', default: false },
        table: { type: 'string' },
        'max-bytes': { type: 'string' },
      },
    });
    const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']);
    if (maxBytes !== undefined && !(maxBytes > 0)) {
      io.err(USAGE);
      return 2;
    }
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
  io.err(command === undefined ? USAGE : `epm: unknown command '${command}'\n${USAGE}`);
  return 2;
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Exits once stdout has been flushed: a pipe may still hold the tail of a long JSON Lines run. */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  io.err(`epm: ${error instanceof Error ? error.message : String(error)}`);
  exitAfterFlush(1);
});
