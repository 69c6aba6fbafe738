import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ConvertResult } from '../asyncapi/convert.js';
import { isAsyncApi, reviewAsyncApi } from '../asyncapi/review.js';
import { ConfigError, findConfig, loadConfig, settingsFor, type Config, type FileSettings } from '../config/config.js';
import { applyBaseline, baselineOf, type Baseline } from '../engine/baseline.js';
import { reviewSource, type FileReview, type Level, type RuleCrash } from '../engine/run.js';
import { InputError } from '../errors.js';
import { compareFindings, type Finding } from '../findings.js';
import { summarize, type HiddenFinding, type ReportData } from '../formatters/types.js';
import { expandFiles } from '../parse/files.js';
import { displayName, firstBytes, loadSource, type Source } from '../parse/load.js';
import type { ImportResult } from '../import/imported.js';
import { reviewImported } from '../import/review.js';
import { importKindOf, type ImportKind } from '../import/sniff.js';
import { RULES } from '../rules/index.js';
import { ExitCode, exitOfBaselineWrite, exitOfReview, type ReviewGate } from './exit.js';
import { checkOutput, writeOrFail, type WriteGuard } from './files.js';
import { reviewRootsOfParts } from './parts.js';

export interface ReviewRequest {
  readonly files: readonly string[];
  /** Levels from the command line (--rule), over any configuration. */
  readonly levels: ReadonlyMap<string, Level>;
  readonly maxFileSize?: number;
  /** --config: this configuration for every file, instead of the nearest .eda-advisor.yaml. */
  readonly config?: string;
  /** AsyncAPI documents, state machines and BPMN models among the files, already read and converted (conversions are asynchronous). */
  readonly converted?: ReadonlyMap<string, PreparedSource>;
  /** --stdin-filename: the name standard input (`-`) is reviewed under, for findings and the configuration. */
  readonly stdinName?: string;
  /** --verify: each process's shortest failing run (eda-advisor verify) as findings, added to its review's. */
  readonly verify?: (review: FileReview) => Finding[];
}

/**
 * A file read before the (synchronous) review: an AsyncAPI document and its conversion, standard
 * input (which can be read only once), or standard input's read error, reported with the others.
 */
export type PreparedSource = { readonly source: Source; readonly result?: ConvertResult; readonly imported?: ImportResult } | { readonly error: InputError };

/**
 * Reads the files that are AsyncAPI documents, state machine definitions or BPMN models and converts
 * them into designs; a converter is loaded only when there is one to convert. Other files are only
 * sniffed (their first 4 KiB) and left for the review, which also reports the files that cannot be read.
 */
export async function prepareConverted(files: readonly string[], maxFileSize?: number): Promise<Map<string, PreparedSource>> {
  const out = new Map<string, PreparedSource>();
  for (const file of files) {
    const head = file === '-' ? '' : firstBytes(file);
    if (file !== '-' && !isAsyncApi(head) && importKindOf(head) === undefined) continue;
    let source: Source;
    try {
      source = loadSource(file, maxFileSize);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      if (file === '-') out.set(file, { error: err });
      continue;
    }
    if (!isAsyncApi(source.text)) {
      const kind = importKindOf(source.text.slice(0, 4096));
      out.set(file, kind ? { source, imported: await importOf(kind, source) } : { source });
      continue;
    }
    const { convertAsyncApi } = await import('../asyncapi/convert.js');
    out.set(file, { source, result: await convertAsyncApi(source.file, source.text, maxFileSize) });
  }
  return out;
}

/** A source an importer reads, converted; the importer is loaded only for it. */
export async function importOf(kind: ImportKind, source: Source): Promise<ImportResult> {
  if (kind === 'bpmn') return (await import('../import/bpmn.js')).convertBpmn(source);
  return (await import('../import/step-functions.js')).convertStepFunctions(source);
}

