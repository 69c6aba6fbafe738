import { relationsOf } from '../model/graph.js';
import type { Design, Pattern, Process } from '../model/types.js';
import { RULES_META } from '../generated/rules-meta.js';
import { longestChain } from '../sim/choreography.js';
import { decisionPoints, edgesOf } from '../sim/process-manager.js';
import { plural } from '../util/text.js';
import { codeList } from '../util/text.js';

/**
 * The questions of the decision framework, answered from the design. The walkthrough's pattern
 * advisor shows them as editable defaults; guidance and the advisor share `recommendPattern`.
 */
export interface PatternAnswers {
  /** The process, and what it is made of ('5 steps'), for the reasons' wording. */
  readonly process: string;
  readonly shape: string;
  /** Decisions the coordinator takes: `if` guards and states that branch to two or more states. */
  readonly decisionPoints: number;
  /** Where those decisions are, in the design's own names. */
  readonly decisions: readonly string[];
  /** Whether the process must remember more than the step it reached. */
  readonly needsState: boolean;
  readonly stateReasons: readonly string[];
  /** Services taking part. */
  readonly services: readonly string[];
  /** Whether one party (a coordinator) owns the outcome. */
  readonly ownedOutcome: boolean;
  /** Choreography only: the longest chain of reactions. */
  readonly chain?: number;
}

export interface Thresholds {
  readonly maxSagaDecisions: number;
  readonly maxChoreographyServices: number;
  readonly maxChoreographyChain: number;
}

export const DEFAULT_THRESHOLDS = RULES_META['pattern-mismatch']?.defaults as unknown as Thresholds;

export interface Recommendation {
  readonly pattern: Pattern;
  readonly fitsDeclared: boolean;
  /** Why, in the design's own names. */
  readonly reasons: readonly string[];
  /** What changes when the declared pattern differs; undefined when it fits. */
  readonly change?: string;
}

export const PATTERN_NAMES: Readonly<Record<Pattern, string>> = { saga: 'saga', 'process-manager': 'process manager', choreography: 'choreography' };

/** The decision framework's questions, answered from what the design says. */
export function answersOf(design: Design, process: Process): PatternAnswers {
  const services = [...(relationsOf(design).participants.get(process.name) ?? [])];
  const decisions: string[] = [];
  const stateReasons: string[] = [];
  let needsState = false;
  if (process.pattern === 'saga') {
    for (const s of process.steps) if (s.condition) decisions.push(`step \`${s.name}\` runs only if ${s.condition}`);
  } else if (process.pattern === 'process-manager') {
    const d = decisionPoints(process);
    for (const state of process.states.values()) {
      for (const h of state.on)
        for (const t of h.alternatives) if (t.condition) decisions.push(`\`${state.name}\` on \`${h.message.name}\` checks ${t.condition}`);
    }
    for (const name of d.branchingStates) {
      const state = process.states.get(name);
      const targets = state
        ? [
            ...new Set(
              edgesOf(process, state)
                .filter((e) => e.to !== state && e.to.terminal !== 'failure')
                .map((e) => e.to.name),
            ),
          ]
        : [];
      decisions.push(`\`${name}\` leads to ${codeList(targets)}`);
    }
    if (d.branchingStates.length > 0) {
      needsState = true;
      stateReasons.push(`what happens next depends on the state the process is in (${codeList(d.branchingStates)} branch)`);
    }
    const timed = [...process.states.values()].filter((s) => s.timeout && s.timeout.goto && s.timeout.goto.name !== s.name);
    if (timed.length > 0) {
      needsState = true;
      stateReasons.push(
        `${plural(timed.length, 'state')} (${codeList(timed.map((s) => s.name))}) ${timed.length === 1 ? 'has' : 'have'} a timeout of ${timed.length === 1 ? 'its' : 'their'} own that moves the process on`,
      );
    }
  }
  const shape =
    process.pattern === 'saga'
      ? plural(process.steps.length, 'step')
      : process.pattern === 'process-manager'
        ? plural(process.states.size, 'state')
        : plural(process.reactions.length, 'reaction');
  const answers: PatternAnswers = {
    process: process.name,
    shape,
    decisionPoints: decisions.length,
    decisions,
    needsState,
    stateReasons,
    services,
    ownedOutcome: process.coordinator !== undefined,
  };
  return process.pattern === 'choreography' ? { ...answers, chain: longestChain(process) } : answers;
}

