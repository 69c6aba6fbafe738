import { BlockedByFindings, ExitCode, InputError, Interrupted, UsageError } from '../errors.js';
import type { Severity } from '../findings.js';
import type { ReportData } from '../formatters/types.js';

/**
 * Every exit code eda-advisor gives, decided here (design-format.md fixes them for `review`; the
 * other commands follow it): 0 done and nothing fails; 1 findings that fail the run, or a design
 * that stops the command (it does not parse, violates the schema, a trace is inconsistent); 2 the
 * run could not be done.
 */
export { ExitCode };

export interface ReviewGate {
  /** Fail on findings at or above this severity. */
  readonly failOn: Severity;
  /** Also fail when there are more warnings than this. */
  readonly maxWarnings?: number;
}

/** A review's exit code: 2 when a file could not be read or a rule crashed, else 1 when the findings fail the gate. */
export function exitOfReview(summary: ReportData['summary'], gate: ReviewGate, cannotRun: boolean): number {
  if (cannotRun) return ExitCode.cannotRun;
  const { errors, warnings, infos } = summary;
  const failing = gate.failOn === 'info' ? errors + warnings + infos : gate.failOn === 'warning' ? errors + warnings : errors;
  if (failing > 0 || (gate.maxWarnings !== undefined && warnings > gate.maxWarnings)) return ExitCode.findings;
  return ExitCode.ok;
}

/** Recording a baseline succeeds whatever the findings, unless something could not be read. */
export function exitOfBaselineWrite(cannotRun: boolean): number {
  return cannotRun ? ExitCode.cannotRun : ExitCode.ok;
}

/** A simulation fails (1) when a trace is left inconsistent. */
export function exitOfSimulation(inconsistent: boolean): number {
  return inconsistent ? ExitCode.findings : ExitCode.ok;
}

/** An import fails (1) when the document is not valid in its own format: nothing was converted. */
export function exitOfImport(converted: boolean): number {
  return converted ? ExitCode.ok : ExitCode.findings;
}

/** What an error that ended a command means: the message to print and the exit code (a bug, `internal`, is 2 too). */
export function exitOfError(err: unknown): { readonly code: number; readonly message: string; readonly internal?: boolean } {
  if (err instanceof BlockedByFindings) return { code: ExitCode.findings, message: err.message };
  if (err instanceof Interrupted) return { code: ExitCode.interrupted, message: err.message };
  if (err instanceof UsageError || err instanceof InputError) return { code: ExitCode.cannotRun, message: err.message };
  return { code: ExitCode.cannotRun, message: err instanceof Error ? err.message : String(err), internal: true };
}
