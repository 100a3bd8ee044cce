import { parseArgs } from 'node:util';
import { runExtract } from '../shared/cli/extract-command.ts';

const USAGE = `Usage:
  epm extract [--json] [--max-bytes N] FILE|DIR…   extract report records (JSON Lines with --json)`;

const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'extract') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'max-bytes': { type: 'string' } },
    });
    const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']);
    if (positionals.length === 0 || (maxBytes !== undefined && !(maxBytes > 0))) {
      io.err(USAGE);
      return 2;
    }
    return runExtract(
      { paths: positionals, json: values.json, ...(maxBytes === undefined ? {} : { maxBytes }) },
      io,
    );
  }
  io.err(
    command === undefined || command === 'help'
      ? USAGE
      : `epm: unknown command '${command}'\n${USAGE}`,
  );
  return command === 'help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`epm: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
