import { failureOutcomes, isFailureEvent, successOutcomes } from '../model/graph.js';
import { compensationRisk } from '../model/policies.js';
import type { Compensation, Design, Process, Reaction } from '../model/types.js';
import { stronglyConnected } from '../util/graph.js';
import type { CompensationRun, Problem, Ran, Trace, TraceStep } from './trace.js';

/** A reaction whose command has a compensation that some failure downstream never triggers. */
export interface ChoreographyGap {
  readonly reaction: Reaction;
  readonly compensation: Compensation;
  /** Failure events that can follow the reaction and lead to no compensating reaction of its service. */
  readonly failures: readonly string[];
}

export function reactionsByEvent(process: Process): Map<string, Reaction[]> {
  const byEvent = new Map<string, Reaction[]>();
  for (const r of process.reactions) {
    const list = byEvent.get(r.when.name);
    if (list) list.push(r);
    else byEvent.set(r.when.name, [r]);
  }
  return byEvent;
}

/** Every event that can follow from `start` through the process's reactions (but those in `stopAt`), `start` included. */
export function eventsFollowing(
  byEvent: ReadonlyMap<string, readonly Reaction[]>,
  start: Iterable<string>,
  stopAt: ReadonlySet<Reaction> = new Set(),
): Set<string> {
  const seen = new Set<string>(start);
  const queue = [...seen];
  while (queue.length > 0) {
    const event = queue.pop() as string;
    for (const r of byEvent.get(event) ?? []) {
      if (stopAt.has(r)) continue;
      for (const e of r.emits) {
        if (!seen.has(e.name)) {
          seen.add(e.name);
          queue.push(e.name);
        }
      }
    }
  }
  return seen;
}

/**
 * For each reaction that runs a command with a compensation: the failure events that can follow its
 * success and from which no reaction of the same service runs the compensation, directly or after
 * other compensations (a chain of compensating events).
 */
export function choreographyGaps(design: Design, process: Process): ChoreographyGap[] {
  const byEvent = reactionsByEvent(process);
  const gaps: ChoreographyGap[] = [];
  for (const r of process.reactions) {
    const compensation = r.command && design.compensations.get(r.command.name);
    if (!compensation) continue;
    const compensating = process.reactions.filter(
      (x) =>
        x.service.name === r.service.name &&
        ((compensation.command && x.command?.name === compensation.command.name) ||
          (compensation.event && x.emits.some((e) => e.name === compensation.event?.name))),
    );
    // What follows the compensation itself (the order rejected after the stock is released) needs no second one.
    // Only what follows the command's success can ask for its undo: a command that failed took no effect (1.1).
    const succeeded = successOutcomes(design, r).map((e) => e.name);
    const own = new Set(failureOutcomes(design, r).map((e) => e.name));
    const after = eventsFollowing(byEvent, succeeded, new Set(compensating));
    const failures = [...after].filter((e) => isFailureEvent(design, e) && !own.has(e));
    if (failures.length === 0) continue;
    const triggers = new Set(compensating.map((x) => x.when.name));
    const uncovered = failures.filter((f) => ![...eventsFollowing(byEvent, [f])].some((e) => triggers.has(e)));
    if (uncovered.length > 0) gaps.push({ reaction: r, compensation, failures: uncovered.sort() });
  }
  return gaps;
}

/** The events that start a choreography: `startedBy`, else the `when` events no reaction emits. */
export function startingEvents(process: Process): string[] {
  if (process.startedBy.length > 0) return process.startedBy.map((s) => s.name);
  const emitted = new Set(process.reactions.flatMap((r) => r.emits.map((e) => e.name)));
  return [...new Set(process.reactions.map((r) => r.when.name).filter((e) => !emitted.has(e)))];
}

/** The reactions on the shortest way from the starting events to `event`, in order. */
export function reactionsLeadingTo(process: Process, event: string): Reaction[] {
  const byEvent = reactionsByEvent(process);
  const via = new Map<string, Reaction | undefined>();
  const queue: string[] = [];
  for (const e of startingEvents(process)) {
    via.set(e, undefined);
    queue.push(e);
  }
  for (let i = 0; i < queue.length && !via.has(event); i++) {
    const e = queue[i] as string;
    for (const r of byEvent.get(e) ?? []) {
      for (const out of r.emits) {
        if (via.has(out.name)) continue;
        via.set(out.name, r);
        queue.push(out.name);
      }
    }
  }
  const path: Reaction[] = [];
  for (let r = via.get(event); r; r = via.get(r.when.name)) {
    if (path.includes(r)) break;
    path.unshift(r);
  }
  return path;
}

/** A cycle of reactions: an event that leads, through reactions, back to itself. */
export interface EventCycle {
  /**
   * The reactions of the cycle, in the order they follow each other, from the one a run from the
   * process's start enters the cycle by.
   */
  readonly reactions: readonly Reaction[];
  /** The reaction whose emitted event re-enters the cycle (1.1): where a guard or a new event belongs. */
  readonly closing: Reaction;
  /** Guards (`if`) on the way that may break the cycle. */
  readonly guards: readonly string[];
}

