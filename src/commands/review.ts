import { appendFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeOrFail } from '../app/files.js';
import { runReview } from '../app/review.js';
import { readBaseline } from '../engine/baseline.js';
import { timing, type Level } from '../engine/run.js';
import { InputError, UsageError } from '../errors.js';
import type { Severity } from '../findings.js';
import { FORMAT_NAMES, FORMATTERS } from '../formatters/index.js';
import type { Formatter } from '../formatters/types.js';
import { RULE_IDS } from '../rules/ids.js';
import { didYouMean } from '../util/nearest.js';
import { PRESET_NAMES } from '../config/presets.js';
import { maxFileSizeOption, notice, parseCount, parseRule, useColor } from './options.js';

interface CliOptions {
  rule?: Map<string, Level>;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  pruneBaseline?: boolean;
  maxWarnings?: number;
  maxFileSize: number;
  failOn: Severity;
  quiet?: boolean;
  force?: boolean;
  color?: boolean;
  errorOnUnmatchedPattern: boolean;
  stdinFilename?: string;
  verify?: boolean;
  since?: string;
  printConfig?: string;
}

/** A report to write: a format, and the file it goes to (standard output when none). */
export interface Output {
  readonly format: string;
  readonly file?: string;
}

/**
 * Pairs each --output with a --format: the last one before it that has no file yet, else the next
 * one after it. `--format sarif --output r.sarif --format stylish` writes SARIF to r.sarif and
 * stylish to standard output; `--output r.txt` alone writes stylish there. An --output that no
 * --format is left for, when formats are given, is a usage error.
 */
export function pairOutputs(tokens: readonly { kind: 'format' | 'output'; value: string }[]): Output[] {
  const outputs: { format?: string; file?: string }[] = [];
  for (const t of tokens) {
    if (t.kind === 'format') {
      const waiting = outputs.find((o) => o.format === undefined);
      if (waiting) waiting.format = t.value;
      else outputs.push({ format: t.value });
    } else {
      const open = [...outputs].reverse().find((o) => o.format !== undefined && o.file === undefined);
      if (open) open.file = t.value;
      else outputs.push({ file: t.value });
    }
  }
  if (outputs.length === 0) outputs.push({ format: 'stylish' });
  // A lone --output with no --format at all writes the default format, as ESLint's -o does; an
  // --output left over when formats are given is a mistake, not a second stylish report.
  const formatless = outputs.find((o) => o.format === undefined);
  if (formatless && outputs.length > 1)
    throw new UsageError(
      `--output ${formatless.file ?? ''} has no --format: say which report goes there, as in --format sarif --output ${formatless.file ?? 'report.sarif'}.`,
    );
  const paired = outputs.map((o) => ({ format: o.format ?? 'stylish', ...(o.file === undefined ? {} : { file: o.file }) }));
  if (paired.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError('only one --format can go to standard output; give the others an --output file.');
  }
  const byFile = new Map<string, string>();
  for (const o of paired) {
    if (o.file === undefined) continue;
    const key = path.resolve(o.file);
    const other = byFile.get(key);
    if (other !== undefined)
      throw new UsageError(
        `--output ${o.file} is given to two formats (${other} and ${o.format}): one file holds one report; give each --format its own --output.`,
      );
    byFile.set(key, o.format);
  }
  return paired;
}

