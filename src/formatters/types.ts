import type { Finding } from '../findings.js';

export interface Summary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
  readonly suppressed: number;
}

/** What every formatter receives: the findings of a run, sorted by file and position. */
export interface ReportData {
  readonly files: readonly string[];
  readonly findings: readonly Finding[];
  readonly summary: Summary;
}

export interface FormatContext {
  readonly color: boolean;
  /** The rules that ran (not turned off), for formats that list passing checks too (JUnit). */
  readonly rules?: readonly string[];
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
