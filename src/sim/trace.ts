import type { Ref } from '../findings.js';
import type { Pattern } from '../model/types.js';

/** Where a permanent failure is injected. */
export interface FailurePoint {
  /** What `--fail-at` matches: a step name, `State`, `State.Event`, `State.timeout`, or an event. */
  readonly id: string;
  readonly kind: 'step' | 'event' | 'timeout';
  /** "step 'charge' fails for good", "CardDeclined in state 'Charging'", "the timeout of 'Charging'". */
  readonly label: string;
  readonly ref: Ref;
}

export type ProblemKind = 'uncompensated' | 'compensation-can-fail' | 'after-pivot' | 'dead-end' | 'loop';

/** What a failure leaves inconsistent. */
export interface Problem {
  readonly kind: ProblemKind;
  readonly message: string;
  /** The node the problem is about (the completed step, the compensation, the state), for rules. */
  readonly ref?: Ref;
  /** The commands concerned, for rules' messages. */
  readonly commands?: readonly string[];
}

/** One line of a step-by-step trace. */
export interface TraceStep {
  readonly kind: 'start' | 'send' | 'receive' | 'fail' | 'compensate' | 'enter' | 'timeout' | 'publish' | 'end';
  readonly text: string;
}

export interface Ran {
  readonly command: string;
  /** The step, state or reaction that sent it. */
  readonly at: string;
}

export interface CompensationRun {
  /** The compensating command, or the event published to compensate. */
  readonly run: string;
  /** The command whose effect it undoes. */
  readonly undoes: string;
  readonly at: string;
  /** Why it may itself fail for good, if it may. */
  readonly risk?: string;
}

/** What happens when the process fails for good at one point: the heart of `simulate`. */
export interface Trace {
  readonly point: FailurePoint;
  /** Commands that had run (for a process manager: that may have run on some path) and took effect. */
  readonly ran: readonly Ran[];
  /** Compensations run, in order (all at once when the saga compensates in parallel). */
  readonly compensations: readonly CompensationRun[];
  /** Commands that ran and need no undo (`compensation: none`, 1.1): nothing to run for them. */
  readonly nothingToUndo: readonly Ran[];
  /** The failure outcome: an event published, or the terminal state reached. */
  readonly outcome?: string;
  readonly problems: readonly Problem[];
  readonly steps: readonly TraceStep[];
}

export interface ProcessSimulation {
  readonly process: string;
  readonly pattern: Pattern;
  readonly ref: Ref;
  readonly traces: readonly Trace[];
}

export const isConsistent = (t: Trace): boolean => t.problems.length === 0;
