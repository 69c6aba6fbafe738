import { Command, InvalidArgumentError, Option } from 'commander';
import { writeOrFail } from '../app/files.js';
import { DEFAULT_BOUNDS, FAULTS } from '../verify/terms.js';
import { maxFileSizeOption, parseCount, settle, useColor } from './options.js';

interface CliOptions {
  process?: string;
  maxStates: number;
  depth: number;
  maxFaults: number;
  faults?: string;
  format: 'text' | 'json' | 'sarif' | 'markdown';
  output?: string;
  maxFileSize: number;
  color?: boolean;
}

const positive = (value: string) => {
  const n = parseCount(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number above zero.');
  return n;
};

export function makeVerifyCommand(): Command {
  return new Command('verify')
    .description(
      'Explore every ordering of deliveries, timeouts and faults (duplicates, crashes between a state write and a publish, late replies, …) and show the shortest run that breaks a property.',
    )
    .argument('<file>', 'a design file; - reads one from standard input')
    .option('-p, --process <name>', 'only this process')
    .addOption(new Option('--max-states <n>', 'states explored per process before the search stops').argParser(positive).default(DEFAULT_BOUNDS.maxStates))
    .addOption(new Option('--depth <n>', 'steps in one run').argParser(positive).default(DEFAULT_BOUNDS.depth))
    .addOption(new Option('--max-faults <n>', 'faults injected in one run').argParser(parseCount).default(DEFAULT_BOUNDS.maxFaults))
    .option('--faults <list>', `the faults to inject, comma-separated (default: all): ${Object.keys(FAULTS).join(', ')}`)
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json', 'sarif', 'markdown']).default('text'))
    .option('-o, --output <file>', 'write the report to a file (whole or not at all) instead of standard output')
    .addOption(maxFileSizeOption())
    .addHelpText(
      'after',
      `
Each saga and process manager runs as one instance in a world of messages in flight: every
delivery order the broker allows, every timer, and the faults the design makes possible:
${Object.entries(FAULTS)
  .map(([id, what]) => `  ${id.padEnd(21)} ${what}`)
  .join('\n')}
Properties: verify/duplicate-effect, verify/lost-message, verify/stuck-instance,
verify/left-uncompensated, verify/compensation-before-effect, verify/unhandled-message
(eda-advisor explain verify/<property> says what each means). The search is breadth-first, so
the run shown is a shortest one. A search that reaches a bound says so and is never called a proof.

Exit codes: 0 no failing run within the bounds; 1 a run breaks a property, or the design does not
parse or violates the schema (its findings are printed); 2 the run could not be done.

Examples:
  $ eda-advisor verify design.yaml
  $ eda-advisor verify design.yaml --process PlaceOrder --faults duplicate,late-reply
  $ eda-advisor verify design.yaml --format sarif -o verify.sarif`,
    )
    .action(async (file: string, opts: CliOptions) => {
      await settle(async () => {
        // The explorer and its formats load with this command only.
        const { runVerify } = await import('../app/verify.js');
        const { formatVerifyJson, formatVerifyMarkdown, formatVerifySarif, formatVerifyText } = await import('../formatters/verify.js');
        let last = Date.now();
        // How often the line is redrawn (EDA_ADVISOR_PROGRESS_MS, default a second; its test sets 0,
        // so that it does not depend on how fast the machine searches).
        const every = Number(process.env.EDA_ADVISOR_PROGRESS_MS ?? 1000) || 0;
        const tty = process.stderr.isTTY === true;
        const outcome = runVerify(file, {
          ...(opts.process ? { process: opts.process } : {}),
          maxStates: opts.maxStates,
          depth: opts.depth,
          maxFaults: opts.maxFaults,
          ...(opts.faults !== undefined ? { faults: [opts.faults] } : {}),
          maxFileSize: opts.maxFileSize,
          // A search over a second shows where it is, on a terminal only (never in a log).
          ...(tty
            ? {
                progress: ({ process: name, index, of, states }) => {
                  if (Date.now() - last < every) return;
                  last = Date.now();
                  const place = of > 1 ? ` (process ${index + 1} of ${of})` : '';
                  process.stderr.write(`\r\u001b[Keda-advisor: verifying '${name}'${place}: ${states.toLocaleString('en')} states…`);
                },
              }
            : {}),
        });
        if (tty) process.stderr.write('\r\u001b[K');
        const text =
          opts.format === 'json'
            ? formatVerifyJson(outcome.report)
            : opts.format === 'sarif'
              ? formatVerifySarif(outcome.report)
              : opts.format === 'markdown'
                ? formatVerifyMarkdown(outcome.report)
                : formatVerifyText(outcome.report, opts.output === undefined && useColor(opts.color));
        if (opts.output !== undefined) {
          writeOrFail(opts.output, text, { inputs: [file] });
          return { exitCode: outcome.exitCode };
        }
        return { text, exitCode: outcome.exitCode };
      });
    });
}
