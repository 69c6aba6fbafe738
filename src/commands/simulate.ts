import { Command, Option } from 'commander';
import { runSimulate } from '../app/simulate.js';
import { formatSimulationJson, formatSimulationText } from '../formatters/simulation.js';
import { loadWidths } from '../util/columns.js';
import { maxFileSizeOption, settle, useColor } from './options.js';

interface CliOptions {
  process?: string;
  failAt?: string;
  maxFileSize: number;
  format: 'text' | 'json';
  color?: boolean;
}

export function makeSimulateCommand(): Command {
  return new Command('simulate')
    .description('Fail each process for good at every failure point and show which compensations run, how it ends, and what is left inconsistent.')
    .argument('<file>', 'a design file; - reads one from standard input')
    .option('-p, --process <name>', 'only this process')
    .option('--fail-at <point>', 'trace one failure point step by step: a step, a state, State.Event, State.timeout, or an event')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(maxFileSizeOption())
    .addHelpText(
      'after',
      `
Failure points: each saga step that can fail for good (after its retries are spent); each failure
event and each timeout of a process manager's states; each failure event a choreography's reaction
emits. A trace is inconsistent when a completed step is never compensated, a compensation can itself
fail for good, the process is left in a state with no way out, or it loops.

Exit codes: 0 every trace consistent; 1 a trace is inconsistent, or the design does not parse or
violates the schema (its findings are printed); 2 the run could not be done.

Examples:
  $ eda-advisor simulate design.yaml
  $ eda-advisor simulate design.yaml --process MoneyTransfer --fail-at Crediting.timeout
  $ eda-advisor simulate design.yaml --format json`,
    )
    .action(async (file: string, opts: CliOptions) => {
      await settle(async () => {
        const outcome = runSimulate(file, {
          ...(opts.process ? { process: opts.process } : {}),
          ...(opts.failAt !== undefined ? { failAt: opts.failAt } : {}),
          maxFileSize: opts.maxFileSize,
        });
        if (opts.format !== 'json') await loadWidths();
        const text =
          opts.format === 'json'
            ? formatSimulationJson([outcome.report])
            : formatSimulationText(outcome.report, useColor(opts.color), process.stdout.isTTY ? process.stdout.columns || 80 : undefined);
        return { text, exitCode: outcome.exitCode };
      });
    });
}
