import type { Ref } from '../findings.js';
import { failureOutcomes, isFailureEvent, needsNoUndo, startsProcess, stepCompensations, successOutcomes } from '../model/graph.js';
import { isIdempotentHandling } from '../model/policies.js';
import type { Design, Process, State, Transition } from '../model/types.js';
import type { Message } from './world.js';
import { startingEvents } from '../sim/choreography.js';
import { canFailPermanently, failurePlan, pivotIndex } from '../sim/saga.js';

/** What the coordinator does on a message or a timer: where it goes and the commands it sends. */
export interface Move {
  readonly to: string;
  readonly send: readonly string[];
  /** What caused it, in a designer's words: "step 'charge' fails (CardDeclined)". */
  readonly why: string;
  /** What the coordinator does: "compensate (ReleaseStock), publish OrderRejected". */
  readonly then: string;
  readonly ref: Ref;
}

/** What the coordinator makes of a message in a control state. */
export type Reception =
  | { readonly kind: 'moves'; readonly moves: readonly Move[] }
  /** Late or foreign: dropped without harm (a saga past the step that awaited it, a terminal state). */
  | { readonly kind: 'ignored' }
  /** A message of the process that arrives where nothing handles it (a process-manager state). */
  | { readonly kind: 'unhandled'; readonly ref: Ref };

/** A reply a handler may give to a command, and whether the command took effect. */
export interface Reply {
  readonly event: string;
  readonly success: boolean;
}

/**
 * A process as the coordinator's automaton: control states, moves on messages and timers, and what
 * each command's handler may answer. Sagas and process managers compile to it; the world (world.ts)
 * runs it with messages in flight, effects and faults.
 */
export interface Machine {
  readonly process: Process;
  readonly coordinator: string;
  /** The ways an instance starts: its first control state, the messages put in flight, effects of the starting transaction. */
  readonly starts: readonly { readonly control: string; readonly flight: readonly Message[]; readonly applied: readonly string[]; readonly text: string }[];
  /** What handling a message at its service means: the command whose effect it has (if any), its possible outcomes, whether redeliveries are de-duplicated. */
  handling(m: Message): { readonly effect?: string; readonly replies: readonly Reply[]; readonly idempotent: boolean };
  /**
   * A second start message with the same correlation key, when nothing de-duplicates it: what it
   * puts in flight and applies again (a saga starts over; a process manager receives it in its state).
   */
  readonly restart?: { readonly message: string; readonly flight: readonly Message[]; readonly applied: readonly string[] };
  /** A command the coordinator sends, addressed to its handler. */
  commandTo(command: string): Message;
  /** Where a published outcome goes: to the coordinator, or (a choreography) to every reaction to it. */
  route(event: string): Message[];
  /** The control state after an event is published (a choreography ends with its outcome). */
  afterPublish(control: string, event: string): string;
  /** A choreography at rest has ended (unless a crash lost what would have carried it on); a coordinator at rest waits. */
  readonly endsAtRest: boolean;
  terminal(control: string): 'success' | 'failure' | undefined;
  /** How a run that comes to rest in a control state has ended (a choreography that published a failure has failed). */
  restsAs(control: string): 'success' | 'failure' | undefined;
  receive(control: string, message: string): Reception;
  /** What the timers of a control state do when they fire (a step's retry, a deadline, a state's timeout). */
  timeouts(control: string): readonly Move[];
  /** Events the process awaits that no command of its own asks for: they arrive from outside, once each. */
  readonly arrivals: readonly string[];
  /** Outside events that exclude one another: once one has come, its rivals do not (see alternatives). */
  readonly rivals?: ReadonlyMap<string, readonly string[]>;
  /** The command whose effect a compensating command undoes. */
  undoes(command: string): string | undefined;
  /** Whether a command's effect must be undone when the process fails. */
  needsUndo(command: string): boolean;
  /** Where a control state is written, for the fix. */
  refOf(control: string): Ref;
  /** A control state in words: "step 'reserve'", "state 'Releasing'". */
  describe(control: string): string;
}

export function machineOf(design: Design, process: Process): Machine | undefined {
  if (process.pattern === 'choreography') return choreographyMachine(design, process);
  if (!process.coordinator) return undefined;
  if (process.pattern === 'saga') return sagaMachine(design, process, process.coordinator.name);
  if (process.pattern === 'process-manager') return processManagerMachine(design, process, process.coordinator.name);
  return undefined;
}

