import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError, UsageError } from '../errors.js';
import { compareFindings, SEVERITIES, type Finding, type Severity } from '../findings.js';
import { reviewSource, timing, type FileReview, type Level, type RuleCrash } from '../engine/run.js';
import { FORMAT_NAMES, FORMATTERS } from '../formatters/index.js';
import { summarize, type Formatter, type ReportData } from '../formatters/types.js';
import { ConfigError, findConfig, loadConfig, settingsFor, type Config, type FileSettings } from '../config/config.js';
import { applyBaseline, baselineOf, readBaseline } from '../engine/baseline.js';
import { expandFiles } from '../parse/files.js';
import { DEFAULT_MAX_FILE_SIZE, displayName, loadSource, parseSize, type Source } from '../parse/load.js';
import type { ConvertResult } from '../asyncapi/convert.js';
import { isAsyncApi, reviewAsyncApi } from '../asyncapi/review.js';
import { RULE_IDS } from '../rules/ids.js';
import { didYouMean } from '../util/nearest.js';
import { writeFileAtomic } from '../util/write.js';

export interface ReviewOptions {
  readonly files: readonly string[];
  /** Levels from the command line (--rule), over any configuration. */
  readonly levels: ReadonlyMap<string, Level>;
  readonly maxFileSize?: number;
  /** --config: this configuration for every file, instead of the nearest .eda-advisor.yaml. */
  readonly config?: string;
  /** AsyncAPI documents among the files, already read and converted (the conversion is asynchronous). */
  readonly asyncapi?: ReadonlyMap<string, PreparedAsyncApi>;
}

/**
 * A file read before the (synchronous) review: an AsyncAPI document and its conversion, standard
 * input (which can be read only once), or standard input's read error, reported with the others.
 */
export type PreparedAsyncApi = { readonly source: Source; readonly result?: ConvertResult } | { readonly error: InputError };

