import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { compareFindings, SEVERITIES, type Finding } from '../findings.js';
import { reviewSource, timing, type FileReview, type Level, type RuleCrash } from '../engine/run.js';
import { FORMAT_NAMES, FORMATTERS } from '../formatters/index.js';
import { summarize, type ReportData } from '../formatters/types.js';
import { DEFAULT_MAX_FILE_SIZE, loadSource, parseSize } from '../parse/load.js';
import { RULE_IDS } from '../rules/ids.js';
import { didYouMean } from '../util/nearest.js';
import { writeFileAtomic } from '../util/write.js';

export interface ReviewOptions {
  readonly files: readonly string[];
  readonly levels: ReadonlyMap<string, Level>;
  readonly maxFileSize?: number;
}

export interface ReviewResult {
  readonly reviews: readonly FileReview[];
  readonly inputErrors: readonly InputError[];
  readonly report: ReportData;
  readonly crashes: readonly RuleCrash[];
}

/** Reviews every file it can read; what it cannot read is returned, not thrown. */
export function runReview(options: ReviewOptions): ReviewResult {
  const reviews: FileReview[] = [];
  const inputErrors: InputError[] = [];
  for (const file of new Set(options.files)) {
    try {
      reviews.push(reviewSource(loadSource(file, options.maxFileSize), { levels: options.levels }));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      inputErrors.push(err);
    }
  }
  const findings: Finding[] = reviews.flatMap((r) => r.findings).sort(compareFindings);
  const suppressed = reviews.reduce((n, r) => n + r.suppressed, 0);
  const files = reviews.map((r) => r.file);
  return { reviews, inputErrors, report: { files, findings, summary: summarize(files, findings, suppressed) }, crashes: reviews.flatMap((r) => r.crashes) };
}

const LEVELS = ['off', ...SEVERITIES] as const;
/** Parse checks whose severity cannot change: a file that does not parse is not reviewed. */
const FIXED = new Set(['yaml-syntax']);

function parseRule(value: string, previous: Map<string, Level> | undefined): Map<string, Level> {
  const levels = new Map(previous);
  const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected <rule-id>=<${LEVELS.join('|')}>, as in --rule sync-dependency=error.`);
  const [, id = '', level = ''] = m;
  if (!RULE_IDS.includes(id)) throw new InvalidArgumentError(`'${id}' is not a rule id${didYouMean(id, RULE_IDS) || '.'}`);
  if (FIXED.has(id)) throw new InvalidArgumentError(`'${id}' cannot be reconfigured: a file that does not parse cannot be reviewed.`);
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new InvalidArgumentError(`'${level}' is not a level; use one of ${LEVELS.join(', ')}${didYouMean(level, LEVELS) || '.'}`);
  }
  levels.set(id, level as Level);
  return levels;
}

/** `--max-file-size 20MiB`: a size with an optional unit (B, KB, KiB, MB, MiB, GB, GiB). */
export function parseSizeOption(value: string): number {
  const size = parseSize(value);
  if (size === undefined || size <= 0) throw new InvalidArgumentError('expected a size such as 10MiB, 512KiB or 2000000.');
  return size;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, such as 0 or 10.');
  return Number(value);
}

interface CliOptions {
  format: string;
  output?: string;
  rule?: Map<string, Level>;
  maxWarnings?: number;
  maxFileSize: number;
  color: boolean;
}

export function makeReviewCommand(): Command {
  return new Command('review')
    .description('Review design files against the checklist and the anti-patterns; print findings with file, line and column.')
    .argument('<files...>', 'design files (YAML or JSON); - reads one from standard input')
    .addOption(new Option('-f, --format <name>', 'report format').choices(FORMAT_NAMES).default('stylish'))
    .option('-o, --output <file>', 'write the report to this file instead of standard output (whole or not at all)')
    .option('--rule <id=level>', 'set a rule to off, info, warning or error (repeatable)', parseRule)
    .option('--max-warnings <n>', 'also fail (exit 1) when there are more than n warnings', parseCount)
    .option('--max-file-size <size>', 'refuse design files larger than this (exit 2)', parseSizeOption, DEFAULT_MAX_FILE_SIZE)
    .option('--no-color', 'print without colour (also: NO_COLOR=1, or when output is not a terminal)')
    .addHelpText(
      'after',
      `
Exit codes:
  0  nothing at error severity (and no more warnings than --max-warnings)
  1  findings that fail the run, YAML syntax errors and schema violations included
  2  the run could not be done: a usage error, an unreadable file

Examples:
  $ eda-advisor review design.yaml
  $ eda-advisor review design.yaml --format json --output report.json
  $ eda-advisor review design.yaml --rule sync-dependency=error --rule missing-outbox=off
  $ eda-advisor review design.yaml --max-warnings 0
  $ cat design.yaml | eda-advisor review -

Suppress one finding with a comment above its line (the reason is required):
  # eda-advisor-ignore sync-dependency -- the fraud check must answer before we charge`,
    )
    .action((files: string[], opts: CliOptions) => {
      const result = runReview({ files, levels: opts.rule ?? new Map(), maxFileSize: opts.maxFileSize });
      for (const err of result.inputErrors) process.stderr.write(`eda-advisor: ${err.message}\n`);
      for (const crash of result.crashes) {
        process.stderr.write(`eda-advisor: internal error: rule '${crash.ruleId}' failed on ${crash.file}: ${crash.error}. The other rules ran; please report this.\n`);
      }
      const formatter = FORMATTERS[opts.format];
      if (!formatter) throw new UsageError(`unknown format '${opts.format}'`);
      if (result.reviews.length > 0 || result.inputErrors.length === 0) {
        const color = !opts.output && useColor(opts.color);
        const text = formatter(result.report, { color });
        if (opts.output) {
          try {
            writeFileAtomic(opts.output, text);
          } catch (err) {
            throw new InputError(opts.output, `the report cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was written.`);
          }
        } else {
          process.stdout.write(text);
        }
      }
      if (timing) {
        const rows = [...timing].sort((x, y) => y[1] - x[1]).slice(0, 10);
        process.stderr.write(`Timing of phases and rules (EDA_ADVISOR_TIMING):\n${rows.map(([id, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${id}`).join('\n')}\n`);
      }
      const { errors, warnings } = result.report.summary;
      if (result.inputErrors.length > 0 || result.crashes.length > 0) process.exitCode = 2;
      else if (errors > 0 || (opts.maxWarnings !== undefined && warnings > opts.maxWarnings)) process.exitCode = 1;
      else process.exitCode = 0;
    });
}

/** Colour when not turned off (--no-color, NO_COLOR) and forced (FORCE_COLOR) or printing to a terminal. */
export function useColor(flag: boolean): boolean {
  if (!flag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
