import pluralize from 'pluralize';
import type { Ref } from '../findings.js';
import type { Action, Design, Field, NameRef, Process, Reaction, Step } from '../model/types.js';
import { edgesOf } from './process-manager.js';
import { eventsFollowing, reactionsByEvent } from './choreography.js';
import { canFailPermanently, pivotIndex } from './saga.js';

/** A required field of a command sent, that the process does not hold there. */
export interface Gap {
  readonly field: string;
  /** The command's own name for the field, when a `map` takes it from a field of another name. */
  readonly mappedTo?: string;
}

/** A command sent where the process does not hold some of its required fields: one per command sent (1.1). */
export interface MissingField {
  readonly command: string;
  readonly missing: readonly Gap[];
  /** 'step 'charge'', 'the compensation of step 'reserve'', 'state 'Charging'', 'the reaction of Stock to OrderPlaced'. */
  readonly where: string;
  readonly ref: Ref;
  /** What the process holds at that point, for the message. */
  readonly held: readonly string[];
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** What a process holds: the fields it knows, or everything when a message on the way does not declare its fields. */
type Held = ReadonlySet<string> | 'unknown';

// Indexed loops and forEach here: a for-of or a spread makes an iterator and a result for each step of cold code.
const union = (held: Held, fields: readonly Field[] | undefined): Held => {
  if (held === 'unknown' || fields === undefined) return 'unknown';
  const out = new Set<string>();
  held.forEach((name) => out.add(name));
  for (let i = 0; i < fields.length; i++) out.add((fields[i] as Field).name);
  return out;
};

/** What every one of several messages brings: the fields they all carry (unknown when one does not declare its fields). */
const common = (held: Held, fields: readonly (readonly Field[] | undefined)[]): Held => {
  if (fields.length === 0) return held;
  if (held === 'unknown' || fields.some((f) => f === undefined)) return 'unknown';
  const [first, ...rest] = fields as (readonly Field[])[];
  const shared = (first ?? []).map((f) => f.name).filter((n) => rest.every((r) => r.some((f) => f.name === n)));
  return new Set([...held, ...shared]);
};

/** The default name of a batch element: the singular of the list (guestStayIds -> guestStayId). */
export function elementName(forEach: string, as: string | undefined): string {
  return as ?? pluralize.singular(forEach);
}

/** How a command is sent: a batch element, field names mapped, fields the sender sets itself. */
type Sending = Pick<Action, 'forEach' | 'as' | 'map' | 'sets'>;

/**
 * Tracks which fields a process holds at each point — its correlation key and data, the fields of
 * the starting message and of every message received so far, a batch's element, what the sender
 * sets itself, the key under `correlateBy` — and reports, once per command sent, every required
 * field that is available from none of them. Where a message on the way does not declare its
 * fields, what the process holds is unknown and nothing is reported.
 */
export function missingFields(design: Design, process: Process): MissingField[] {
  const out: MissingField[] = [];
  const base = new Set<string>([...(process.correlationKey ? [process.correlationKey] : []), ...process.data]);
  let start: Held = base;
  for (const s of process.startedBy) start = union(start, design.commands.get(s.name)?.fields ?? design.events.get(s.name)?.fields);
  if (process.startedBy.length === 0 && !process.schedule && process.pattern !== 'choreography') start = 'unknown';
  const keyed = process.correlationKey !== undefined || process.correlationHeader;

  const check = (command: string, held: Held, sending: Sending, where: string, ref: Ref) => {
    const fields = design.commands.get(command)?.fields;
    if (!fields || held === 'unknown') return;
    const element = sending.forEach ? elementName(sending.forEach, sending.as) : undefined;
    // The command carries the process's key under another name (correlateBy, 1.1).
    const keyField = keyed ? process.correlateBy.get(command)?.name : undefined;
    const sets = sending.sets.length === 0 ? NO_NAMES : new Set(sending.sets);
    let missing: Gap[] | undefined;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as Field;
      if (f.optional || f.name === keyField || sets.has(f.name)) continue;
      const source = Object.hasOwn(sending.map, f.name) ? (sending.map[f.name] as string) : f.name;
      if (!held.has(source) && source !== element) (missing ??= []).push({ field: source, ...(source === f.name ? {} : { mappedTo: f.name }) });
    }
    if (missing) out.push({ command, missing, where, ref, held: [...new Set([...held, ...(element === undefined ? [] : [element])])].sort() });
  };