/** The review with more findings among its own, in order. */
function withFindings(review: FileReview, found: readonly Finding[]): FileReview {
  return found.length === 0 ? review : { ...review, findings: [...review.findings, ...found].sort(compareFindings) };
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

/** Reviews every file it can read, each with its configuration; what it cannot read is returned, not thrown. */
export function reviewFiles(request: ReviewRequest): ReviewResult {
  const reviews: FileReview[] = [];
  const inputErrors: InputError[] = [];
  const ignored: string[] = [];
  const allSettings = new Map<string, FileSettings>();
  const configs = new Map<string, Config>();
  const stdinName = request.stdinName;
  const configFor = (file: string): Config | undefined => {
    const found = request.config ?? findConfig(file === '-' ? path.resolve(stdinName ?? '-') : file);
    if (found === undefined) return undefined;
    let config = configs.get(found);
    if (!config) {
      if (request.config !== undefined && !existsSync(found)) throw new ConfigError(request.config, 'no such configuration file; check the path.');
      config = loadConfig(found);
      configs.set(found, config);
    }
    return config;
  };
  for (const file of new Set(request.files)) {
    const settings = settingsFor(configFor(file), file, request.levels);
    allSettings.set(file, settings);
    if (settings.ignored) {
      ignored.push(file);
      continue;
    }
    const options = {
      rules: RULES,
      levels: settings.levels,
      ruleOptions: settings.options,
      raise: settings.raise,
      ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
    };
    try {
      const prepared = request.converted?.get(file);
      if (prepared && 'error' in prepared) throw prepared.error;
      const named = (source: Source): Source => (file === '-' && stdinName !== undefined ? { ...source, file: stdinName } : source);
      if (prepared?.result) {
        reviews.push(reviewAsyncApi(named(prepared.source), prepared.result, options));
        continue;
      }
      if (prepared?.imported) {
        reviews.push(reviewImported(named(prepared.source), prepared.imported, options));
        continue;
      }
      const review = reviewSource(named(prepared?.source ?? loadSource(file, request.maxFileSize)), options);
      reviews.push(request.verify ? withFindings(review, request.verify(review)) : review);
    } catch (err) {
      if (!(err instanceof InputError) || err instanceof ConfigError) throw err;
      inputErrors.push(err);
    }
  }
  const findings: Finding[] = reviews.flatMap((r) => r.findings).sort(compareFindings);
  const suppressed = reviews.reduce((n, r) => n + r.suppressed, 0);
  const files = reviews.map((r) => r.file);
  const hidden: HiddenFinding[] = reviews.flatMap((r) =>
    r.suppressedFindings.map(({ justification, ...f }) => ({ ...f, suppression: { kind: 'inSource' as const, justification } })),
  );
  return {
    reviews,
    inputErrors,
    ignored,
    report: { files, findings, summary: summarize(files, findings, suppressed), hidden },
    crashes: reviews.flatMap((r) => r.crashes),
    settings: allSettings,
  };
}

export interface ReviewRun extends ReviewGate {
  /** The command line's files, folders and globs. */
  readonly args: readonly string[];
  readonly levels: ReadonlyMap<string, Level>;
  readonly maxFileSize?: number;
  readonly config?: string;
  /** --baseline: its findings are hidden; with `prune`, those that no longer occur are dropped from its file. */
  readonly baseline?: { readonly file: string; readonly content: Baseline; readonly prune: boolean };
  /** --write-baseline: today's findings are recorded in this file instead of failing the run. */
  readonly writeBaseline?: string;
  /** --quiet: the report shows errors only (the gate still counts everything). */
  readonly quiet?: boolean;
  /** The --output files: refused, before anything is written, when one is an input. */
  readonly outputs?: readonly string[];
  /** --force: outputs may be written through a symbolic link that leaves the working folder. */
  readonly force?: boolean;
  /** --no-error-on-unmatched-pattern: a file, folder or glob that names no design is a notice, not exit 2. */
  readonly allowUnmatched?: boolean;
  readonly stdinName?: string;
  /** --verify: the processes' shortest failing runs are findings too. */
  readonly verify?: boolean;
  /** --since REV: what changed in each design since that git revision (eda-advisor diff's findings) is reported too. */
  readonly since?: string;
  /** The working folder: where a part's root design is looked for when there is no repository. */
  readonly cwd: string;
}

export interface ReviewOutcome {
  /** The report to show (after the baseline and --quiet); undefined when nothing could be read at all. */
  readonly report?: ReportData;
  readonly result: ReviewResult;
  /** One line each for standard error: what was not found, skipped, hidden, recorded or crashed. */
  readonly notices: readonly string[];
  /** What the reports' --output files must not be written over. */
  readonly guard?: WriteGuard;
  readonly exitCode: number;
}

/** The `review` use case: files expanded, AsyncAPI converted, reviewed, the baseline applied, the exit code decided. */
export async function runReview(run: ReviewRun): Promise<ReviewOutcome> {
  const notices: string[] = [];
  const expanded = expandFiles(run.args);
  const strict = run.allowUnmatched !== true && expanded.files.length > 0;
  for (const arg of expanded.empty)
    notices.push(
      `${arg}: no design files found (a design is a YAML or JSON file with version: 1)${strict ? '; every pattern must match (--no-error-on-unmatched-pattern lets the run go on).' : '.'}`,
    );
  if (expanded.files.length === 0) {
    // A usage error, said after the arguments that found nothing.
    notices.push(`no design files to review in ${run.args.join(', ')}.`);
    const empty: ReportData = { files: [], findings: [], summary: summarize([], [], 0) };
    return { result: { reviews: [], inputErrors: [], ignored: [], report: empty, crashes: [], settings: new Map() }, notices, exitCode: ExitCode.cannotRun };
  }
  // A part that a root design imports is reviewed through that root (a pre-commit hook passes the staged part alone).
  const roots = reviewRootsOfParts(expanded.files, run.cwd, run.maxFileSize);
  notices.push(...roots.notices);
  const converted = await prepareConverted(roots.files, run.maxFileSize);
  // The explorer is loaded only when asked for: review stays instant.
  const verify = run.verify ? (await import('../verify/findings.js')).verifyFindings : undefined;
  const result = reviewFiles({
    files: roots.files,
    levels: run.levels,
    converted,
    ...(run.maxFileSize ? { maxFileSize: run.maxFileSize } : {}),
    ...(run.config ? { config: run.config } : {}),
    ...(run.stdinName !== undefined ? { stdinName: run.stdinName } : {}),
    ...(verify ? { verify } : {}),
  });
  const unmatched = expanded.empty.length > 0 && run.allowUnmatched !== true;
  const cannotRun = result.inputErrors.length > 0 || result.crashes.length > 0 || unmatched;
  // Nothing is written over a design being reviewed (or a file it imports), whatever the flag.
  const guard = {
    inputs: [...roots.files.filter((f) => f !== '-'), ...result.reviews.flatMap((r) => r.sources.filter((f) => f !== '<stdin>'))],
    ...(run.force ? { force: true } : {}),
  };
  for (const file of [...(run.outputs ?? []), ...(run.writeBaseline ? [run.writeBaseline] : []), ...(run.baseline?.prune ? [run.baseline.file] : [])])
    checkOutput(file, guard);
  if (run.writeBaseline) {
    const n = result.report.findings.length;
    writeOrFail(run.writeBaseline, `${JSON.stringify(baselineOf(result.report.findings), null, 2)}\n`, guard);
    notices.push(`recorded ${n} ${n === 1 ? 'finding' : 'findings'} in ${run.writeBaseline}.`);
    return { result, notices, exitCode: exitOfBaselineWrite(cannotRun) };
  }
  let report = result.report;
  if (run.baseline) {
    const { file, content, prune } = run.baseline;
    const applied = applyBaseline(content, report.findings);
    const fresh = new Set(applied.fresh);
    const known = report.findings
      .filter((f) => !fresh.has(f))
      .map((f) => ({ ...f, suppression: { kind: 'external' as const, justification: `recorded in the baseline ${file}` } }));
    report = {
      files: report.files,
      findings: applied.fresh,
      summary: summarize(report.files, applied.fresh, report.summary.suppressed),
      hidden: [...(report.hidden ?? []), ...known],
    };
    if (applied.gone.length > 0) {
      const n = applied.gone.reduce((sum, e) => sum + e.count, 0);
      const gone = `${n} baselined ${n === 1 ? 'finding no longer occurs' : 'findings no longer occur'}`;
      if (prune) {
        writeOrFail(file, `${JSON.stringify(applied.kept, null, 2)}\n`, guard);
        notices.push(`${gone}; removed from ${file}.`);
      } else notices.push(`${gone}; run with --prune-baseline to shrink ${file}.`);
    }
    if (applied.known > 0) notices.push(`${applied.known} known ${applied.known === 1 ? 'finding' : 'findings'} hidden by ${file}.`);
  }
  if (run.since !== undefined) {
    // What changed since a revision: the change rules of diff, loaded only when asked for.
    const { changesSince } = await import('./since.js');
    const since = changesSince(result.reviews, {
      rev: run.since,
      levels: run.levels,
      ...(run.config ? { config: run.config } : {}),
      ...(run.maxFileSize ? { maxFileSize: run.maxFileSize } : {}),
    });
    const findings = [...report.findings, ...since.findings].sort(compareFindings);
    report = {
      ...report,
      findings,
      summary: summarize(report.files, findings, report.summary.suppressed + since.hidden.length),
      hidden: [...(report.hidden ?? []), ...since.hidden],
    };
  }
  const crashes = result.crashes.map((c) => `rule '${c.ruleId}' failed on ${c.file}: ${c.error}`);
  const failures = [...result.inputErrors.map((e) => e.message), ...crashes];
  if (failures.length > 0) report = { ...report, failures };
  for (const err of result.inputErrors) notices.push(err.message);
  for (const file of result.ignored) notices.push(`${displayName(file)}: skipped, it matches ignorePatterns of the configuration.`);
  for (const crash of crashes) notices.push(`internal error: ${crash}. The other rules ran; please report this.`);
  const shown = result.reviews.length > 0 || result.inputErrors.length === 0 ? (run.quiet ? errorsOnly(report) : report) : undefined;
  const exitCode = exitOfReview(report.summary, run, cannotRun);
  const why = exitCode === ExitCode.findings ? failureOf(report.summary, run) : undefined;
  if (why) notices.push(why);
  return { ...(shown ? { report: shown } : {}), result, notices, guard, exitCode };
}

/**
 * Why a run fails when the report alone does not say: too many warnings, or findings that --quiet
 * hides. A failing error is in the report and needs no notice.
 */
function failureOf(summary: ReportData['summary'], run: ReviewRun): string | undefined {
  const { errors, warnings, infos } = summary;
  if (errors > 0) return undefined;
  if (run.maxWarnings !== undefined && warnings > run.maxWarnings) {
    return `too many warnings (${warnings}; maximum ${run.maxWarnings}).`;
  }
  if (run.quiet) {
    const failing = run.failOn === 'info' ? warnings + infos : warnings;
    const kinds = run.failOn === 'info' ? 'warnings and infos' : 'warnings';
    return `${failing} ${failing === 1 ? 'finding fails' : 'findings fail'} the run (--fail-on ${run.failOn}) but --quiet shows errors only; run without --quiet to see the ${kinds}.`;
  }
  return undefined;
}

/** The report with errors only (--quiet); its summary counts what is shown, and what --quiet leaves out. */
function errorsOnly(report: ReportData): ReportData {
  const findings = report.findings.filter((f) => f.severity === 'error');
  const quieted = report.findings.length - findings.length;
  return { ...report, findings, summary: { ...summarize(report.files, findings, report.summary.suppressed), ...(quieted > 0 ? { quieted } : {}) } };
}
