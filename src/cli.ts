import { Command, CommanderError } from 'commander';
import { makeExplainCommand, makeRulesCommand, makeSchemaCommand } from './commands/catalogue.js';
import { makeDiagramCommand } from './commands/diagram.js';
import { makeDiffCommand } from './commands/diff.js';
import { makeGenerateCommand } from './commands/generate.js';
import { makeGuidanceCommand } from './commands/guidance.js';
import { makeImportCommand } from './commands/import.js';
import { makeInitCommand } from './commands/init.js';
import { makeMcpCommand } from './commands/mcp.js';
import { makeReviewCommand } from './commands/review.js';
import { makeSimulateCommand } from './commands/simulate.js';
import { makeVerifyCommand } from './commands/verify.js';
import { makeWalkthroughCommand } from './commands/walkthrough.js';
import { ExitCode, exitOfError } from './app/exit.js';
import { addColorOptions } from './commands/options.js';
import { VERSION } from './generated/version.js';

/** The commands, in the order --help lists them. */
const COMMANDS: readonly (readonly [string, () => Command])[] = [
  ['review', makeReviewCommand],
  ['simulate', makeSimulateCommand],
  ['verify', makeVerifyCommand],
  ['diff', makeDiffCommand],
  ['guidance', makeGuidanceCommand],
  ['walkthrough', makeWalkthroughCommand],
  ['diagram', makeDiagramCommand],
  ['import', makeImportCommand],
  ['generate', makeGenerateCommand],
  ['init', makeInitCommand],
  ['mcp', makeMcpCommand],
  ['rules', makeRulesCommand],
  ['explain', makeExplainCommand],
  ['schema', makeSchemaCommand],
];

/**
 * The program. A run that names its command first (`eda-advisor review …`, nearly every run) is
 * given that command alone: building the other thirteen, their options and help, is about a
 * millisecond that a CI step pays at every start. Any other run (--help, help, a typo to correct)
 * gets them all.
 */
function makeProgram(argv: readonly string[]): Command {
  const program = new Command('eda-advisor')
    .description('A design advisor for event-driven distributed processes: sagas, process managers and choreographies.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      '\nStart with:\n  $ eda-advisor review design.yaml\n  $ eda-advisor simulate design.yaml\n  $ eda-advisor guidance design.yaml\n  $ eda-advisor walkthrough design.yaml\n  $ eda-advisor review --help',
    );
  const named = COMMANDS.find(([name]) => name === argv[2]);
  for (const [name, make] of named ? [named] : COMMANDS) {
    const command = make();
    if (command.name() !== name) throw new Error(`the command '${command.name()}' is listed as '${name}' in cli.ts`);
    // Every command takes --color and --no-color, so that a CI template can pass them to any.
    for (const c of [command, ...command.commands]) addColorOptions(c);
    // A subcommand's usage error (`import asyncapi` without a file) is exit 2 too, not commander's 1.
    for (const c of command.commands) c.exitOverride().showHelpAfterError(`(eda-advisor ${command.name()} ${c.name()} --help shows the usage)`);
    program.addCommand(command.exitOverride().showHelpAfterError(`(eda-advisor ${command.name()} --help shows the usage)`));
  }
  return program;
}

/**
 * Standard output that closes early (`eda-advisor review … | head -1`) ends the run quietly, with
 * the exit code the findings decide; one that cannot be written (a full disk) is one line on
 * standard error and exit 2. Never a stack trace.
 */
function guardStandardOutput(): void {
  let failed: string | undefined;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' || failed !== undefined) return;
    failed = err.code ?? err.message;
    process.stderr.write(`eda-advisor: standard output cannot be written (${failed}); the report is incomplete.\n`);
  });
  process.on('exit', () => {
    if (failed !== undefined) process.exitCode = ExitCode.cannotRun;
  });
}

/** Runs the CLI; every error becomes a one-line message and an exit code, never a stack trace. */
export async function main(argv: readonly string[]): Promise<void> {
  // No SIGINT handler: Ctrl-C ends a command at once, even one blocked reading a pipe, and the
  // shell sees 130. Every write is whole or not at all, so nothing half-written is left. The
  // walkthrough reads Ctrl-C as a key in raw mode and ends with Interrupted, 130 too.
  guardStandardOutput();
  try {
    await makeProgram(argv).parseAsync(argv as string[]);
  } catch (err) {
    process.exitCode = exitCodeOf(err);
  }
}

function exitCodeOf(err: unknown): number {
  // Commander has printed its message; help and version are not errors.
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.cannotRun;
  const exit = exitOfError(err);
  if (!exit.internal) {
    process.stderr.write(`eda-advisor: ${exit.message}\n`);
    return exit.code;
  }
  process.stderr.write(`eda-advisor: internal error: ${exit.message}\nThis is a bug in eda-advisor; please report it with the input that caused it.\n`);
  if (process.env.EDA_ADVISOR_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
  return exit.code;
}

// Not awaited: the bundle is CommonJS (bin/eda-advisor.js), and main() settles every error itself.
void main(process.argv);