  if (process.pattern === 'saga') {
    const heldBefore: Held[] = [];
    let held: Held = start;
    for (let i = 0; i < process.steps.length; i++) {
      const step = process.steps[i] as Step;
      heldBefore.push(held);
      for (let k = 0; k < step.commands.length; k++) check((step.commands[k] as NameRef).name, held, step, `step '${step.name}'`, step.ref);
      if (step.onSuccess) held = union(held, design.events.get(step.onSuccess.name)?.fields);
    }
    // A compensation runs at a later failure point, with what the process holds there: what the steps
    // before the failing one brought, and what every failure event of the failing step carries (1.1).
    const pivot = pivotIndex(process) ?? process.steps.length;
    for (const step of process.steps) {
      const compensation = step.ownCompensation ?? (step.commands.length === 1 ? design.compensations.get(step.commands[0]?.name ?? '') : undefined);
      if (!compensation?.command || step.index >= pivot) continue;
      const points: Held[] = [];
      const ownFailure =
        step.compensateOnFailure || (step.forEach !== undefined && (step.partialFailure === 'compensate-completed' || step.partialFailure === 'fail-all'));
      if (ownFailure && canFailPermanently(process, step))
        points.push(
          common(
            heldBefore[step.index] as Held,
            step.onFailure.map((e) => design.events.get(e.name)?.fields),
          ),
        );
      for (const later of process.steps.slice(step.index + 1, pivot + 1)) {
        if (!canFailPermanently(process, later)) continue;
        points.push(
          common(
            heldBefore[later.index] as Held,
            later.onFailure.map((e) => design.events.get(e.name)?.fields),
          ),
        );
      }
      const sending: Sending = {
        ...(step.forEach ? { forEach: step.forEach } : {}),
        ...(step.as ? { as: step.as } : {}),
        map: compensation.map,
        sets: compensation.sets,
      };
      // Every failure point where it runs: the gaps of all of them become one finding (merged below).
      for (const point of points) check(compensation.command.name, point, sending, `the compensation of step '${step.name}'`, compensation.ref);
    }
  } else if (process.pattern === 'process-manager') {
    const initial = process.initial && process.states.get(process.initial.name);
    if (!initial) return out;
    // A must-analysis: a field counts at a state when every path to it brings it.
    const heldIn = new Map<string, Held>([[initial.name, start]]);
    const meet = (a: Held | undefined, b: Held): Held =>
      a === undefined || a === 'unknown' ? b : b === 'unknown' ? a : new Set([...a].filter((x) => b.has(x)));
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
      if (state === initial && state.onEntry)
        for (const c of state.onEntry.send) check(c.name, here, state.onEntry, `state '${state.name}'`, state.onEntry.ref);
      if (state.terminal) continue;
      for (const e of edgesOf(process, state)) {
        const after = arriving(here, e.trigger);
        for (const c of e.transition.send) check(c.name, after, e.transition, `state '${state.name}'`, e.transition.ref);
        if (e.to !== state && e.to.onEntry) for (const c of e.to.onEntry.send) check(c.name, after, e.to.onEntry, `state '${e.to.name}'`, e.to.onEntry.ref);
      }
    }
  } else {
    const byEvent = reactionsByEvent(process);
    const following = new Map<string, Set<string>>();
    const after = (event: string) => {
      let s = following.get(event);
      if (!s) following.set(event, (s = eventsFollowing(byEvent, [event])));
      return s;
    };
    const byService = new Map<string, Reaction[]>();
    for (const r of process.reactions) {
      const own = byService.get(r.service.name);
      if (own) own.push(r);
      else byService.set(r.service.name, [r]);
    }
    for (const r of process.reactions) {
      if (!r.command) continue;
      let held: Held = union(new Set(process.correlationKey ? [process.correlationKey] : []), design.events.get(r.when.name)?.fields);
      // A service keeps what it received in its own earlier reactions of the process (a join, a local
      // table, 1.1): every reaction of it that need not come after this one.
      for (const x of byService.get(r.service.name) ?? []) {
        if (x === r || x.when.name === r.when.name) continue;
        const strictlyLater = after(r.when.name).has(x.when.name) && !after(x.when.name).has(r.when.name);
        if (!strictlyLater) held = union(held, design.events.get(x.when.name)?.fields);
      }
      check(r.command.name, held, { map: r.map, sets: r.sets }, `the reaction of ${r.service.name} to ${r.when.name}`, r.ref);
    }
  }
  // The same gap reached on several paths is one finding.
  const seen = new Map<string, MissingField>();
  const result: MissingField[] = [];
  for (const m of out) {
    const key = `${m.ref.path.join('/')}\u0000${m.command}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, m);
      result.push(m);
    } else {
      const fields = new Set(first.missing.map((g) => g.field));
      const extra = m.missing.filter((g) => !fields.has(g.field));
      if (extra.length > 0) {
        const merged = { ...first, missing: [...first.missing, ...extra] };
        result[result.indexOf(first)] = merged;
        seen.set(key, merged);
      }
    }
  }
  return result;
}

function size(h: Held): number {
  return h === 'unknown' ? Number.POSITIVE_INFINITY : h.size;
}
