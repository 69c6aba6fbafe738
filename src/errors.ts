/** The run could not be done as asked: a wrong flag, a bad value. Exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An input could not be read as a design: missing, a directory, binary, UTF-16. Exit 2. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Exit codes of every command, as design-format.md fixes them for `review`. */
export const ExitCode = { ok: 0, findings: 1, cannotRun: 2 } as const;
