import { UsageError } from '../errors.js';
import type { SimulationReport } from '../formatters/simulation.js';
import { locate } from '../parse/locate.js';
import { simulateProcess } from '../sim/simulate.js';
import { isConsistent, type ProcessSimulation } from '../sim/trace.js';
import { didYouMean } from '../util/nearest.js';
import type { Source } from '../parse/load.js';
import { loadSoundDesign, processesOf } from './design.js';
import { exitOfSimulation } from './exit.js';

export interface SimulateRequest {
  readonly process?: string;
  /** Only this failure point: a step, a state, State.Event, State.timeout, or an event. */
  readonly failAt?: string;
  readonly maxFileSize?: number;
  /** The design's text in hand (an MCP client's inline design), read instead of the file. */
  readonly source?: Source;
}

/** What `simulate` computed for one file, and its exit code (1 when a trace is inconsistent). */
export interface SimulateOutcome {
  readonly report: SimulationReport;
  readonly exitCode: number;
}

/**
 * Simulates the processes of one design: a permanent failure at every failure point, or at the one
 * `failAt` names. A design that does not parse or violates the schema is not simulated: its findings
 * are the answer (BlockedByFindings).
 */
export function runSimulate(file: string, request: SimulateRequest): SimulateOutcome {
  const { review, design } = loadSoundDesign(file, {
    review: 'blocking',
    stop: 'cannot be simulated until',
    ...(request.source ? { source: request.source } : {}),
    ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
  });
  const processes = processesOf(design, request.process, review.file);
  let simulations: ProcessSimulation[] = processes.map((p) => simulateProcess(design, p));
  if (request.failAt !== undefined) {
    const at = request.failAt;
    const matches = (id: string) => id === at || id.split('.').includes(at);
    simulations = simulations.map((s) => ({ ...s, traces: s.traces.filter((t) => matches(t.point.id)) })).filter((s) => s.traces.length > 0);
    if (simulations.length === 0) {
      const ids = processes.flatMap((p) => simulateProcess(design, p).traces.map((t) => t.point.id));
      throw new UsageError(
        `no failure point '${at}' in ${request.process ? `process '${request.process}'` : review.file}${didYouMean(at, ids) || '.'} Failure points: ${ids.join(', ') || '(none)'}.`,
      );
    }
  }
  const parsed = review.parsed;
  const report: SimulationReport = {
    file: review.file,
    processes: simulations,
    detailed: request.failAt !== undefined,
    locate: (t) => locate(parsed, t.point.ref),
  };
  return { report, exitCode: exitOfSimulation(simulations.some((s) => s.traces.some((t) => !isConsistent(t)))) };
}
