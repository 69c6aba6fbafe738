import type { Ref } from '../findings.js';
import { belongsTo, isFailureEvent, needsNoUndo } from '../model/graph.js';
import { compensationRisk } from '../model/policies.js';
import type { Action, Design, Process, State, Transition } from '../model/types.js';
import type { CompensationRun, Problem, Trace, TraceStep } from './trace.js';

/** One way out of a state: a message's transition (one alternative of it) or the timeout. */
export interface Edge {
  readonly from: State;
  readonly to: State;
  readonly transition: Transition;
  /** The event or command that triggers it; undefined for the timeout. */
  readonly trigger?: string;
}

/** The state machine as a graph: every edge, with unknown target states left out (unknown-reference reports them). */
export function edgesOf(process: Process, state: State): readonly Edge[] {
  // Made once per state: the rules and analyses of a process manager walk its graph a dozen times.
  const known = edges.get(state);
  if (known) return known;
  const made: Edge[] = [];
  const add = (t: Transition, trigger: string | undefined) => {
    const to = t.goto ? process.states.get(t.goto.name) : state;
    if (to) made.push({ from: state, to, transition: t, ...(trigger === undefined ? {} : { trigger }) });
  };
  for (let i = 0; i < state.on.length; i++) {
    const h = state.on[i] as State['on'][number];
    for (let k = 0; k < h.alternatives.length; k++) add(h.alternatives[k] as Transition, h.message.name);
  }
  if (state.timeout) add(state.timeout, undefined);
  edges.set(state, made);
  return made;
}

/** The edges of each state, by the state (of one process: a state is its process's own object). */
const edges = new WeakMap<State, readonly Edge[]>();

/** The states reachable from `initial`, each with the edge it is first reached by (a shortest path tree). */
export function reachable(process: Process): Map<string, Edge | undefined> {
  const initial = process.initial && process.states.get(process.initial.name);
  const reached = new Map<string, Edge | undefined>();
  if (!initial) return reached;
  reached.set(initial.name, undefined);
  const queue = [initial];
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i] as State;
    if (state.terminal) continue;
    for (const e of edgesOf(process, state)) {
      if (reached.has(e.to.name)) continue;
      reached.set(e.to.name, e);
      queue.push(e.to);
    }
  }
  return reached;
}

/**
 * Whether the process can rest in `state`, waiting for what it can still receive (1.1): the
 * `initial` state is never rested in when every start message is handled under its `on` and every
 * alternative of that handling leaves it at once.
 */
export function restsIn(process: Process, state: State): boolean {
  if (process.initial?.name !== state.name || process.startedBy.length === 0) return true;
  return !process.startedBy.every((s) => {
    const h = state.on.find((x) => x.message.name === s.name);
    return h !== undefined && h.alternatives.every((t) => t.goto !== undefined && t.goto.name !== state.name);
  });
}

/** The edges from `initial` to `state` along the shortest path. */
export function pathTo(tree: ReadonlyMap<string, Edge | undefined>, state: string): Edge[] {
  const path: Edge[] = [];
  for (let e = tree.get(state); e; e = tree.get(e.from.name)) path.unshift(e);
  return path;
}

/** A non-terminal state the process cannot leave: no transition to another state and no timeout. */
export interface DeadEnd {
  readonly state: State;
  /** It has transitions, but all of them stay in the state. */
  readonly onlySelf: boolean;
}

export function deadEnds(process: Process): DeadEnd[] {
  const out: DeadEnd[] = [];
  for (const state of process.states.values()) {
    if (state.terminal || state.timeout) continue;
    const edges = edgesOf(process, state);
    if (edges.some((e) => e.to !== state)) continue;
    out.push({ state, onlySelf: edges.length > 0 });
  }
  return out;
}

/**
 * Decision points of a process manager: `if` guards, and states whose messages (or timeout) lead
 * to two or more different states that are not failures.
 */
export function decisionPoints(process: Process): { readonly guards: number; readonly branchingStates: readonly string[] } {
  let guards = 0;
  const branchingStates: string[] = [];
  for (const state of process.states.values()) {
    // A guard on staying where the process is (a goto to the same state) is no branch (1.1).
    for (const h of state.on) for (const t of h.alternatives) if (t.condition && t.goto !== undefined && t.goto.name !== state.name) guards++;
    if (state.timeout?.condition && state.timeout.goto?.name !== state.name) guards++;
    const targets = new Set(
      edgesOf(process, state)
        .filter((e) => e.to !== state && e.to.terminal !== 'failure')
        .map((e) => e.to.name),
    );
    if (targets.size >= 2) branchingStates.push(state.name);
  }
  return { guards, branchingStates };
}