const SUCCESS = 'done:success';
const FAILURE = 'done:failure';

/** A function remembered by a key of its argument: the explorer asks the same questions of every world. */
function memo<A, R>(key: (a: A) => string, f: (a: A) => R): (a: A) => R {
  const known = new Map<string, R>();
  return (a) => {
    const k = key(a);
    let r = known.get(k);
    if (r === undefined) {
      r = f(a);
      known.set(k, r);
    }
    return r;
  };
}

/** A command as a message to its handler. */
function commandOf(design: Design): (command: string) => Message {
  return (command) => ({ name: command, kind: 'command', to: design.commands.get(command)?.handledBy?.name ?? '?' });
}

/** The parts of a machine that a coordinator (saga, process manager) has alike. */
function coordinated(design: Design, coordinator: string, replies: (command: string) => readonly Reply[]) {
  const commandTo = commandOf(design);
  return {
    commandTo,
    handling: memo(
      (m: Message) => m.name,
      (m: Message) => ({ effect: m.name, replies: replies(m.name), idempotent: isIdempotentHandling(design, m.name) === true }),
    ),
    route: (event: string): Message[] => [{ name: event, kind: 'reply', to: coordinator }],
    afterPublish: (control: string) => control,
    endsAtRest: false,
  };
}

function undoMap(design: Design): Map<string, string> {
  const out = new Map<string, string>();
  for (const [undone, c] of design.compensations) if (c.command) out.set(c.command.name, undone);
  return out;
}

function sagaMachine(design: Design, process: Process, coordinator: string): Machine {
  const steps = process.steps;
  const undo = undoMap(design);
  for (const s of steps) if (s.ownCompensation?.command) for (const c of s.commands) undo.set(s.ownCompensation.command.name, c.name);
  const replies = new Map<string, Reply[]>();
  for (const s of steps) {
    const first = s.commands[0]?.name;
    if (first === undefined || replies.has(first)) continue;
    const list: Reply[] = [];
    if (s.onSuccess) list.push({ event: s.onSuccess.name, success: true });
    if (canFailPermanently(process, s)) for (const f of s.onFailure) list.push({ event: f.name, success: false });
    replies.set(first, list);
  }
  // A step's commands are undone on a failure when it compensates; a covered step by its cover.
  const covered = new Set(steps.filter((s) => s.coveredBy).flatMap((s) => s.commands.map((c) => c.name)));
  const enter = (i: number): { control: string; send: string[] } =>
    i >= steps.length ? { control: SUCCESS, send: [] } : { control: `step:${i}`, send: (steps[i]?.commands ?? []).map((c) => c.name) };
  const fail = (i: number, why: string, inProgress = false): Move => {
    const failing = steps[i];
    // The compensations simulate shows for this failure, in its order.
    const send = failurePlan(design, process, i, inProgress).flatMap((s) => stepCompensations(design, s).flatMap((c) => (c.command ? [c.command.name] : [])));
    const then = `${send.length > 0 ? `compensates (${send.join(', ')})` : 'has nothing to compensate'}${process.failsWith ? `, publishes ${process.failsWith.name}` : ''}`;
    return { to: FAILURE, send, why, then, ref: failing?.ref ?? process.ref };
  };
  const pivot = pivotIndex(process);
  const stepOf = (control: string) => (control.startsWith('step:') ? Number(control.slice(5)) : undefined);
  // The step that runs in the starting local transaction (its command starts the saga) takes effect with the start.
  const first = steps[0];
  const startsWithStep = first !== undefined && startsProcess(process, first);
  const afterStart = enter(startsWithStep ? 1 : 0);
  const start = process.startedBy.map((s) => s.name).join(' or ') || 'a start';
  const common = coordinated(design, coordinator, (command) => replies.get(command) ?? []);
  const restartMessage = process.startedBy[0]?.name;
  const dedupes = design.services.get(coordinator)?.consumers?.idempotent === true;
  return {
    ...common,
    ...(restartMessage !== undefined && !dedupes
      ? {
          restart: { message: restartMessage, flight: afterStart.send.map(common.commandTo), applied: startsWithStep ? first.commands.map((c) => c.name) : [] },
        }
      : {}),
    process,
    coordinator,
    starts: [
      {
        control: afterStart.control,
        flight: afterStart.send.map(common.commandTo),
        applied: startsWithStep ? first.commands.map((c) => c.name) : [],
        text: `${start} starts '${process.name}'${startsWithStep ? ` (step '${first.name}' runs in the starting transaction)` : ''}`,
      },
    ],
    terminal: (control) => (control === SUCCESS ? 'success' : control === FAILURE ? 'failure' : undefined),
    restsAs: (control) => (control === SUCCESS ? 'success' : control === FAILURE ? 'failure' : undefined),
    receive(control, message) {
      const i = stepOf(control);
      const s = i === undefined ? undefined : steps[i];
      if (i === undefined || !s) return { kind: 'ignored' };
      if (s.onSuccess?.name === message) {
        const next = enter(i + 1);
        const then =
          next.control === SUCCESS
            ? `completes${process.completesWith ? `, publishes ${process.completesWith.name}` : ''}`
            : `step '${steps[i + 1]?.name}' sends ${next.send.join(', ')}`;
        return { kind: 'moves', moves: [{ to: next.control, send: next.send, why: `step '${s.name}' succeeds`, then, ref: s.ref }] };
      }
      if (s.onFailure.some((f) => f.name === message)) return { kind: 'moves', moves: [fail(i, `step '${s.name}' fails (${message})`)] };
      return { kind: 'ignored' };
    },
    timeouts(control) {
      const i = stepOf(control);
      const s = i === undefined ? undefined : steps[i];
      if (i === undefined || !s) return [];
      const out: Move[] = [];
      // A step's timeout is per attempt (Step Functions' TimeoutSeconds, Temporal's start-to-close): the command is sent again.
      if (s.timeout) {
        const send = s.commands.map((c) => c.name);
        out.push({
          to: control,
          send,
          why: `the timeout of step '${s.name}' (${s.timeout}) fires`,
          then: `sends ${send.join(', ')} again (a retry)`,
          ref: s.ref,
        });
      }
      // The deadline abandons a run until its pivot is sent; past the point of no return the saga must complete.
      if (process.timeout && (pivot === undefined || i < pivot))
        out.push({ ...fail(i, `the deadline of '${process.name}' (${process.timeout}) passes in step '${s.name}'`, true), ref: process.ref });
      return out;
    },
    arrivals: [],
    undoes: (command) => undo.get(command),
    needsUndo: (command) => !needsNoUndo(design, command) && !covered.has(command),
    refOf: (control) => steps[stepOf(control) ?? -1]?.ref ?? process.ref,
    describe: (control) => {
      const s = steps[stepOf(control) ?? -1];
      return s ? `step '${s.name}'` : control === SUCCESS ? 'its success' : 'its failure';
    },
  };
}

