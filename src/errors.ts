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

/** A design that does not parse or violates the schema cannot be simulated, advised on or drawn: its findings are the answer. Exit 1. */
export class BlockedByFindings extends Error {
  override name = 'BlockedByFindings';
}

/** The user pressed Ctrl-C: exit 130 (128 + SIGINT), as a shell reports an interrupted command. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor() {
    super('interrupted.');
  }
}

/** Exit codes of every command, as design-format.md fixes them for `review` (decided in src/app/exit.ts). */
export const ExitCode = { ok: 0, findings: 1, cannotRun: 2, interrupted: 130 } as const;
