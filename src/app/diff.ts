import path from 'node:path';
import { findConfig, loadConfig, settingsFor } from '../config/config.js';
import { diffDesigns, type DiffResult } from '../diff/run.js';
import { reviewSource, type FileReview, type Level } from '../engine/run.js';
import { compareFindings, type Finding } from '../findings.js';
import { summarize, type HiddenFinding, type ReportData } from '../formatters/types.js';
import { loadSource } from '../parse/load.js';
import schemaRule from '../rules/schema.js';
import yamlSyntax from '../rules/yaml-syntax.js';
import { ExitCode } from './exit.js';

export type FailOn = 'breaking' | 'risky' | 'any';

export interface DiffRequest {
  /** --rule levels, over the configuration's. */
  readonly levels: ReadonlyMap<string, Level>;
  /** --config; else the nearest .eda-advisor.yaml to the new file. */
  readonly config?: string;
  readonly maxFileSize?: number;
  readonly failOn: FailOn;
  /** What the old side is called in the report (`main:design.yaml` for review --since). */
  readonly oldName?: string;
}

export interface DiffOutcome {
  /** The changes as findings of the new file (or, when a side does not parse, that side's findings). */
  readonly report: ReportData;
  readonly result?: DiffResult;
  readonly oldFile: string;
  readonly newFile: string;
  readonly exitCode: number;
}

const FAILS: Readonly<Record<FailOn, ReadonlySet<string>>> = {
  breaking: new Set(['error']),
  risky: new Set(['error', 'warning']),
  any: new Set(['error', 'warning', 'info']),
};

/** The side of a diff, read as simulate reads a design: only the checks that stop it run. */
function side(file: string, request: DiffRequest): FileReview {
  return reviewSource(loadSource(file, request.maxFileSize), {
    rules: [yamlSyntax, schemaRule],
    ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
  });
}

/**
 * What a change from one design to another breaks. A side that does not parse or violates the
 * schema is answered with its findings (exit 1) and no diff; otherwise every change is a finding of
 * the new file, and the run fails (exit 1) on a change at --fail-on or above.
 */
export function runDiff(oldFile: string, newFile: string, request: DiffRequest): DiffOutcome {
  // The old side is read where it is (its imports resolve there) and shown under its name (main:design.yaml).
  const old = side(oldFile, request);
  const oldName = request.oldName ?? old.file;
  const now = side(newFile, request);
  const named = (f: Finding): Finding => (f.file === old.file ? { ...f, file: oldName } : f);
  const blocking = [old, now].flatMap((r) => r.findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'schema').map(named));
  const files = [oldName, now.file];
  if (blocking.length > 0 || !old.design || !now.design) {
    const findings = [...blocking].sort(compareFindings);
    return {
      report: { files, findings, summary: summarize(files, findings, 0), diff: true },
      oldFile: oldName,
      newFile: now.file,
      exitCode: ExitCode.findings,
    };
  }
  const configFile = request.config ?? findConfig(path.resolve(newFile));
  const levels = settingsFor(configFile ? loadConfig(configFile) : undefined, newFile, request.levels).levels;
  const result = diffDesigns({ ...old, design: old.design }, { ...now, design: now.design }, levels);
  const crash = result.crashes[0];
  if (crash) throw new Error(`change rule '${crash.ruleId}' crashed on ${now.file}: ${crash.error}`);
  const findings: Finding[] = [...result.changes];
  const hidden: HiddenFinding[] = result.suppressed.map(({ justification, ...f }) => ({
    ...f,
    suppression: { kind: 'inSource' as const, justification },
  }));
  const fails = result.changes.some((c) => FAILS[request.failOn].has(c.severity));
  return {
    report: { files: [now.file], findings, summary: summarize([now.file], findings, result.suppressed.length), hidden, diff: true },
    result,
    oldFile: oldName,
    newFile: now.file,
    exitCode: fails ? ExitCode.findings : ExitCode.ok,
  };
}
