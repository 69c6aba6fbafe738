import type { Ref } from '../findings.js';
import { isFailureEvent } from '../model/graph.js';
import type { Action, Design, Process, State, Transition } from '../model/types.js';

/** A way into a `terminal: failure` state, with the commands still not compensated on arrival. */
export interface FailureArrival {
  readonly from: State;
  readonly transition: Transition;
  /** The event or command that triggers the transition; undefined for a timeout. */
  readonly trigger?: string;
  readonly target: State;
  /** Commands sent on some path to here and not compensated on it, each with where it is sent. */
  readonly uncompensated: ReadonlyMap<string, Ref>;
}

type Pending = Map<string, Ref>;

/**
 * Follows every path of a process manager's state machine, tracking which commands have been
 * sent and not yet compensated (a may-analysis: a command counts when it is pending on some path).
 * Sets only grow, so the worklist reaches a fixpoint in at most states × commands rounds.
 */
export function failureArrivals(design: Design, process: Process): FailureArrival[] {
  const initial = process.initial && process.states.get(process.initial.name);
  if (!initial) return [];
  const undoes = compensationIndex(design);
  const pendingIn = new Map<string, Pending>();
  const apply = (pending: Pending, action: Action | undefined, addNew: boolean): Pending => {
    if (!action) return pending;
    for (const e of action.publish) for (const c of undoes.get(`event:${e.name}`) ?? []) pending.delete(c);
    for (const c of action.send) {
      const undone = undoes.get(`command:${c.name}`);
      if (undone) for (const u of undone) pending.delete(u);
      else if (addNew && design.commands.get(c.name)?.readOnly !== true && !pending.has(c.name)) pending.set(c.name, c.ref);
    }
    return pending;
  };
  const edges = (state: State) => [
    ...state.on.flatMap((h) => h.alternatives.map((t) => ({ t, trigger: h.message.name as string | undefined }))),
    ...(state.timeout ? [{ t: state.timeout as Transition, trigger: undefined }] : []),
  ];
  const targetOf = (state: State, t: Transition) => (t.goto ? process.states.get(t.goto.name) : state);
  const arrive = (state: State, t: Transition, trigger: string | undefined, target: State, addNew: boolean) => {
    const before = new Map(pendingIn.get(state.name));
    // A failure event reports that its command did not take effect: nothing of it to undo.
    const failed = trigger === undefined ? undefined : failedCommand(design, trigger, [...before.keys()]);
    if (failed) before.delete(failed);
    const out = apply(before, t, addNew);
    return target === state ? out : apply(out, target.onEntry, addNew);
  };

  pendingIn.set(initial.name, apply(new Map(), initial.onEntry, true));
  const work = [initial];
  const visited = new Set([initial.name]);
  while (work.length > 0) {
    const state = work.pop() as State;
    for (const { t, trigger } of edges(state)) {
      const target = targetOf(state, t);
      if (!target || target.terminal) continue;
      const out = arrive(state, t, trigger, target, true);
      let into = pendingIn.get(target.name);
      if (!into) {
        into = new Map();
        pendingIn.set(target.name, into);
      }
      let grew = false;
      for (const [c, ref] of out) {
        if (!into.has(c)) {
          into.set(c, ref);
          grew = true;
        }
      }
      if (grew || !visited.has(target.name)) {
        visited.add(target.name);
        work.push(target);
      }
    }
  }

  const arrivals: FailureArrival[] = [];
  for (const state of process.states.values()) {
    if (!pendingIn.has(state.name) || state.terminal) continue;
    for (const { t, trigger } of edges(state)) {
      const target = targetOf(state, t);
      if (target?.terminal !== 'failure') continue;
      // What the final transition itself sends is the failure handling, not work to undo.
      const uncompensated = arrive(state, t, trigger, target, false);
      arrivals.push({ from: state, transition: t, ...(trigger ? { trigger } : {}), target, uncompensated });
    }
  }
  return arrivals;
}

/** compensating command or event -> the commands it undoes. */
function compensationIndex(design: Design): Map<string, string[]> {
  const index = new Map<string, string[]>();
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
 * The command whose failure `message` reports: the command it replies to, else the last one sent
 * whose handler publishes it as a failure event. That command did not take effect: nothing to undo.
 */
function failedCommand(design: Design, message: string, sent: readonly string[]): string | undefined {
  const event = design.events.get(message);
  if (!event || !isFailureEvent(design, message)) return undefined;
  if (event.replyTo) return sent.includes(event.replyTo.name) ? event.replyTo.name : undefined;
  const producer = event.producedBy?.name;
  for (let i = sent.length - 1; i >= 0; i--) {
    const c = sent[i] as string;
    if (producer !== undefined && design.commands.get(c)?.handledBy?.name === producer) return c;
  }
  return undefined;
}