function processManagerMachine(design: Design, process: Process, coordinator: string): Machine {
  const undo = undoMap(design);
  const handled = new Set<string>();
  for (const st of process.states.values()) for (const h of st.on) handled.add(h.message.name);
  const move = (from: State, t: Transition, why: string): Move => {
    const to = t.goto ? process.states.get(t.goto.name) : from;
    const target = to ?? from;
    const send = [...t.send.map((c) => c.name), ...(target !== from && target.onEntry ? target.onEntry.send.map((c) => c.name) : [])];
    const where = target === from ? `stays in '${from.name}'` : `goes to '${target.name}'`;
    return { to: target.name, send, why, then: `${where}${send.length > 0 ? `, sends ${send.join(', ')}` : ''}`, ref: t.ref };
  };
  const initial = process.initial ? process.states.get(process.initial.name) : undefined;
  const starts: { control: string; send: string[]; applied: string[]; text: string }[] = [];
  // Filled below; the start's messages are made once the replies are known.
  if (initial) {
    const startMessage = process.startedBy[0]?.name;
    const h = startMessage === undefined ? undefined : initial.on.find((x) => x.message.name === startMessage);
    const entry = initial.onEntry?.send.map((c) => c.name) ?? [];
    if (h && h.alternatives.length > 0) {
      for (const t of h.alternatives) {
        const m = move(initial, t, `${startMessage} starts '${process.name}' in '${initial.name}'`);
        starts.push({ control: m.to, send: [...entry, ...m.send], applied: [], text: `${m.why}: ${m.then}` });
      }
    } else starts.push({ control: initial.name, send: entry, applied: [], text: `${startMessage ?? 'a start'} starts '${process.name}' in '${initial.name}'` });
  }
  // Where each command's answer is awaited: the state a move that sends it goes to.
  const awaitedIn = new Map<string, Set<string>>();
  const awaits = (command: string, state: string) => {
    const set = awaitedIn.get(command) ?? new Set<string>();
    set.add(state);
    awaitedIn.set(command, set);
  };
  for (const st of process.states.values()) {
    for (const c of st.onEntry?.send ?? []) awaits(c.name, st.name);
    const ts = [...st.on.flatMap((h) => h.alternatives), ...(st.timeout ? [st.timeout] : [])];
    // A transition that stays sends without a new wait: the state already awaits what it awaited.
    for (const t of ts) if (t.goto && t.goto.name !== st.name) for (const c of t.send) awaits(c.name, t.goto.name);
  }
  const replies = new Map<string, Reply[]>();
  const repliesOf = (command: string): Reply[] => {
    const known = replies.get(command);
    if (known) return known;
    let events = [...design.events.values()].filter((e) => e.replyTo.some((r) => r.name === command)).map((e) => e.name);
    // A compensating command answers with the outcomes its compensation declares.
    if (events.length === 0) {
      const c = [...design.compensations.values()].find((x) => x.command?.name === command);
      if (c) events = [...(c.onSuccess ? [c.onSuccess.name] : []), ...c.onFailure.map((e) => e.name)];
    }
    if (events.length === 0) {
      // No declared reply: the events of its handler that the states awaiting it handle.
      const handler = design.commands.get(command)?.handledBy?.name;
      const inStates = [...(awaitedIn.get(command) ?? [])].flatMap((name) => process.states.get(name)?.on.map((h) => h.message.name) ?? []);
      events = [...new Set(inStates)].filter((e) => design.events.get(e)?.producedBy?.name === handler);
    }
    const list = events.map((event) => ({ event, success: !isFailureEvent(design, event) }));
    replies.set(command, list);
    return list;
  };
  const sent = new Set([...awaitedIn.keys()]);
  const answers = new Set([...sent].flatMap((c) => repliesOf(c).map((r) => r.event)));
  const starters = new Set(process.startedBy.map((s) => s.name));
  // What the process awaits that none of its commands answers: another service's event, which may come at any time.
  const arrivals = [...handled].filter((e) => !answers.has(e) && !starters.has(e) && design.events.has(e)).sort();
  const common = coordinated(design, coordinator, repliesOf);
  const rivals = alternatives(process, arrivals, (e) => design.events.get(e)?.producedBy?.name);
  const restartMessage = process.startedBy[0]?.name;
  const dedupes = design.services.get(coordinator)?.consumers?.idempotent === true;
  return {
    ...common,
    ...(restartMessage !== undefined && !dedupes
      ? { restart: { message: restartMessage, flight: [{ name: restartMessage, kind: 'reply' as const, to: coordinator }], applied: [] } }
      : {}),
    process,
    coordinator,
    starts: starts.map((s) => ({ control: s.control, flight: s.send.map(common.commandTo), applied: s.applied, text: s.text })),
    terminal: (control) => process.states.get(control)?.terminal,
    restsAs: (control) => process.states.get(control)?.terminal,
    receive(control, message) {
      const state = process.states.get(control);
      if (!state) return { kind: 'ignored' };
      const h = state.on.find((x) => x.message.name === message);
      if (h)
        return { kind: 'moves', moves: h.alternatives.map((t) => move(state, t, `${message} in '${state.name}'${t.condition ? ` (if ${t.condition})` : ''}`)) };
      if (state.terminal || !handled.has(message)) return { kind: 'ignored' };
      return { kind: 'unhandled', ref: state.ref };
    },
    timeouts(control) {
      const state = process.states.get(control);
      return state?.timeout ? [move(state, state.timeout, `the timeout of '${state.name}' (${state.timeout.after}) fires`)] : [];
    },
    arrivals,
    rivals,
    undoes: (command) => undo.get(command),
    needsUndo: (command) => !needsNoUndo(design, command) && design.compensations.has(command),
    refOf: (control) => process.states.get(control)?.ref ?? process.ref,
    describe: (control) => `state '${control}'`,
  };
}

