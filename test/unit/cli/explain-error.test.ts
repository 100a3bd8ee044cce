import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, explainError, UsageError } from '../../../shared/cli/explain-error.ts';

function parseError(args: string[]): unknown {
  try {
    parseArgs({ args, options: { data: { type: 'string' } } });
  } catch (error) {
    return error;
  }
  throw new Error('parseArgs accepted the arguments');
}

describe('explainError', () => {
  it('names an unknown option and the command help, with exit code 2', () => {
    const error = parseError(['--fast']);

    expect(explainError(error, 'run')).toBe("Unknown option '--fast'\nSee 'epm run --help'");
    expect(exitCodeOf(error)).toBe(2);
    expect(explainError(error, 'run', 'Usage:\n  epm run')).toBe(
      "Unknown option '--fast'\nUsage:\n  epm run",
    );
  });

  it('names a missing option value and the command help', () => {
    expect(explainError(parseError(['--data']), 'serve')).toMatch(
      /^Option '--data <value>' argument missing\nSee 'epm serve --help'$/,
    );
  });

  it('points at the general help when the command is not known', () => {
    expect(explainError(new UsageError("unknown command 'x'"), undefined)).toBe(
      "unknown command 'x'\nSee 'epm --help'",
    );
  });

  it('names the path a file system error is about and the way out', () => {
    const error = Object.assign(new Error("EACCES: permission denied, mkdir '/srv/d/s3'"), {
      code: 'EACCES',
      path: '/srv/d/s3',
    });

    expect(explainError(error, 'run')).toBe(
      "cannot write /srv/d/s3: permission denied; choose another data folder with --data DIR (or fix the folder's permissions or free space) and run the command again",
    );
    expect(exitCodeOf(error)).toBe(1);
  });

  it('passes other errors through as they are', () => {
    expect(explainError(new Error('DynamoDB Local needs Java'), 'query')).toBe(
      'DynamoDB Local needs Java',
    );
    expect(explainError('text', 'query')).toBe("text\nRun 'epm query --help' for usage");
  });
});