/** A way into a `terminal: failure` state, with the commands still not compensated on arrival. */
export interface FailureArrival {
  readonly from: State;
  readonly transition: Transition;
  readonly trigger?: string;
  readonly target: State;
  /** Commands sent on some path to here and not compensated on it, each with where it is sent. */
  readonly uncompensated: ReadonlyMap<string, Ref>;
}

type Pending = Map<string, Ref>;

/**
 * Which commands may be pending (sent, not compensated) on entering each state: a may-analysis over
 * every path. Sets only grow, so the worklist reaches a fixpoint within states × commands rounds.
 */
class PendingAnalysis {
  readonly pendingIn = new Map<string, Pending>();
  private readonly undoes: Map<string, string[]>;

  constructor(
    private readonly design: Design,
    process: Process,
  ) {
    this.undoes = compensationIndex(design);
    const initial = process.initial && process.states.get(process.initial.name);
    if (!initial) return;
    this.pendingIn.set(initial.name, this.apply(new Map(), initial.onEntry, true));
    const work = [initial];
    const visited = new Set([initial.name]);
    while (work.length > 0) {
      const state = work.pop() as State;
      for (const e of edgesOf(process, state)) {
        if (e.to.terminal) continue;
        const out = this.arrive(e, true);
        let into = this.pendingIn.get(e.to.name);
        if (!into) {
          into = new Map();
          this.pendingIn.set(e.to.name, into);
        }
        let grew = false;
        for (const [c, ref] of out) {
          if (!into.has(c)) {
            into.set(c, ref);
            grew = true;
          }
        }
        if (grew || !visited.has(e.to.name)) {
          visited.add(e.to.name);
          work.push(e.to);
        }
      }
    }
  }

  /** Pending commands after following `e` (and the target's onEntry); `addNew: false` counts only compensations. */
  arrive(e: Edge, addNew: boolean, from: Pending = this.pendingIn.get(e.from.name) ?? new Map()): Pending {
    const before = new Map(from);
    // A failure event reports that its command did not take effect: nothing of it to undo.
    const failed = e.trigger === undefined ? undefined : failedCommand(this.design, e.trigger, [...before.keys()], e.to.terminal === 'failure');
    if (failed) before.delete(failed);
    const out = this.apply(before, e.transition, addNew);
    return e.to === e.from ? out : this.apply(out, e.to.onEntry, addNew);
  }

  /** Compensating commands an action sends (or events it publishes), with the commands they undo. */
  compensationsIn(action: Action | undefined): { run: string; undoes: string[]; isEvent: boolean }[] {
    if (!action) return [];
    const out: { run: string; undoes: string[]; isEvent: boolean }[] = [];
    for (const c of action.send) {
      const undone = this.undoes.get(`command:${c.name}`);
      if (undone) out.push({ run: c.name, undoes: undone, isEvent: false });
    }
    for (const e of action.publish) {
      const undone = this.undoes.get(`event:${e.name}`);
      if (undone) out.push({ run: e.name, undoes: undone, isEvent: true });
    }
    return out;
  }

  private apply(pending: Pending, action: Action | undefined, addNew: boolean): Pending {
    if (!action) return pending;
    for (const e of action.publish) for (const c of this.undoes.get(`event:${e.name}`) ?? []) pending.delete(c);
    for (const c of action.send) {
      const undone = this.undoes.get(`command:${c.name}`);
      if (undone) for (const u of undone) pending.delete(u);
      // Nothing to undo (1.1): read-only or `none`, or a batch that keeps what succeeded by design.
      else if (addNew && !needsNoUndo(this.design, c.name) && !(action.forEach && action.partialFailure === 'continue') && !pending.has(c.name))
        pending.set(c.name, c.ref);
    }
    return pending;
  }
}

const analyses = new WeakMap<Process, PendingAnalysis>();
function analysisOf(design: Design, process: Process): PendingAnalysis {
  let a = analyses.get(process);
  if (!a) {
    a = new PendingAnalysis(design, process);
    analyses.set(process, a);
  }
  return a;
}