/** The first bytes of a file, enough to tell an AsyncAPI document by its `asyncapi:` key; '' when unreadable. */
function head(file: string): string {
  let fd: number | undefined;
  try {
    // Opening a FIFO would wait for a writer: only regular files are sniffed (the review refuses the rest).
    if (!statSync(file).isFile()) return '';
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(4096);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads the files that are AsyncAPI documents and converts them into designs; the parser is loaded
 * only when there is one. Other files are only sniffed (their first 4 KiB) and left for the review,
 * which also reports the files that cannot be read.
 */
export async function prepareAsyncApi(files: readonly string[], maxFileSize: number): Promise<Map<string, PreparedAsyncApi>> {
  const out = new Map<string, PreparedAsyncApi>();
  for (const file of files) {
    if (file !== '-' && !isAsyncApi(head(file))) continue;
    let source: Source;
    try {
      source = loadSource(file, maxFileSize);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      if (file === '-') out.set(file, { error: err });
      continue;
    }
    if (!isAsyncApi(source.text)) {
      out.set(file, { source });
      continue;
    }
    const { convertAsyncApi } = await import('../asyncapi/convert.js');
    out.set(file, { source, result: await convertAsyncApi(source.file, source.text) });
  }
  return out;
}

export interface ReviewResult {
  readonly reviews: readonly FileReview[];
  readonly inputErrors: readonly InputError[];
  /** Files skipped by a configuration's ignorePatterns. */
  readonly ignored: readonly string[];
  readonly report: ReportData;
  readonly crashes: readonly RuleCrash[];
  /** The settings each reviewed file was reviewed with (guidance reads pattern-mismatch's options). */
  readonly settings: ReadonlyMap<string, FileSettings>;
}

/** Reviews every file it can read; what it cannot read is returned, not thrown. */
export function runReview(options: ReviewOptions): ReviewResult {
  const reviews: FileReview[] = [];
  const inputErrors: InputError[] = [];
  const ignored: string[] = [];
  const allSettings = new Map<string, FileSettings>();
  const configs = new Map<string, Config>();
  const configFor = (file: string): Config | undefined => {
    const found = options.config ?? findConfig(file === '-' ? path.join(process.cwd(), '-') : file);
    if (found === undefined) return undefined;
    let config = configs.get(found);
    if (!config) {
      if (options.config !== undefined && !existsSync(found)) throw new ConfigError(options.config, 'no such configuration file; check the path.');
      config = loadConfig(found);
      configs.set(found, config);
    }
    return config;
  };
  for (const file of new Set(options.files)) {
    const settings = settingsFor(configFor(file), file, options.levels);
    allSettings.set(file, settings);
    if (settings.ignored) {
      ignored.push(file);
      continue;
    }
    try {
      const prepared = options.asyncapi?.get(file);
      if (prepared && 'error' in prepared) throw prepared.error;
      if (prepared?.result) {
        reviews.push(reviewAsyncApi(prepared.source, prepared.result, { levels: settings.levels, ruleOptions: settings.options, raise: settings.raise }));
        continue;
      }
      const source = prepared?.source ?? loadSource(file, options.maxFileSize);
      reviews.push(reviewSource(source, { levels: settings.levels, ruleOptions: settings.options, raise: settings.raise, ...(options.maxFileSize ? { maxFileSize: options.maxFileSize } : {}) }));
    } catch (err) {
      if (!(err instanceof InputError) || err instanceof ConfigError) throw err;
      inputErrors.push(err);
    }
  }
  const findings: Finding[] = reviews.flatMap((r) => r.findings).sort(compareFindings);
  const suppressed = reviews.reduce((n, r) => n + r.suppressed, 0);
  const files = reviews.map((r) => r.file);
  return { reviews, inputErrors, ignored, report: { files, findings, summary: summarize(files, findings, suppressed) }, crashes: reviews.flatMap((r) => r.crashes), settings: allSettings };
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

/** The --max-file-size option every command that reads a file has: 10MiB unless told otherwise. */
export function maxFileSizeOption(): Option {
  return new Option('--max-file-size <size>', 'refuse files larger than this (exit 2)').argParser(parseSizeOption).default(DEFAULT_MAX_FILE_SIZE, '10MiB');
}

/** `--max-file-size 20MiB`: a size with an optional unit (B, KB, KiB, MB, MiB, GB, GiB). */
export function parseSizeOption(value: string): number {
  const size = parseSize(value);
  if (size === undefined || size <= 0) throw new InvalidArgumentError('expected a size such as 10MiB, 512KiB or 2000000.');
  return size;
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, such as 0 or 10.');
  return Number(value);
}

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
  color: boolean;
}

/** A report to write: a format, and the file it goes to (standard output when none). */
export interface Output {
  readonly format: string;
  readonly file?: string;
}

/**
 * Pairs each --output with a --format: the last one before it that has no file yet, else the next
 * one after it. `--format sarif --output r.sarif --format stylish` writes SARIF to r.sarif and
 * stylish to standard output; an --output with no format writes stylish.
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
  const paired = outputs.map((o) => ({ format: o.format ?? 'stylish', ...(o.file === undefined ? {} : { file: o.file }) }));
  if (paired.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError('only one --format can go to standard output; give the others an --output file.');
  }
  return paired;
}

export function makeReviewCommand(): Command {
  const tokens: { kind: 'format' | 'output'; value: string }[] = [];
  return new Command('review')
    .description('Review design files against the checklist and the anti-patterns; print findings with file, line and column.')
    .argument('<files...>', 'design files (YAML or JSON), folders to search, or globs such as "design/**/*.yaml"; - reads standard input')
    .option('-f, --format <name>', `report format: ${FORMAT_NAMES.join(', ')} (default stylish; repeatable)`, (value: string) => {
      if (!FORMAT_NAMES.includes(value)) throw new InvalidArgumentError(`'${value}' is not a format; use one of ${FORMAT_NAMES.join(', ')}${didYouMean(value, FORMAT_NAMES) || '.'}`);
      tokens.push({ kind: 'format', value });
      return value;
    })
    .option('-o, --output <file>', 'write the --format before it to this file (whole or not at all) instead of standard output', (value: string) => {
      tokens.push({ kind: 'output', value });
      return value;
    })
    .option('-c, --config <file>', 'use this configuration for every file (default: the nearest .eda-advisor.yaml above each file)')
    .option('--rule <id=level>', 'set a rule to off, info, warning or error (repeatable; over the configuration)', parseRule)
    .addOption(new Option('--fail-on <severity>', 'fail (exit 1) on findings at or above this severity').choices(['error', 'warning', 'info']).default('error'))
    .option('--max-warnings <n>', 'also fail (exit 1) when there are more than n warnings', parseCount)
    .option('-q, --quiet', 'report errors only (warnings and infos still count for --fail-on and --max-warnings)')
    .addOption(maxFileSizeOption())
    .option('--write-baseline <file>', "record today's findings in a baseline file (then exit 0)")
    .option('--baseline <file>', 'hide the findings the baseline records; fail only on new ones')
    .option('--prune-baseline', 'with --baseline: drop from it the findings that no longer occur')
    .option('--no-color', 'print without colour (also: NO_COLOR=1, or when output is not a terminal)')
    .addHelpText(
      'after',
      `
Exit codes:
  0  nothing at the --fail-on severity (default error), and no more warnings than --max-warnings
  1  findings that fail the run, YAML syntax errors and schema violations included
  2  the run could not be done: a usage error, an unreadable file, a report that cannot be written

Examples:
  $ eda-advisor review design.yaml
  $ eda-advisor review design.yaml --format json --output report.json
  $ eda-advisor review design.yaml --format sarif --output report.sarif --format stylish
  $ eda-advisor review design.yaml --format github          # annotations in a GitHub Actions job
  $ eda-advisor review design.yaml --rule sync-dependency=error --rule missing-outbox=off
  $ eda-advisor review design.yaml --fail-on warning
  $ cat design.yaml | eda-advisor review -

Suppress one finding with a comment above its line (the reason is required):
  # eda-advisor-ignore sync-dependency -- the fraud check must answer before we charge`,
    )
    .action(async (files: string[], opts: CliOptions) => {
      const outputs = pairOutputs(tokens);
      const levels = opts.rule ?? new Map<string, Level>();
      if (opts.pruneBaseline && !opts.baseline) throw new UsageError('--prune-baseline goes with --baseline <file>.');
      const baseline = opts.baseline ? readBaseline(opts.baseline) : undefined;
      const expanded = expandFiles(files);
      for (const arg of expanded.empty) process.stderr.write(`eda-advisor: ${arg}: no design files found (a design is a YAML or JSON file with version: 1).\n`);
      if (expanded.files.length === 0) throw new UsageError(`no design files to review in ${files.join(', ')}.`);
      const asyncapi = await prepareAsyncApi(expanded.files, opts.maxFileSize);
      const result = runReview({ files: expanded.files, levels, maxFileSize: opts.maxFileSize, asyncapi, ...(opts.config ? { config: opts.config } : {}) });
      if (opts.writeBaseline) {
        const b = baselineOf(result.report.findings);
        writeOrFail(opts.writeBaseline, `${JSON.stringify(b, null, 2)}\n`);
        process.stderr.write(`eda-advisor: recorded ${result.report.findings.length} ${result.report.findings.length === 1 ? 'finding' : 'findings'} in ${opts.writeBaseline}.\n`);
        process.exitCode = result.inputErrors.length > 0 || result.crashes.length > 0 ? 2 : 0;
        return;
      }
      let report = result.report;
      if (baseline) {
        const applied = applyBaseline(baseline, report.findings);
        report = { files: report.files, findings: applied.fresh, summary: summarize(report.files, applied.fresh, report.summary.suppressed) };
        if (applied.gone.length > 0) {
          const n = applied.gone.reduce((sum, e) => sum + e.count, 0);
          if (opts.pruneBaseline) {
            writeOrFail(opts.baseline as string, `${JSON.stringify(applied.kept, null, 2)}\n`);
            process.stderr.write(`eda-advisor: ${n} baselined ${n === 1 ? 'finding no longer occurs' : 'findings no longer occur'}; removed from ${opts.baseline}.\n`);
          } else {
            process.stderr.write(`eda-advisor: ${n} baselined ${n === 1 ? 'finding no longer occurs' : 'findings no longer occur'}; run with --prune-baseline to shrink ${opts.baseline}.\n`);
          }
        }
        if (applied.known > 0) process.stderr.write(`eda-advisor: ${applied.known} known ${applied.known === 1 ? 'finding' : 'findings'} hidden by ${opts.baseline}.\n`);
      }
      for (const err of result.inputErrors) process.stderr.write(`eda-advisor: ${err.message}\n`);
      for (const file of result.ignored) process.stderr.write(`eda-advisor: ${displayName(file)}: skipped, it matches ignorePatterns of the configuration.\n`);
      for (const crash of result.crashes) {
        process.stderr.write(`eda-advisor: internal error: rule '${crash.ruleId}' failed on ${crash.file}: ${crash.error}. The other rules ran; please report this.\n`);
      }
      if (result.reviews.length > 0 || result.inputErrors.length === 0) {
        const shown = opts.quiet ? quietReport(report) : report;
        const rules = RULE_IDS.filter((id) => levels.get(id) !== 'off');
        for (const o of outputs) {
          const formatter = FORMATTERS[o.format] as Formatter;
          const text = formatter(shown, { color: o.file === undefined && useColor(opts.color), rules });
          if (o.file === undefined) {
            process.stdout.write(text);
            continue;
          }
          writeOrFail(o.file, text);
        }
        // In GitHub Actions the github format also leaves a summary on the job's page.
        const summaryFile = process.env.GITHUB_STEP_SUMMARY;
        if (summaryFile && outputs.some((o) => o.format === 'github')) appendFileSync(summaryFile, FORMATTERS.markdown?.(shown, { color: false }) ?? '');
      }
      if (timing) {
        const rows = [...timing].sort((x, y) => y[1] - x[1]).slice(0, 10);
        process.stderr.write(`Timing of phases and rules (EDA_ADVISOR_TIMING):\n${rows.map(([id, ms]) => `  ${ms.toFixed(1).padStart(8)} ms  ${id}`).join('\n')}\n`);
      }
      const { errors, warnings, infos } = report.summary;
      const failing = opts.failOn === 'info' ? errors + warnings + infos : opts.failOn === 'warning' ? errors + warnings : errors;
      if (result.inputErrors.length > 0 || result.crashes.length > 0) process.exitCode = 2;
      else if (failing > 0 || (opts.maxWarnings !== undefined && warnings > opts.maxWarnings)) process.exitCode = 1;
      else process.exitCode = 0;
    });
}

/** Writes a file whole or not at all, or says it cannot (exit 2). */
export function writeOrFail(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new InputError(file, `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was written.`);
  }
}

/** The report with errors only (--quiet); its summary counts what is shown. */
function quietReport(report: ReportData): ReportData {
  const findings = report.findings.filter((f) => f.severity === 'error');
  return { files: report.files, findings, summary: summarize(report.files, findings, report.summary.suppressed) };
}

/** Colour when not turned off (--no-color, NO_COLOR) and forced (FORCE_COLOR) or printing to a terminal. */
export function useColor(flag: boolean): boolean {
  if (!flag) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}
