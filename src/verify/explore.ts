import type { Ref } from '../findings.js';
import type { Design, Pattern, Process } from '../model/types.js';
import { machineOf } from './machine.js';
import { DEFAULT_BOUNDS, FAULT_IDS } from './terms.js';
import {
  initialWorlds,
  keyOf,
  mayArrive,
  PROPERTIES,
  successors,
  type Breach,
  type Fault,
  type Line,
  type PropertyId,
  type Setting,
  type World,
} from './world.js';

export interface Bounds {
  /** States explored per process before the search stops (and says so). */
  readonly maxStates: number;
  /** Steps in one run. */
  readonly depth: number;
  /** Faults in one run. */
  readonly maxFaults: number;
  readonly faults: ReadonlySet<Fault>;
}

export { DEFAULT_BOUNDS } from './terms.js';

/** verify's defaults: its bounds, with every fault (what `review --verify` and the walkthrough explore). */
export const DEFAULT_SEARCH: Bounds = { ...DEFAULT_BOUNDS, faults: new Set(FAULT_IDS) };

/** The shortest run that breaks a property: its steps, and what it breaks where. */
export interface Counterexample {
  readonly property: PropertyId;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Where the fix belongs. */
  readonly ref: Ref;
  readonly steps: readonly Line[];
}

export interface Verdict {
  readonly process: string;
  readonly pattern: Pattern;
  readonly ref: Ref;
  /** holds: no failing run, the space exhausted; bounded: none found before a bound; fails: a counterexample; skipped: not modelled. */
  readonly status: 'holds' | 'bounded' | 'fails' | 'skipped';
  readonly states: number;
  readonly transitions: number;
  /** The longest run explored. */
  readonly depth: number;
  /** Which bound stopped the search, when one did. */
  readonly stoppedBy?: 'max-states' | 'depth';
  readonly counterexample?: Counterexample;
  /** Why a process is skipped. */
  readonly reason?: string;
}

/**
 * Breadth-first over every ordering of deliveries, timers and faults: the first breach found is on
 * a shortest run. Worlds are hashed canonically, so a world reached twice is explored once.
 */
