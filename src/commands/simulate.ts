import { Command, Option } from 'commander';
import { reviewSource } from '../engine/run.js';
import { UsageError } from '../errors.js';
import { formatSimulationJson, formatSimulationText, type SimulationReport } from '../formatters/simulation.js';
import stylish from '../formatters/stylish.js';
import { loadWidths } from '../util/columns.js';
import { summarize } from '../formatters/types.js';
import { loadSource } from '../parse/load.js';
import { locate } from '../parse/locate.js';
import schemaRule from '../rules/schema.js';
import yamlSyntax from '../rules/yaml-syntax.js';
import { selectProcesses } from '../model/select.js';
import { simulateProcess } from '../sim/simulate.js';
import { isConsistent, type ProcessSimulation } from '../sim/trace.js';
import { didYouMean } from '../util/nearest.js';
import { maxFileSizeOption, useColor } from './review.js';

interface CliOptions {
  process?: string;
  failAt?: string;
  maxFileSize: number;
  format: 'text' | 'json';
  color: boolean;
}

/** What `simulate` computed for one file, and whether any trace is inconsistent. */
export interface SimulateResult {
  readonly report: SimulationReport;
  readonly inconsistent: boolean;
}

/**
 * Simulates the processes of one design: a permanent failure at every failure point, or at the one
 * `--fail-at` names. A design that does not parse or violates the schema is not simulated: its
 * findings are the answer.
 */
export function runSimulate(file: string, options: Pick<CliOptions, 'process' | 'failAt'> & { maxFileSize?: number }): SimulateResult | { findingsText: string } {
  const source = loadSource(file, options.maxFileSize);
  const review = reviewSource(source, { rules: [yamlSyntax, schemaRule] });
  if (review.findings.length > 0 || !review.design) {
    const files = [source.file];
    return { findingsText: stylish({ files, findings: review.findings, summary: summarize(files, review.findings, 0) }, { color: false }) };
  }
  const design = review.design;
  const processes = selectProcesses(design, options.process, source.file);
  let simulations: ProcessSimulation[] = processes.map((p) => simulateProcess(design, p));
  if (options.failAt !== undefined) {
    const at = options.failAt;
    const matches = (id: string) => id === at || id.split('.').includes(at);
    simulations = simulations.map((s) => ({ ...s, traces: s.traces.filter((t) => matches(t.point.id)) })).filter((s) => s.traces.length > 0);
    if (simulations.length === 0) {
      const ids = processes.flatMap((p) => simulateProcess(design, p).traces.map((t) => t.point.id));
      throw new UsageError(
        `no failure point '${at}' in ${options.process ? `process '${options.process}'` : source.file}${didYouMean(at, ids) || '.'} Failure points: ${ids.join(', ') || '(none)'}.`,
      );
    }
  }
  const parsed = review.parsed;
  const report: SimulationReport = {
    file: source.file,
    processes: simulations,
    detailed: options.failAt !== undefined,
    locate: (t) => locate(parsed, t.point.ref),
  };
  return { report, inconsistent: simulations.some((s) => s.traces.some((t) => !isConsistent(t))) };
}

export function makeSimulateCommand(): Command {
  return new Command('simulate')
    .description('Fail each process for good at every failure point and show which compensations run, how it ends, and what is left inconsistent.')
    .argument('<file>', 'a design file; - reads one from standard input')
    .option('-p, --process <name>', 'only this process')
    .option('--fail-at <point>', 'trace one failure point step by step: a step, a state, State.Event, State.timeout, or an event')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(maxFileSizeOption())
    .option('--no-color', 'print without colour (also: NO_COLOR=1, or when output is not a terminal)')
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
      const result = runSimulate(file, opts);
      if ('findingsText' in result) {
        process.stderr.write(`eda-advisor: ${file} cannot be simulated until it parses and follows the schema:\n${result.findingsText}`);
        process.exitCode = 1;
        return;
      }
      if (opts.format !== 'json') await loadWidths();
      const text = opts.format === 'json' ? formatSimulationJson([result.report]) : formatSimulationText(result.report, useColor(opts.color));
      process.stdout.write(text);
      process.exitCode = result.inconsistent ? 1 : 0;
    });
}