/** Every transition into a failure state, with what is left uncompensated on some path to it. */
export function failureArrivals(design: Design, process: Process): FailureArrival[] {
  const analysis = analysisOf(design, process);
  const arrivals: FailureArrival[] = [];
  for (const state of process.states.values()) {
    if (!analysis.pendingIn.has(state.name) || state.terminal) continue;
    for (const e of edgesOf(process, state)) {
      if (e.to.terminal !== 'failure') continue;
      // What the final transition itself sends is the failure handling, not work to undo.
      const uncompensated = analysis.arrive(e, false);
      arrivals.push({ from: state, transition: e.transition, ...(e.trigger ? { trigger: e.trigger } : {}), target: e.to, uncompensated });
    }
  }
  return arrivals;
}

/**
 * The process manager failing at each failure point of each reachable state (each failure event it
 * handles, and its timeout): the path there, the commands that may have run, the compensations sent
 * from there to the end (following the transitions that are not failures), and the verdict.
 */
export function processManagerTraces(design: Design, process: Process): Trace[] {
  return processManagerWalks(design, process).map((w) => w.trace);
}

/** A failure point of a process manager as a run: the edges to its state, the failure, the edges followed to the end. */
export interface Walk {
  readonly trace: Trace;
  readonly path: readonly Edge[];
  readonly failure: Edge;
  /** The edges after the failure, up to a terminal state (or where the run stops). */
  readonly then: readonly Edge[];
}

/** Each failure point's trace with the run it follows (what `generate go` plays in its tests). */
export function processManagerWalks(design: Design, process: Process): Walk[] {
  const analysis = analysisOf(design, process);
  const tree = reachable(process);
  const traces: Walk[] = [];
  for (const state of process.states.values()) {
    if (!tree.has(state.name) || state.terminal) continue;
    // A failure event, the timeout, or a guarded alternative that decides the process failed. (An
    // unguarded way into a failure state after a compensation is how a failure ends, not a new one;
    // a failure that stays and does nothing is a late reply taken and set aside.)
    const idle = (e: { to: State; transition: Transition }) => e.to === state && e.transition.send.length === 0 && e.transition.publish.length === 0;
    const failures = edgesOf(process, state).filter(
      (e) =>
        !idle(e) && (e.trigger === undefined || isFailureEvent(design, e.trigger) || (e.to.terminal === 'failure' && e.transition.condition !== undefined)),
    );
    for (const failure of failures) {
      const steps: TraceStep[] = [];
      const start = process.startedBy.map((s) => s.name).join(' or ');
      const initial = process.initial?.name ?? '';
      steps.push({ kind: 'start', text: `${start ? `${start} starts '${process.name}'` : `'${process.name}' starts`} in '${initial}'` });
      const entry = process.states.get(initial)?.onEntry;
      for (const c of entry?.send ?? []) steps.push({ kind: 'send', text: `send ${c.name}` });
      const path = pathTo(tree, state.name);
      for (const e of path) describeEdge(e, steps);
      const then: Edge[] = [];
      const pending = analysis.pendingIn.get(state.name) ?? new Map<string, Ref>();
      const failed = failure.trigger === undefined ? undefined : failedCommand(design, failure.trigger, [...pending.keys()], failure.to.terminal === 'failure');
      const ran = [...pending].filter(([c]) => c !== failed).map(([command, ref]) => ({ command, at: `'${String(ref.path[3] ?? state.name)}'` }));
      const id = failure.trigger === undefined ? `${state.name}.timeout` : `${state.name}.${failure.trigger}`;
      const guard = failure.transition.condition ? ` (if ${failure.transition.condition})` : '';
      const label = failure.trigger === undefined ? `the timeout of '${state.name}'` : `${failure.trigger}${guard} in '${state.name}'`;
      steps.push(failure.trigger === undefined ? { kind: 'timeout', text: `'${state.name}' times out` } : { kind: 'fail', text: `receive ${failure.trigger}` });

      const compensations: CompensationRun[] = [];
      const problems: Problem[] = [];
      const collect = (action: Action | undefined, at: string) => {
        for (const c of analysis.compensationsIn(action)) {
          for (const undone of c.undoes) {
            const comp = design.compensations.get(undone);
            const risk = comp && compensationRisk(design, comp);
            compensations.push({ run: c.run, undoes: undone, at, ...(risk ? { risk } : {}) });
            if (risk)
              problems.push({
                kind: 'compensation-can-fail',
                message: `the compensation ${c.run} of ${undone} may fail for good: ${risk}`,
                ...(comp ? { ref: comp.ref } : {}),
                commands: [c.run],
              });
          }
        }
      };
      // Follow the failure to a terminal state, through the states that handle it.
      let edge: Edge | undefined = failure;
      let left = analysis.arrive(failure, false, pending);
      // A failure that keeps the process where it is (a batch element that failed, by design) is absorbed:
      // the process goes on from that state; only coming back after leaving it is a loop.
      const seen = new Set<string>(failure.to === failure.from ? [] : [state.name]);
      let outcome: string | undefined;
      while (edge) {
        if (edge !== failure) describeEdge(edge, steps);
        else describeActions(edge, steps);
        collect(edge.transition, `'${edge.from.name}'`);
        if (edge.to !== edge.from) collect(edge.to.onEntry, `'${edge.to.name}'`);
        const here: State = edge.to;
        if (here.terminal) {
          outcome = [...edge.transition.publish.map((e) => e.name), `'${here.name}'`].join(', ');
          steps.push({ kind: 'end', text: `ends in '${here.name}' (${here.terminal})` });
          if (here.terminal === 'success') left = new Map();
          break;
        }
        if (seen.has(here.name)) {
          problems.push({ kind: 'loop', message: `after ${label} the process comes back to '${here.name}' without ending`, ref: here.ref });
          steps.push({ kind: 'end', text: `back in '${here.name}': a loop` });
          break;
        }
        seen.add(here.name);
        const next: Edge | undefined =
          edgesOf(process, here).find((e) => e.to !== here && e.trigger !== undefined && !isFailureEvent(design, e.trigger)) ??
          edgesOf(process, here).find((e) => e.to !== here);
        if (!next) {
          problems.push({ kind: 'dead-end', message: `after ${label} the process waits in '${here.name}', which has no way out`, ref: here.ref });
          steps.push({ kind: 'end', text: `stuck in '${here.name}'` });
          break;
        }
        left = analysis.arrive(next, false, left);
        then.push(next);
        edge = next;
      }
      for (const [command, ref] of left) {
        problems.push({ kind: 'uncompensated', message: `${command} was sent and nothing on the way to the end undoes it`, ref, commands: [command] });
      }
      const trace: Trace = {
        point: { id, kind: failure.trigger === undefined ? 'timeout' : 'event', label, ref: failure.transition.ref },
        ran,
        compensations,
        nothingToUndo: [],
        ...(outcome ? { outcome } : {}),
        problems,
        steps,
      };
      traces.push({ trace, path, failure, then });
    }
  }
  return traces;
}