/**
 * Outside events that are alternative outcomes of one piece of work: two events of one service that a
 * state branches on, where neither branch goes on to wait for the other (a batch settled or rejected).
 * Two that a branch still awaits are a join (NServiceBus's ShippingPolicy: OrderPlaced, then OrderBilled,
 * in either order), and both come.
 */
function alternatives(process: Process, arrivals: readonly string[], producer: (event: string) => string | undefined): Map<string, string[]> {
  const rivals = new Map<string, string[]>();
  const awaitsAfter = (state: State, event: string, other: string) =>
    state.on
      .find((h) => h.message.name === event)
      ?.alternatives.some((t) => process.states.get(t.goto?.name ?? state.name)?.on.some((h) => h.message.name === other)) ?? false;
  for (const st of process.states.values()) {
    const here = arrivals.filter((e) => st.on.some((h) => h.message.name === e));
    for (const a of here)
      for (const b of here) {
        if (a >= b || producer(a) === undefined || producer(a) !== producer(b)) continue;
        if (awaitsAfter(st, a, b) || awaitsAfter(st, b, a)) continue;
        rivals.set(a, [...(rivals.get(a) ?? []), b]);
        rivals.set(b, [...(rivals.get(b) ?? []), a]);
      }
  }
  return rivals;
}