/** Flags that cannot go together, said before anything is read. */
function checkCombinations(files: readonly string[], opts: CliOptions): void {
  if (opts.pruneBaseline && !opts.baseline) throw new UsageError('--prune-baseline goes with --baseline <file>.');
  if (opts.baseline !== undefined && opts.writeBaseline !== undefined && path.resolve(opts.baseline) === path.resolve(opts.writeBaseline)) {
    throw new UsageError(
      `--baseline and --write-baseline name the same file (${opts.baseline}): --write-baseline records anew, --baseline compares with it; use one, or --baseline with --prune-baseline to shrink it.`,
    );
  }
  if (opts.config !== undefined && !existsSync(opts.config)) {
    const name = opts.config.startsWith('eda-advisor:') ? opts.config : `eda-advisor:${opts.config}`;
    if ((PRESET_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(
        `-c takes a configuration file, and '${opts.config}' is a preset: put "extends: ${name}" in .eda-advisor.yaml, or pass a file that does.`,
      );
    }
  }
  if (opts.stdinFilename !== undefined && !files.includes('-')) throw new UsageError('--stdin-filename names standard input: it goes with - among the files.');
}

export function makeReviewCommand(): Command {
  const tokens: { kind: 'format' | 'output'; value: string }[] = [];
  const command = new Command('review')
    .description('Review design files against the checklist and the anti-patterns; print findings with file, line and column.')
    .argument('[files...]', 'design files (YAML or JSON), folders to search, or globs such as "design/**/*.yaml"; - reads standard input')
    .option('-f, --format <name>', `report format: ${FORMAT_NAMES.join(', ')} (default stylish; repeatable)`, (value: string) => {
      if (!FORMAT_NAMES.includes(value))
        throw new InvalidArgumentError(`'${value}' is not a format; use one of ${FORMAT_NAMES.join(', ')}${didYouMean(value, FORMAT_NAMES) || '.'}`);
      tokens.push({ kind: 'format', value });
      return value;
    })
    .option('-o, --output <file>', 'write the --format before it to this file (whole or not at all) instead of standard output', (value: string) => {
      tokens.push({ kind: 'output', value });
      return value;
    })
    .option('-c, --config <file>', 'use this configuration file for every design (default: the nearest .eda-advisor.yaml above each file)')
    .option('--print-config <file>', 'print the rule levels and options that apply to this design file, then exit')
    .option('--rule <id=level>', 'set a rule to off, info, warning or error (repeatable; over the configuration)', parseRule)
    .addOption(new Option('--fail-on <severity>', 'fail (exit 1) on findings at or above this severity').choices(['error', 'warning', 'info']).default('error'))
    .option('--max-warnings <n>', 'also fail (exit 1) when there are more than n warnings', parseCount)
    .option('-q, --quiet', 'report errors only (warnings and infos still count for --fail-on and --max-warnings)')
    .addOption(maxFileSizeOption())
    .option('--write-baseline <file>', "record today's findings in a baseline file (then exit 0)")
    .option('--baseline <file>', 'hide the findings the baseline records; fail only on new ones')
    .option('--prune-baseline', 'with --baseline: drop from it the findings that no longer occur')
    .option('--force', 'write --output and baselines through a symbolic link that leaves the working folder')
    .option(
      '--verify',
      "also explore every failure ordering (as eda-advisor verify does) and add each process's shortest failing run as a finding; off by default, so that review stays instant",
    )
    .option(
      '--since <rev>',
      'also say what changed in each design since this git revision (as eda-advisor diff does, against the file at that revision); breaking changes are errors',
    )
    .option('--stdin-filename <name>', 'with -: the name standard input is reviewed as, in findings and for finding its configuration')
    .option('--no-error-on-unmatched-pattern', 'a file, folder or glob that names no design is a notice, not exit 2');
  return command
    .addHelpText(
      'after',
      `
Sources other than a design are reviewed in place when named: an AsyncAPI document, an AWS Step
Functions definition or template, a BPMN 2.0 model. Each is converted in memory (as eda-advisor
import would) and its findings point at its own lines.

Exit codes:
  0  nothing at the --fail-on severity (default error), and no more warnings than --max-warnings
  1  findings that fail the run, YAML syntax errors and schema violations included
  2  the run could not be done: a usage error, an unreadable file, a pattern that matches no design,
     a report that cannot be written
  130 interrupted (Ctrl-C)

Examples:
  $ eda-advisor review design.yaml
  $ eda-advisor review design.yaml --format json --output report.json
  $ eda-advisor review design.yaml --format sarif --output report.sarif --format stylish
  $ eda-advisor review trip.asl.json order.bpmn
  $ eda-advisor review design.yaml --format github          # annotations in a GitHub Actions job
  $ eda-advisor review design.yaml --rule sync-dependency=error --rule missing-outbox=off
  $ eda-advisor review 'design/**/*.yaml' --fail-on warning --max-warnings 0
  $ eda-advisor review design.yaml --baseline baseline.json
  $ eda-advisor review design.yaml --since origin/main --format markdown   # a pull request's comment
  $ eda-advisor review --print-config design/orders.yaml
  $ cat design.yaml | eda-advisor review - --stdin-filename design/orders.yaml

Suppress one finding with a comment above its line (the reason is required):
  # eda-advisor-ignore sync-dependency -- the fraud check must answer before we charge`,
    )
    .action(async (files: string[], opts: CliOptions) => {
      const outputs = pairOutputs(tokens);
      const levels = opts.rule ?? new Map<string, Level>();
      checkCombinations(files, opts);
      if (files.length === 0 && opts.printConfig === undefined)
        throw new UsageError(
          "missing required argument 'files': name the design files, folders or globs to review (eda-advisor review --help shows the usage).",
        );
      if (opts.printConfig !== undefined) {
        const { printConfig } = await import('../app/print-config.js');
        process.stdout.write(printConfig(opts.printConfig, process.cwd(), levels, opts.config));
        return;
      }
      const outcome = await runReview({
        args: files,
        cwd: process.cwd(),
        levels,
        maxFileSize: opts.maxFileSize,
        failOn: opts.failOn,
        ...(opts.maxWarnings !== undefined ? { maxWarnings: opts.maxWarnings } : {}),
        ...(opts.config ? { config: opts.config } : {}),
        ...(opts.baseline ? { baseline: { file: opts.baseline, content: readBaseline(opts.baseline), prune: opts.pruneBaseline === true } } : {}),
        ...(opts.writeBaseline ? { writeBaseline: opts.writeBaseline } : {}),
        ...(opts.quiet ? { quiet: true } : {}),
        outputs: outputs.flatMap((o) => (o.file === undefined ? [] : [o.file])),
        ...(opts.force ? { force: true } : {}),
        ...(opts.errorOnUnmatchedPattern ? {} : { allowUnmatched: true }),
        ...(opts.stdinFilename !== undefined ? { stdinName: opts.stdinFilename } : {}),
        ...(opts.verify ? { verify: true } : {}),
        ...(opts.since !== undefined ? { since: opts.since } : {}),
      });
      for (const line of outcome.notices) notice(line);
      const shown = outcome.report;
      if (shown) {
        const rules = RULE_IDS.filter((id) => levels.get(id) !== 'off');
        for (const o of outputs) {
          const formatter = FORMATTERS[o.format] as Formatter;
          const text = formatter(shown, { color: o.file === undefined && useColor(opts.color), rules, failOn: opts.failOn });
          if (o.file === undefined) process.stdout.write(text);
          else writeOrFail(o.file, text, outcome.guard);
        }
        // In GitHub Actions the github format also leaves a summary on the job's page.
        const summaryFile = process.env.GITHUB_STEP_SUMMARY;
        if (summaryFile && outputs.some((o) => o.format === 'github')) {
          try {
            appendFileSync(summaryFile, FORMATTERS.markdown?.(shown, { color: false }) ?? '');
          } catch (err) {
            // The runner's environment, not a bug: said with the path, exit 2.
            throw new InputError(
              summaryFile,
              `(GITHUB_STEP_SUMMARY) cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the job summary was not added.`,
            );
          }
        }
      }
      if (timing) {
        // As ESLint's TIMING: `all` for every row, a number for that many, else the ten slowest.
        const asked = process.env.EDA_ADVISOR_TIMING ?? '';
        const count = asked === 'all' ? Number.POSITIVE_INFINITY : /^[1-9]\d*$/.test(asked) && asked !== '1' ? Number(asked) : 10;
        const rows = [...timing].sort((x, y) => y[1] - x[1]).slice(0, count);
        process.stderr.write(
          `Timing of phases and rules (EDA_ADVISOR_TIMING):\n${rows.map(([id, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${id}`).join('\n')}\n`,
        );
      }
      process.exitCode = outcome.exitCode;
    });
}
