import { ExitCode, UsageError } from '../errors.js';
import type { Position, Ref } from '../findings.js';
import { locate } from '../parse/locate.js';
import { didYouMean } from '../util/nearest.js';
import { verifyProcess, type Bounds, type Verdict } from '../verify/explore.js';
import { DEFAULT_BOUNDS, FAULT_IDS, type Fault } from '../verify/terms.js';
import type { Source } from '../parse/load.js';
import { loadSoundDesign, processesOf } from './design.js';

export interface VerifyRequest {
  readonly process?: string;
  readonly maxStates?: number;
  readonly depth?: number;
  readonly maxFaults?: number;
  /** The faults to inject; all that the design allows when absent. */
  readonly faults?: readonly string[];
  readonly maxFileSize?: number;
  /** The design's text in hand (an MCP client's inline design), read instead of the file. */
  readonly source?: Source;
  /** Called now and then during a long search: the process (its place among them) and the states it explored so far. */
  readonly progress?: (at: { readonly process: string; readonly index: number; readonly of: number; readonly states: number }) => void;
}

/** What verify found for one file: a verdict per process, the bounds it ran with, positions for its references. */
export interface VerifyReport {
  readonly file: string;
  readonly bounds: { readonly maxStates: number; readonly depth: number; readonly maxFaults: number; readonly faults: readonly Fault[] };
  readonly verdicts: readonly Verdict[];
  readonly locate: (ref: Ref) => Position | undefined;
}

export interface VerifyOutcome {
  readonly report: VerifyReport;
  readonly exitCode: number;
}

/** `--faults duplicate,late-reply`: the fault ids, checked (a UsageError names the ones there are). */
export function parseFaults(list: readonly string[]): Fault[] {
  const out: Fault[] = [];
  for (const raw of list
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!(FAULT_IDS as readonly string[]).includes(raw)) {
      throw new UsageError(`'${raw}' is not a fault${didYouMean(raw, FAULT_IDS) || ''}; the faults are ${FAULT_IDS.join(', ')}.`);
    }
    if (!out.includes(raw as Fault)) out.push(raw as Fault);
  }
  return out;
}

/**
 * Explores every ordering of one design's processes within the bounds. Exit 1 when a run breaks a
 * property; 0 when none does within the bounds (exhaustive or not: the report says which).
 */
export function runVerify(file: string, request: VerifyRequest): VerifyOutcome {
  const { review, design } = loadSoundDesign(file, {
    review: 'blocking',
    stop: 'cannot be verified until',
    ...(request.source ? { source: request.source } : {}),
    ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
  });
  const faults = request.faults ? parseFaults(request.faults) : [...FAULT_IDS];
  const bounds: Bounds = {
    maxStates: request.maxStates ?? DEFAULT_BOUNDS.maxStates,
    depth: request.depth ?? DEFAULT_BOUNDS.depth,
    maxFaults: request.maxFaults ?? DEFAULT_BOUNDS.maxFaults,
    faults: new Set(faults),
  };
  const processes = processesOf(design, request.process, review.file);
  const verdicts = processes.map((p, index) =>
    verifyProcess(design, p, bounds, request.progress ? (states) => request.progress?.({ process: p.name, index, of: processes.length, states }) : undefined),
  );
  const parsed = review.parsed;
  return {
    report: {
      file: review.file,
      bounds: { maxStates: bounds.maxStates, depth: bounds.depth, maxFaults: bounds.maxFaults, faults },
      verdicts,
      locate: (ref) => (ref.file === parsed.source.file ? locate(parsed, ref) : undefined),
    },
    exitCode: verdicts.some((v) => v.status === 'fails') ? ExitCode.findings : ExitCode.ok,
  };
}