function describeEdge(e: Edge, steps: TraceStep[]): void {
  steps.push(e.trigger === undefined ? { kind: 'timeout', text: `'${e.from.name}' times out` } : { kind: 'receive', text: `receive ${e.trigger}` });
  describeActions(e, steps);
}

function describeActions(e: Edge, steps: TraceStep[]): void {
  for (const c of e.transition.send) steps.push({ kind: 'send', text: `send ${c.name}` });
  for (const ev of e.transition.publish) steps.push({ kind: 'publish', text: `publish ${ev.name}` });
  if (e.to !== e.from) {
    steps.push({ kind: 'enter', text: `enter '${e.to.name}'` });
    for (const c of e.to.onEntry?.send ?? []) steps.push({ kind: 'send', text: `send ${c.name}` });
    for (const ev of e.to.onEntry?.publish ?? []) steps.push({ kind: 'publish', text: `publish ${ev.name}` });
  }
}

/** compensating command or event -> the commands it undoes. */
const compensationIndexes = new WeakMap<Design, Map<string, string[]>>();

/** The commands each compensating command or event undoes, built once per design. */
function compensationIndex(design: Design): Map<string, string[]> {
  const known = compensationIndexes.get(design);
  if (known) return known;
  const index = new Map<string, string[]>();
  compensationIndexes.set(design, index);
  const add = (key: string, command: string) => {
    const list = index.get(key);
    if (list) list.push(command);
    else index.set(key, [command]);
  };
  for (const [command, c] of design.compensations) {
    if (c.command) add(`command:${c.command.name}`, command);
    if (c.event) add(`event:${c.event.name}`, command);
  }
  return index;
}

/**
 * The command whose failure `message` reports: the last one sent that the failure event belongs to
 * (design-format.md, events: a reply to it, or produced by its handler). That command did not take
 * effect: nothing to undo. A message is a failure event when it is named or declared so, or when it
 * leads into a `terminal: failure` state (`intoFailure`).
 */
export function failedCommand(design: Design, message: string, sent: readonly string[], intoFailure = false): string | undefined {
  const event = design.events.get(message);
  if (!event || !(intoFailure || isFailureEvent(design, message))) return undefined;
  for (let i = sent.length - 1; i >= 0; i--) {
    const c = sent[i] as string;
    if (belongsTo(design, event, c)) return c;
  }
  return undefined;
}