export function verifyProcess(design: Design, process: Process, bounds: Bounds, progress?: (states: number) => void): Verdict {
  const head = { process: process.name, pattern: process.pattern, ref: process.ref };
  const machine = machineOf(design, process);
  if (!machine || machine.starts.length === 0) {
    const reason = process.pattern === 'choreography' ? 'it has no event to start from' : 'it has no coordinator or no initial state to start from';
    return { ...head, status: 'skipped', states: 0, transitions: 0, depth: 0, reason };
  }
  const setting: Setting = { design, machine, faults: bounds.faults, maxFaults: bounds.maxFaults };
  const worlds: World[] = [];
  const parent: number[] = [];
  const lines: Line[] = [];
  const depthOf: number[] = [];
  const seen = new Set<string>();
  let transitions = 0;
  let deepest = 0;
  let stoppedBy: Verdict['stoppedBy'];
  const runTo = (i: number): Line[] => {
    const out: Line[] = [];
    for (let j = i; j !== -1; j = parent[j] as number) out.unshift(lines[j] as Line);
    return out;
  };
  const fails = (breach: Breach, steps: Line[]): Verdict => ({
    ...head,
    status: 'fails',
    states: worlds.length,
    transitions,
    depth: steps.length,
    counterexample: { ...breach, severity: PROPERTIES[breach.property].severity, steps },
  });
  /** A property that a world breaks by what it is (not by the step that made it): stuck, or ended with an effect left. */
  const atRest = (w: World): Breach | undefined => {
    if (w.flight.length > 0) return undefined;
    const end = machine.restsAs(w.control);
    if (end === undefined && machine.endsAtRest && w.lost.length === 0 && w.dropped.length === 0) return undefined;
    if (end === undefined) {
      if (machine.timeouts(w.control).length > 0 || machine.arrivals.some((e) => mayArrive(machine, w, e))) return undefined;
      const dropped = w.dropped[0];
      if (dropped !== undefined && w.lost.length === 0) {
        const [name, handler] = dropped.split('@') as [string, string];
        return {
          property: 'stuck-instance',
          message: `'${process.name}' ${machine.endsAtRest ? 'stops half-way' : `waits in ${machine.describe(w.control)} for ever`}: ${name} was dropped when the retries of ${handler} ran out; a dead-letter queue would keep it for a redrive${machine.endsAtRest ? '' : ', a timeout would end the wait'}`,
          ref: design.services.get(handler)?.ref ?? machine.refOf(w.control),
        };
      }
      const lost = w.lost.length > 0;
      return {
        property: lost ? 'lost-message' : 'stuck-instance',
        message: lost
          ? `'${process.name}' ${machine.endsAtRest ? 'stops half-way' : `waits in ${machine.describe(w.control)} for ever`}: ${w.lost.join(', ')} ${w.lost.length === 1 ? 'was' : 'were'} lost, and ${machine.endsAtRest ? 'no reaction carries the run on' : 'no timeout ends the wait'}`
          : `'${process.name}' waits in ${machine.describe(w.control)} for ever: nothing is in flight and no timeout ends the wait`,
        ref: lost ? lostRef(design, machine.coordinator, w.lost) : machine.refOf(w.control),
      };
    }
    if (end !== 'failure') return undefined;
    const open = Object.keys(w.applied).filter((c) => machine.needsUndo(c) && (w.applied[c] ?? 0) > (w.undone[c] ?? 0));
    if (open.length === 0) return undefined;
    return {
      property: 'left-uncompensated',
      message: `'${process.name}' ends failed with ${open.join(', ')} in effect and nothing left to undo ${open.length === 1 ? 'it' : 'them'}`,
      ref: design.commands.get(open[0] as string)?.ref ?? process.ref,
    };
  };
  for (const start of initialWorlds(setting)) {
    const key = keyOf(start.world);
    if (seen.has(key)) continue;
    seen.add(key);
    worlds.push(start.world);
    parent.push(-1);
    lines.push(start.line);
    depthOf.push(1);
    const breach = atRest(start.world);
    if (breach) return fails(breach, runTo(worlds.length - 1));
  }
  for (let i = 0; i < worlds.length; i++) {
    const d = depthOf[i] as number;
    if (d > deepest) deepest = d;
    if (d >= bounds.depth) {
      stoppedBy ??= 'depth';
      continue;
    }
    for (const s of successors(setting, worlds[i] as World)) {
      transitions++;
      if (s.breach) return fails(s.breach, [...runTo(i), s.line]);
      const key = keyOf(s.world);
      if (seen.has(key)) continue;
      if (worlds.length >= bounds.maxStates) {
        stoppedBy = 'max-states';
        break;
      }
      seen.add(key);
      worlds.push(s.world);
      parent.push(i);
      lines.push(s.line);
      depthOf.push(d + 1);
      const breach = atRest(s.world);
      if (breach) return fails(breach, runTo(worlds.length - 1));
    }
    if (stoppedBy === 'max-states') break;
    if (progress && (i & 1023) === 0) progress(worlds.length);
  }
  return {
    ...head,
    status: stoppedBy ? 'bounded' : 'holds',
    states: worlds.length,
    transitions,
    depth: deepest,
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}

/** Where a dual write is fixed: the publishing of the service that lost the message. */
function lostRef(design: Design, coordinator: string, lost: readonly string[]): Ref {
  for (const name of lost) {
    const producer = design.events.get(name)?.producedBy?.name;
    const s = producer ? design.services.get(producer) : undefined;
    if (s) return s.ref;
  }
  return design.services.get(coordinator)?.ref ?? { file: design.file, path: [] };
}
