import type { Finding, Severity } from '../findings.js';

/** A finding the report does not count: hidden by a comment in the design (`inSource`) or by a baseline (`external`). */
export interface HiddenFinding extends Finding {
  readonly suppression: { readonly kind: 'inSource' | 'external'; readonly justification: string };
}

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
  readonly suppressed: number;
  /** Findings below error that --quiet leaves out of the report. */
  readonly quieted?: number;
}

/** What every formatter receives: the findings of a run, sorted by file and position. */
export interface ReportData {
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** The findings hidden by suppression comments and by the baseline, for reports that list them (SARIF). */
  readonly hidden?: readonly HiddenFinding[];
  /** What kept the run from being complete: files that could not be read, rules that crashed. */
  readonly failures?: readonly string[];
  /** The report of eda-advisor diff (its findings are changes, its rules the change rules). */
  readonly diff?: boolean;
}

export interface FormatContext {
  readonly color: boolean;
  /** The rules that ran (not turned off), for formats that list passing checks too (JUnit). */
  readonly rules?: readonly string[];
  /** The lowest severity that fails the run (--fail-on; error unless told), for formats that mark failures (JUnit). */
  readonly failOn?: Severity;
}

/** A formatter is pure: data in, text out; the command decides where the text goes. */
export type Formatter = (report: ReportData, context: FormatContext) => string;

export function summarize(files: readonly string[], findings: readonly Finding[], suppressed: number): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos, files: files.length, suppressed };
}
