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

/** Runs a command that needs a sound design: exit 0 when it is done, 1 with the findings when the design stops it. */
export async function runOnDesign(work: () => Promise<void>): Promise<void> {
  try {
    await work();
    process.exitCode = ExitCode.ok;
  } catch (err) {
    if (!(err instanceof BlockedByFindings)) throw err;
    process.stderr.write(`eda-advisor: ${err.message}`);
    process.exitCode = ExitCode.findings;
  }
}

/** Exit codes of every command, as design-format.md fixes them for `review`. */
export const ExitCode = { ok: 0, findings: 1, cannotRun: 2 } as const;
