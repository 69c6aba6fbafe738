import pluralize from 'pluralize';
import type { Ref } from '../findings.js';
import type { Action, Design, Field, Process } from '../model/types.js';
import { edgesOf } from './process-manager.js';
import { pivotIndex } from './saga.js';

/** A command sent where the process does not hold one of its required fields. */
export interface MissingField {
  readonly command: string;
  readonly field: string;
  /** The command's own name for the field, when a `map` takes it from a field of another name. */
  readonly mappedTo?: string;
  /** 'step 'charge'', 'the compensation of step 'reserve'', 'state 'Charging'', 'the reaction of Stock to OrderPlaced'. */
  readonly where: string;
  readonly ref: Ref;
  /** What the process holds at that point, for the message. */
  readonly held: readonly string[];
}

/** What a process holds: the fields it knows, or everything when a message on the way does not declare its fields. */
type Held = ReadonlySet<string> | 'unknown';

const union = (held: Held, fields: readonly Field[] | undefined): Held =>
  held === 'unknown' || fields === undefined ? 'unknown' : new Set([...held, ...fields.map((f) => f.name)]);

/** The default name of a batch element: the singular of the list (guestStayIds -> guestStayId). */
export function elementName(forEach: string, as: string | undefined): string {
  return as ?? pluralize.singular(forEach);
}

/**
 * Tracks which fields a process holds at each point — its correlation key and data, the fields of
 * the starting message and of every message received so far, a batch's element — and reports each
 * command field that is available from none of them. Where a message on the way does not declare
 * its fields, what the process holds is unknown and nothing is reported.
 */
export function missingFields(design: Design, process: Process): MissingField[] {
  const out: MissingField[] = [];
  const base = new Set<string>([...(process.correlationKey ? [process.correlationKey] : []), ...process.data]);
  let start: Held = base;
  for (const s of process.startedBy) start = union(start, design.commands.get(s.name)?.fields ?? design.events.get(s.name)?.fields);
  if (process.startedBy.length === 0 && !process.schedule && process.pattern !== 'choreography') start = 'unknown';

  const check = (command: string, held: Held, action: Pick<Action, 'forEach' | 'as' | 'map'>, where: string, ref: Ref) => {
    const fields = design.commands.get(command)?.fields;
    if (!fields || held === 'unknown') return;
    const available = new Set(held);
    if (action.forEach) available.add(elementName(action.forEach, action.as));
    for (const f of fields) {
      if (f.optional) continue;
      const source = Object.hasOwn(action.map, f.name) ? (action.map[f.name] as string) : f.name;
      if (!available.has(source)) out.push({ command, field: source, ...(source === f.name ? {} : { mappedTo: f.name }), where, ref, held: [...available].sort() });
    }
  };

  if (process.pattern === 'saga') {
    let held: Held = start;
    const pivot = pivotIndex(process) ?? process.steps.length;
    for (const step of process.steps) {
      for (const c of step.commands) check(c.name, held, step, `step '${step.name}'`, step.ref);
      if (step.onSuccess) held = union(held, design.events.get(step.onSuccess.name)?.fields);
      // A step's compensation runs later, with at least what the process holds once the step succeeded.
      const compensation = step.ownCompensation ?? (step.commands.length === 1 ? design.compensations.get(step.commands[0]?.name ?? '') : undefined);
      if (compensation?.command && step.index < pivot) {
        check(compensation.command.name, held, { ...step, map: {} }, `the compensation of step '${step.name}'`, compensation.ref);
      }
    }
  } else if (process.pattern === 'process-manager') {
    const initial = process.initial && process.states.get(process.initial.name);
    if (!initial) return out;
    // A must-analysis: a field counts at a state when every path to it brings it.
    const heldIn = new Map<string, Held>([[initial.name, start]]);
    const meet = (a: Held | undefined, b: Held): Held => (a === undefined || a === 'unknown' ? b : b === 'unknown' ? a : new Set([...a].filter((x) => b.has(x))));
    const arriving = (from: Held, trigger: string | undefined): Held =>
      trigger === undefined ? from : union(from, design.events.get(trigger)?.fields ?? design.commands.get(trigger)?.fields);
    const work = [initial];
    // Sets only shrink, so this ends; the bound is a guard against a mistake, not a limit in practice.
    let rounds = 0;
    while (work.length > 0 && rounds++ < (process.states.size + 1) * 1000) {
      const state = work.pop();
      if (!state || state.terminal) continue;
      const here = heldIn.get(state.name) as Held;
      for (const e of edgesOf(process, state)) {
        const after = arriving(here, e.trigger);
        const before = heldIn.get(e.to.name);
        const merged = meet(before, after);
        if (before === undefined || size(merged) < size(before)) {
          heldIn.set(e.to.name, merged);
          work.push(e.to);
        }
      }
    }
    for (const state of process.states.values()) {
      const here = heldIn.get(state.name);
      if (here === undefined) continue;
      if (state === initial && state.onEntry) for (const c of state.onEntry.send) check(c.name, here, state.onEntry, `state '${state.name}'`, state.onEntry.ref);
      if (state.terminal) continue;
      for (const e of edgesOf(process, state)) {
        const after = arriving(here, e.trigger);
        for (const c of e.transition.send) check(c.name, after, e.transition, `state '${state.name}'`, e.transition.ref);
        if (e.to !== state && e.to.onEntry) for (const c of e.to.onEntry.send) check(c.name, after, e.to.onEntry, `state '${e.to.name}'`, e.to.onEntry.ref);
      }
    }
  } else {
    for (const r of process.reactions) {
      if (!r.command) continue;
      const held = union(new Set(process.correlationKey ? [process.correlationKey] : []), design.events.get(r.when.name)?.fields);
      check(r.command.name, held, { map: r.map }, `the reaction of ${r.service.name} to ${r.when.name}`, r.ref);
    }
  }
  // The same gap reached on several paths is one finding.
  const seen = new Set<string>();
  return out.filter((m) => {
    const key = `${m.ref.path.join('/')}\u0000${m.command}\u0000${m.field}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function size(h: Held): number {
  return h === 'unknown' ? Number.POSITIVE_INFINITY : h.size;
}