/**
 * The decision framework: many decisions or decisions that depend on state → process manager; a
 * small flow nobody needs to own → choreography; otherwise a saga, the pattern for most cases.
 * For a design's own answers it agrees with `pattern-mismatch`: the declared pattern fits exactly
 * when that rule is silent.
 */
export function recommendPattern(answers: PatternAnswers, declared: Pattern | undefined, thresholds: Thresholds = DEFAULT_THRESHOLDS): Recommendation {
  const reasons: string[] = [];
  const n = answers.decisionPoints;
  const decisionText =
    n === 0
      ? `no decision points: each of the ${answers.shape} of \`${answers.process}\` follows from the one before`
      : `${plural(n, 'decision point')}: ${answers.decisions.slice(0, 4).join('; ')}${n > 4 ? `; and ${n - 4} more` : ''}`;
  const serviceText = `${plural(answers.services.length, 'service')} take${answers.services.length === 1 ? 's' : ''} part (${codeList(answers.services)})`;
  let pattern: Pattern;
  if (n >= thresholds.maxSagaDecisions) {
    pattern = 'process-manager';
    reasons.push(`${decisionText}. From ${thresholds.maxSagaDecisions} on, a state machine makes each branch explicit and testable.`);
  } else if (n > 0 && answers.needsState) {
    pattern = 'process-manager';
    reasons.push(`${decisionText}.`, `It needs its own state: ${answers.stateReasons.join('; ')}.`);
  } else if (
    !answers.ownedOutcome &&
    answers.services.length <= thresholds.maxChoreographyServices &&
    (answers.chain ?? 0) <= thresholds.maxChoreographyChain
  ) {
    pattern = 'choreography';
    reasons.push(
      `No single party has to own the outcome, and the flow is small: ${serviceText}${answers.chain !== undefined ? `, the longest chain is ${plural(answers.chain, 'reaction')}` : ''} (up to ${thresholds.maxChoreographyServices} services and ${thresholds.maxChoreographyChain} reactions stay easy to follow).`,
    );
  } else {
    pattern = 'saga';
    reasons.push(
      `${decisionText.charAt(0).toUpperCase()}${decisionText.slice(1)}; a stateless saga that reacts to each reply with the next command is the simplest coordination that works.`,
    );
    if (!answers.ownedOutcome) {
      reasons.push(
        `${serviceText}${answers.chain !== undefined ? ` in a chain of up to ${plural(answers.chain, 'reaction')}` : ''}: beyond ${thresholds.maxChoreographyServices} services or ${thresholds.maxChoreographyChain} reactions nobody sees the whole flow, so give it an owner.`,
      );
    } else {
      reasons.push(`${serviceText.charAt(0).toUpperCase()}${serviceText.slice(1)}, and one coordinator owns the outcome.`);
    }
  }
  if (pattern === 'process-manager' && answers.ownedOutcome)
    reasons.push(`${serviceText.charAt(0).toUpperCase()}${serviceText.slice(1)}, coordinated by one owner of the outcome.`);
  const fitsDeclared = declared === undefined || declared === pattern;
  const change = fitsDeclared || declared === undefined ? undefined : CHANGES[declared][pattern];
  return change === undefined ? { pattern, fitsDeclared, reasons } : { pattern, fitsDeclared, reasons, change };
}

/** What moving from the declared pattern (outer key) to the recommended one (inner key) means. */
const CHANGES: Readonly<Record<Pattern, Partial<Record<Pattern, string>>>> = {
  saga: {
    'process-manager':
      'The design declares a saga. As a process manager, each guarded step becomes a state with explicit transitions for every reply and a timeout; the coordinator stores the process state (its own event stream) instead of reacting statelessly.',
    choreography:
      'The design declares a saga. As a choreography, each service reacts to the previous event itself and the coordinator disappears; compensations become reactions to failure events in each service.',
  },
  'process-manager': {
    saga: 'The design declares a process manager. As a saga, the states become steps in order, each with its onSuccess and onFailure reply; the coordinator no longer keeps a state machine, only the step reached.',
    choreography:
      'The design declares a process manager. As a choreography, each service reacts to the previous event itself; the state machine disappears, and with it the one place that knows how far the process got.',
  },
  choreography: {
    saga: 'The design declares a choreography. As a saga, one coordinator (the service that starts the flow is the natural owner) sends each command and waits for its reply; the reactions become steps, and failures are compensated in one place, in reverse order.',
    'process-manager':
      'The design declares a choreography. As a process manager, one coordinator holds a state machine over the flow; each reaction becomes a transition, and the decisions move from the services into it.',
  },
};