/**
 * A choreography: no coordinator; each event in flight is one reaction's to handle (an event with
 * two reactions is two messages). A reaction runs its command (the effect) and publishes one of its
 * outcomes: a success outcome when the command took effect, a failure outcome when it did not. The
 * run ends when its completesWith or failsWith is published, or when nothing is left in flight.
 */
function choreographyMachine(design: Design, process: Process): Machine {
  const undo = undoMap(design);
  const RUNNING = 'running';
  const FAILING = 'failing';
  const route = (event: string): Message[] =>
    process.reactions.filter((r) => r.when.name === event).map((r) => ({ name: event, kind: 'command' as const, to: r.service.name, via: r.index }));
  // Without a failsWith, a failure outcome published means the run has failed once it comes to rest.
  const afterPublish = (control: string, event: string) => {
    if (control === SUCCESS || control === FAILURE) return control;
    if (event === process.completesWith?.name) return SUCCESS;
    if (event === process.failsWith?.name) return FAILURE;
    return !process.failsWith && isFailureEvent(design, event) ? FAILING : control;
  };
  const handled = new Map<number | undefined, ReturnType<Machine['handling']>>();
  const handling = (m: Message) => {
    const known = handled.get(m.via);
    if (known) return known;
    const found = handle(m);
    handled.set(m.via, found);
    return found;
  };
  const handle = (m: Message): ReturnType<Machine['handling']> => {
    const r = process.reactions.find((x) => x.index === m.via);
    if (!r) return { replies: [], idempotent: true };
    const success = successOutcomes(design, r).map((e) => ({ event: e.name, success: true }));
    const failure = failureOutcomes(design, r).map((e) => ({ event: e.name, success: false }));
    const command = r.command?.name;
    const idempotent =
      (command !== undefined && isIdempotentHandling(design, command) === true) || design.services.get(r.service.name)?.consumers?.idempotent === true;
    return { ...(command !== undefined ? { effect: command } : {}), replies: [...success, ...failure], idempotent };
  };
  const starts = startingEvents(process).map((e) => {
    const flight = route(e);
    return {
      control: afterPublish(RUNNING, e),
      flight,
      applied: [],
      text: `${e} starts '${process.name}'${flight.length > 0 ? `; ${flight.map((m) => `'${m.to}' reacts`).join(', ')}` : ''}`,
    };
  });
  const first = startingEvents(process)[0];
  return {
    ...(first !== undefined ? { restart: { message: first, flight: route(first), applied: [] } } : {}),
    process,
    coordinator: process.name,
    starts,
    handling,
    route,
    afterPublish,
    endsAtRest: true,
    commandTo: commandOf(design),
    terminal: (control) => (control === SUCCESS ? 'success' : control === FAILURE ? 'failure' : undefined),
    restsAs: (control) => (control === SUCCESS ? 'success' : control === FAILURE || control === FAILING ? 'failure' : undefined),
    receive: () => ({ kind: 'ignored' }),
    timeouts: () => [],
    arrivals: [],
    undoes: (command) => undo.get(command),
    needsUndo: (command) => !needsNoUndo(design, command) && design.compensations.has(command),
    refOf: () => process.ref,
    describe: () => 'the middle of its chain of reactions',
  };
}
