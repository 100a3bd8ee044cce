/** A usage mistake on the command line: exit code 2, and the command's help is named. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a file is in the way of a folder',
};

function helpOf(command: string | undefined): string {
  return command ? `'epm ${command} --help'` : `'epm --help'`;
}

/**
 * One or two lines for a failed command: what went wrong and what to do about it (for a usage
 * mistake, the command's `usage` when given, else where to find it). Errors from
 * the local services already say both; a file system error names its path and the way out.
 */
export function explainError(error: unknown, command: string | undefined, usage?: string): string {
  if (!(error instanceof Error)) return `${String(error)}\nRun ${helpOf(command)} for usage`;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS_')) {
    const message = error.message.replace(/\. To specify a positional argument.*$/s, '');
    return `${message}\n${usage ?? `See ${helpOf(command)}`}`;
  }
  const problem = FILE_PROBLEMS[code];
  const path = (error as NodeJS.ErrnoException).path;
  if (problem && path) {
    return `cannot write ${path}: ${problem}; choose another data folder with --data DIR (or fix the folder's permissions or free space) and run the command again`;
  }
  return error.message;
}

/** The exit code for a failed command: 2 for usage mistakes, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  const code = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? '') : '';
  return error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS_') ? 2 : 1;
}
