import { isFailureEvent } from '../model/graph.js';
import type { Compensation, Design, Process, Reaction } from '../model/types.js';

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
    const succeeded = r.emits.map((e) => e.name).filter((e) => !isFailureEvent(design, e));
    const after = eventsFollowing(byEvent, succeeded, new Set(compensating));
    const failures = [...after].filter((e) => isFailureEvent(design, e));
    if (failures.length === 0) continue;
    const triggers = new Set(compensating.map((x) => x.when.name));
    const uncovered = failures.filter((f) => ![...eventsFollowing(byEvent, [f])].some((e) => triggers.has(e)));
    if (uncovered.length > 0) gaps.push({ reaction: r, compensation, failures: uncovered.sort() });
  }
  return gaps;
}