/** The cycles of a choreography, one per group of reactions that reach each other (Tarjan, linear). */
export function eventCycles(process: Process): EventCycle[] {
  const byEvent = reactionsByEvent(process);
  const byId = new Map(process.reactions.map((r) => [String(r.index), r]));
  const ids = [...byId.keys()];
  const nextById = new Map(ids.map((id) => [id, (byId.get(id)?.emits ?? []).flatMap((e) => (byEvent.get(e.name) ?? []).map((x) => String(x.index)))]));
  const component = stronglyConnected(ids, (id) => nextById.get(id) ?? []);
  const groups = new Map<number, Reaction[]>();
  for (const r of process.reactions) {
    const c = component.get(String(r.index)) as number;
    const list = groups.get(c);
    if (list) list.push(r);
    else groups.set(c, [r]);
  }
  // How far each reaction is from the process's start (breadth first), to enter each cycle where a run does.
  const distance = new Map<Reaction, number>();
  const queue: Reaction[] = [];
  for (const e of startingEvents(process)) {
    for (const r of byEvent.get(e) ?? []) {
      if (distance.has(r)) continue;
      distance.set(r, 0);
      queue.push(r);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const r = queue[i] as Reaction;
    for (const id of nextById.get(String(r.index)) ?? []) {
      const x = byId.get(id) as Reaction;
      if (distance.has(x)) continue;
      distance.set(x, (distance.get(r) ?? 0) + 1);
      queue.push(x);
    }
  }
  const far = Number.POSITIVE_INFINITY;
  const cycles: EventCycle[] = [];
  for (const members of groups.values()) {
    const first = [...members].sort((a, b) => (distance.get(a) ?? far) - (distance.get(b) ?? far) || a.index - b.index)[0] as Reaction;
    const selfLoop = (nextById.get(String(first.index)) ?? []).includes(String(first.index));
    if (members.length < 2 && !selfLoop) continue;
    // Walk the cycle from its first reaction, staying inside the group.
    const inGroup = new Set(members);
    const order: Reaction[] = [first];
    for (let cur = first; ;) {
      const to = (nextById.get(String(cur.index)) ?? [])
        .map((id) => byId.get(id) as Reaction)
        .find((r) => inGroup.has(r) && (r === first || !order.includes(r)));
      if (!to || to === first) break;
      order.push(to);
      cur = to;
    }
    cycles.push({ reactions: order, closing: order[order.length - 1] as Reaction, guards: members.flatMap((r) => (r.condition ? [r.condition] : [])) });
  }
  return cycles;
}

/** The longest chain of reactions without repeating one, searched within a bound (it is a longest-path problem). */
export function longestChain(process: Process, budget = 20_000): number {
  const byEvent = reactionsByEvent(process);
  let best = 0;
  let steps = 0;
  const onPath = new Set<Reaction>();
  const walk = (r: Reaction, depth: number) => {
    if (++steps > budget) return;
    best = Math.max(best, depth);
    onPath.add(r);
    for (const e of r.emits) for (const x of byEvent.get(e.name) ?? []) if (!onPath.has(x)) walk(x, depth + 1);
    onPath.delete(r);
  };
  for (const e of startingEvents(process)) for (const r of byEvent.get(e) ?? []) walk(r, 1);
  return best;
}

/**
 * The choreography failing at each failure event a reaction emits: the reactions that ran before
 * it, what the failure triggers downstream (compensations among it), and what is left undone.
 */
export function choreographyTraces(design: Design, process: Process): Trace[] {
  return choreographyWalks(design, process).map((w) => w.trace);
}

/** A failure point of a choreography as a run: the reactions before it, the one that fails, and those its failure sets off. */
export interface ChoreographyWalk {
  readonly trace: Trace;
  readonly before: readonly Reaction[];
  readonly reaction: Reaction;
  readonly failure: string;
  /** The reactions the failure sets off, breadth first, each once. */
  readonly after: readonly Reaction[];
}

/** Each failure point's trace with the run it follows (what `generate go` plays in its tests). */
export function choreographyWalks(design: Design, process: Process): ChoreographyWalk[] {
  const byEvent = reactionsByEvent(process);
  // compensating command -> the commands it undoes
  const undoes = new Map<string, string[]>();
  for (const [command, c] of design.compensations) if (c.command) undoes.set(c.command.name, [...(undoes.get(c.command.name) ?? []), command]);
  const traces: ChoreographyWalk[] = [];
  const cycles = eventCycles(process);
  // Each failure point is a reaction and the failure it emits (not the process's own failure
  // outcome, which ends it): `Service.Event`, and `Service.When.Event` when one service reacts to
  // two events with the same failure. `--fail-at` takes any part (the service, the event) or the whole.
  const candidates = process.reactions.flatMap((r) =>
    failureOutcomes(design, r)
      .filter((f) => f.name !== process.failsWith?.name)
      .map((failure) => ({ r, failure })),
  );
  const count = new Map<string, number>();
  for (const { r, failure } of candidates) count.set(`${r.service.name}.${failure.name}`, (count.get(`${r.service.name}.${failure.name}`) ?? 0) + 1);
  const points = candidates.map(({ r, failure }) => {
    const twice = (count.get(`${r.service.name}.${failure.name}`) ?? 0) > 1;
    return {
      r,
      failure,
      id: twice ? `${r.service.name}.${r.when.name}.${failure.name}` : `${r.service.name}.${failure.name}`,
      label: `${failure.name} from ${r.service.name}${twice ? ` (on ${r.when.name})` : ''}`,
    };
  });
  for (const { r, failure, id, label } of points) {
    const steps: TraceStep[] = [];
    const before = reactionsLeadingTo(process, r.when.name);
    const start = startingEvents(process).join(' or ');
    steps.push({ kind: 'start', text: `${start} starts '${process.name}'` });
    const ran: Ran[] = [];
    before.forEach((x, i) => {
      steps.push({ kind: 'receive', text: `${x.service.name} receives ${x.when.name}` });
      // The event the path goes on with tells whether this reaction's command took effect.
      const next = before[i + 1]?.when.name ?? r.when.name;
      if (x.command && failureOutcomes(design, x).some((e) => e.name === next)) {
        steps.push({ kind: 'fail', text: `${x.service.name} fails to ${x.command.name}: emits ${next}` });
      } else if (x.command) {
        steps.push({ kind: 'send', text: `${x.service.name} runs ${x.command.name}` });
        if (design.commands.get(x.command.name)?.readOnly !== true) ran.push({ command: x.command.name, at: x.service.name });
      }
    });
    steps.push({ kind: 'receive', text: `${r.service.name} receives ${r.when.name}` });
    steps.push({ kind: 'fail', text: `${r.service.name}${r.command ? ` fails to ${r.command.name}` : ''}: emits ${failure.name}` });

    // Follow the failure downstream, breadth first, each reaction once.
    const compensations: CompensationRun[] = [];
    const problems: Problem[] = [];
    const done = new Set<Reaction>();
    const after: Reaction[] = [];
    const events = [failure.name];
    const seenEvents = new Set(events);
    let outcome: string | undefined;
    for (let k = 0; k < events.length; k++) {
      const e = events[k] as string;
      if (e === process.failsWith?.name || e === process.completesWith?.name) outcome = e;
      for (const x of byEvent.get(e) ?? []) {
        if (done.has(x)) continue;
        done.add(x);
        after.push(x);
        steps.push({ kind: 'receive', text: `${x.service.name} receives ${e}` });
        if (x.command) {
          const undone = undoes.get(x.command.name) ?? [];
          if (undone.length > 0) {
            for (const u of undone) {
              const risk = compensationRisk(design, design.compensations.get(u) as Compensation);
              compensations.push({ run: x.command.name, undoes: u, at: x.service.name, ...(risk ? { risk } : {}) });
              if (risk)
                problems.push({
                  kind: 'compensation-can-fail',
                  message: `the compensation ${x.command.name} of ${u} may fail for good: ${risk}`,
                  commands: [x.command.name],
                });
            }
            steps.push({ kind: 'compensate', text: `${x.service.name} runs ${x.command.name} to undo ${undone.join(', ')}` });
          } else {
            steps.push({ kind: 'send', text: `${x.service.name} runs ${x.command.name}` });
          }
        }
        for (const out of x.emits) {
          steps.push({ kind: 'publish', text: `${x.service.name} emits ${out.name}` });
          if (!seenEvents.has(out.name)) {
            seenEvents.add(out.name);
            events.push(out.name);
          }
        }
      }
    }
    // A cycle among the reactions the failure set off keeps the process going round.
    for (const cycle of cycles) {
      if (!cycle.reactions.some((x) => done.has(x))) continue;
      const chain = [...cycle.reactions.map((x) => x.when.name), cycle.reactions[0]?.when.name].join(' → ');
      if (cycle.guards.length === 0)
        problems.push({ kind: 'loop', message: `after ${failure.name} the reactions go round: ${chain}`, ref: cycle.reactions[0]?.ref ?? r.ref });
      else steps.push({ kind: 'end', text: `goes round (${chain}) while ${cycle.guards.join(', ')}` });
    }
    const nothingToUndo: Ran[] = [];
    for (const x of ran) {
      const comp = design.compensations.get(x.command);
      if (!comp && design.noUndo.has(x.command)) nothingToUndo.push(x);
      if (!comp) continue;
      const run = comp.command?.name ?? comp.event?.name;
      if (!compensations.some((c) => c.undoes === x.command) && !(comp.event && seenEvents.has(comp.event.name))) {
        problems.push({ kind: 'uncompensated', message: `${x.at} ran ${x.command} and nothing after ${failure.name} runs ${run}`, commands: [x.command] });
      }
    }
    steps.push({ kind: 'end', text: outcome ? `ends with ${outcome}` : 'ends' });
    const trace: Trace = {
      point: { id, kind: 'event', label, ref: failure.ref },
      ran,
      compensations,
      nothingToUndo,
      ...(outcome ? { outcome } : {}),
      problems,
      steps,
    };
    traces.push({ trace, before, reaction: r, failure: failure.name, after });
  }
  return traces;
}
