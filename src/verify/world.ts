import type { Ref } from '../findings.js';
import { retryFor } from '../model/policies.js';
import type { Design } from '../model/types.js';
import type { Machine, Move } from './machine.js';

export { FAULTS, FAULT_IDS, type Fault } from './terms.js';
import type { Fault } from './terms.js';

/** A message in flight: a command to its handler, or a reply to the coordinator. */
export interface Message {
  readonly name: string;
  /** A command (or, in a choreography, an event) for a service to handle; a reply for the coordinator. */
  readonly kind: 'command' | 'reply';
  /** The service it is delivered to. */
  readonly to: string;
  /** In a choreography: the reaction (its index) that handles the event. */
  readonly via?: number;
  /** Already redelivered once (a duplicate is injected once per message). */
  readonly again?: true;
}

/**
 * One state of the world for one instance of a process: where its coordinator is, what is in
 * flight (in the order it was sent), each command's effect as applied and undone (counted up to 3:
 * what matters is none, one, more), the messages that a crash lost, and the faults spent.
 */
export interface World {
  readonly control: string;
  readonly flight: readonly Message[];
  readonly applied: Readonly<Record<string, number>>;
  readonly undone: Readonly<Record<string, number>>;
  readonly lost: readonly string[];
  /** Messages dropped when a handler's retries ran out, with no dead-letter queue to keep them. */
  readonly dropped: readonly string[];
  /** The outside events (Machine.arrivals) that have come. */
  readonly arrived: readonly string[];
  /** Whether a second start message has come. */
  readonly restarted: boolean;
  /** What an idempotent handler answered for a command: a redelivery gets the same answer. */
  readonly answered: Readonly<Record<string, string>>;
  readonly faults: number;
}

/** What one step of a run did, in a designer's words, and which fault it injected. */
export interface Line {
  readonly actor: string;
  readonly text: string;
  readonly fault?: Fault;
  readonly ref?: Ref;
  /** The messages this step puts in flight, for a sequence diagram. */
  readonly sends?: readonly { readonly name: string; readonly to: string }[];
}

/** A property a step breaks, found as the step is taken. */
export interface Breach {
  readonly property: PropertyId;
  readonly message: string;
  readonly ref: Ref;
}

export { PROPERTIES, type PropertyId } from './terms.js';
import type { PropertyId } from './terms.js';

export interface Successor {
  readonly line: Line;
  readonly world: World;
  readonly breach?: Breach;
}

/** What the design says about the world a process runs in: which faults can happen where. */
export interface Setting {
  readonly design: Design;
  readonly machine: Machine;
  readonly faults: ReadonlySet<Fault>;
  readonly maxFaults: number;
}

const cap = (n: number) => Math.min(n, 3);

/**
 * A world with some of its parts changed. Every world is built here with all its fields in one
 * order, so that the explorer's hundreds of thousands of worlds share one shape (a spread does not).
 */
function next(w: World, c: Partial<World>): World {
  return {
    control: c.control ?? w.control,
    flight: c.flight ?? w.flight,
    applied: c.applied ?? w.applied,
    undone: c.undone ?? w.undone,
    lost: c.lost ?? w.lost,
    dropped: c.dropped ?? w.dropped,
    arrived: c.arrived ?? w.arrived,
    answered: c.answered ?? w.answered,
    restarted: c.restarted ?? w.restarted,
    faults: c.faults ?? w.faults,
  };
}

function bump(counts: Readonly<Record<string, number>>, key: string): Record<string, number> {
  return { ...counts, [key]: cap((counts[key] ?? 0) + 1) };
}

function delivery(design: Design): string {
  return design.infrastructure.messaging?.delivery ?? 'at-least-once';
}

/** Whether a service's writes and publishes are one local transaction (outbox, event store, a workflow engine). */
function publishesAtomically(design: Design, service: string): boolean {
  const s = design.services.get(service);
  return s?.publishing === 'outbox' || s?.publishing === 'event-store' || s?.publishing === 'none';
}

/** Whether a message the handler cannot process is parked (dead-letter queue) rather than dropped. */
function parksPoison(design: Design, service: string): boolean {
  // A workflow engine holds a failed task for retry or redrive (1.1).
  if (design.infrastructure.workflowEngine !== undefined) return true;
  const own = design.services.get(service)?.consumers?.deadLetter;
  if (typeof own === 'string') return true;
  if (own === false) return false;
  return design.infrastructure.deadLetter !== undefined && design.infrastructure.deadLetter !== false;
}

/** Whether the handler of a command retries it until it succeeds. */
function retriesForever(design: Design, command: string): boolean {
  const applied = retryFor(design, command);
  return applied !== undefined && design.infrastructure.retryPolicies.get(applied.policy)?.maxAttempts === 'unlimited';
}

/** A canonical key of a world: equal worlds, equal keys. */
/** A map's entries in key order, for a world's key. */
const entries = (c: Readonly<Record<string, string | number>>) =>
  Object.keys(c)
    .sort()
    .map((k) => `${k}=${c[k]}`)
    .join(',');

/**
 * A world's key. Only the order of the messages to one service matters (each service takes its
 * first, or one that overtakes it), so the messages are keyed per destination: two deliveries to
 * different services commute, and both orders reach one world.
 */
export function keyOf(w: World): string {
  const flight = w.flight.map((m) => `${m.to}<${m.kind[0]}:${m.name}${m.via ?? ''}${m.again ? '!' : ''}`);
  const byService = flight.map((k, i) => ({ k, to: (w.flight[i] as Message).to })).sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  return `${w.control}|${byService.map((x) => x.k).join(',')}|${entries(w.applied)}|${entries(w.undone)}|${[...w.lost].sort().join(',')}|${[...w.dropped].sort().join(',')}|${w.arrived.join(',')}|${entries(w.answered)}|${w.restarted ? 'R' : ''}|${w.faults}`;
}

export function initialWorlds(setting: Setting): { line: Line; world: World }[] {
  const { machine } = setting;
  return machine.starts.map((s) => {
    let applied: Record<string, number> = {};
    for (const c of s.applied) applied = bump(applied, c);
    return {
      line: {
        actor: machine.coordinator,
        text: `${s.text}${!machine.endsAtRest && s.flight.length > 0 ? `; sends ${s.flight.map((m) => m.name).join(', ')}` : ''}`,
        ref: machine.process.ref,
        sends: s.flight.map((m) => ({ name: m.name, to: m.to })),
      },
      world: {
        control: s.control,
        flight: [...s.flight],
        applied,
        undone: {},
        lost: [],
        dropped: [],
        arrived: [],
        answered: {},
        restarted: false,
        faults: 0,
      },
    };
  });
}

/**
 * Whether two messages to one service keep their order: both carry the process's correlation key
 * (commands in their fields, events as their partition key), so the broker keeps them on one partition.
 */
function ordered(setting: Setting, a: Message, b: Message): boolean {
  const key = setting.machine.process.correlationKey;
  if (!key) return false;
  const carries = (m: Message) => {
    const c = setting.design.commands.get(m.name);
    if (c) return c.fields?.some((f) => f.name === key) ?? false;
    const e = setting.design.events.get(m.name);
    return e?.partitionKey?.name === key || (e?.fields?.some((f) => f.name === key) ?? false);
  };
  return carries(a) && carries(b);
}

/**
 * Every step the world can take: deliver a message (as designed, or with a fault), or fire the
 * coordinator's timer. Pure: the same world gives the same successors, in the same order.
 */
export function successors(setting: Setting, w: World): Successor[] {
  const { machine } = setting;
  const out: Successor[] = [];
  const may = (f: Fault) => setting.faults.has(f) && w.faults < setting.maxFaults;
  const terminal = machine.terminal(w.control);
  // Which messages may be delivered next: the first to each service, and (reorder) one that overtakes.
  const firstTo = new Map<string, number>();
  w.flight.forEach((m, i) => {
    if (!firstTo.has(m.to)) firstTo.set(m.to, i);
  });
  w.flight.forEach((m, i) => {
    const head = firstTo.get(m.to) as number;
    if (head === i) deliver(setting, w, i, false, out);
    else if (may('reorder') && w.flight.slice(head, i).every((x) => x.to !== m.to || !ordered(setting, x, m))) deliver(setting, w, i, true, out);
  });
  const timers = terminal ? [] : machine.timeouts(w.control);
  if (timers.length > 0) {
    // With nothing in flight a timer is the only way on; with something in flight, it races it.
    const race = w.flight.length > 0;
    if (!race || may('late-reply')) {
      const timed = next(w, { faults: w.faults + (race ? 1 : 0) });
      out.push(...coordinatorMoves(setting, timed, timers, race ? 'late-reply' : undefined));
    }
  }
  // The start message again, with the same correlation key: once per run, where nothing de-duplicates it.
  const restart = machine.restart;
  if (restart && !w.restarted && may('second-start')) {
    let world: World = next(w, { restarted: true, faults: w.faults + 1, flight: [...w.flight, ...restart.flight] });
    let breach: Breach | undefined;
    for (const c of restart.applied) {
      const idempotent = machine.handling(machine.commandTo(c)).idempotent;
      if ((world.applied[c] ?? 0) > 0 && !idempotent)
        breach = {
          property: 'duplicate-effect',
          message: `${restart.message} arrives twice and '${machine.process.name}' applies ${c} twice: nothing de-duplicates the start (consumers.idempotent, an idempotencyKey)`,
          ref: setting.design.commands.get(c)?.ref ?? machine.process.ref,
        };
      if (!idempotent) world = next(world, { applied: bump(world.applied, c) });
    }
    out.push({
      line: {
        actor: setting.design.events.get(restart.message)?.producedBy?.name ?? (setting.design.commands.has(restart.message) ? 'a client' : 'outside'),
        text: `sends ${restart.message} again, with the same correlation key`,
        fault: 'second-start',
        sends: restart.flight.map((m) => ({ name: m.name, to: m.to })),
      },
      world,
      ...(breach ? { breach } : {}),
    });
  }
  // Another service's event the process awaits: it may come at any time, once.
  for (const e of machine.arrivals) {
    if (!mayArrive(machine, w, e) || machine.receive(w.control, e).kind !== 'moves') continue;
    out.push({
      line: { actor: setting.design.events.get(e)?.producedBy?.name ?? 'outside', text: `publishes ${e}`, sends: [{ name: e, to: machine.coordinator }] },
      world: next(w, { arrived: [...w.arrived, e].sort(), flight: [...w.flight, { name: e, kind: 'reply', to: machine.coordinator }] }),
    });
  }
  return out;
}

/** Whether an outside event can still come: not yet come, and none of its rivals has. */
export function mayArrive(machine: Machine, w: World, event: string): boolean {
  return !w.arrived.includes(event) && !(machine.rivals?.get(event) ?? []).some((r) => w.arrived.includes(r));
}

function without(flight: readonly Message[], i: number): Message[] {
  return [...flight.slice(0, i), ...flight.slice(i + 1)];
}

function deliver(setting: Setting, w: World, i: number, overtakes: boolean, out: Successor[]): void {
  const { design, machine } = setting;
  const m = w.flight[i] as Message;
  const may = (f: Fault) => setting.faults.has(f) && w.faults + (overtakes ? 1 : 0) < setting.maxFaults;
  const base: World = next(w, { faults: w.faults + (overtakes ? 1 : 0) });
  const rest = without(w.flight, i);
  const mark = overtakes ? ('reorder' as const) : undefined;
  const over = overtakes ? ' (overtaking an earlier message)' : '';
  const atMostOnce = delivery(design) === 'at-most-once';
  if (atMostOnce && may('loss'))
    out.push({
      line: { actor: 'broker', text: `loses ${m.name} on its way to ${m.to}`, fault: 'loss' },
      world: next(base, { flight: rest, faults: base.faults + 1 }),
    });
  // A duplicate: the message is handled and stays in flight to be handled again.
  const dedupes = m.kind === 'reply' ? design.services.get(m.to)?.consumers?.idempotent === true : false;
  const again = delivery(design) === 'at-least-once' && !m.again && !dedupes && may('duplicate');
  if (m.kind === 'reply') {
    const reception = machine.receive(w.control, m.name);
    const handle = (world: World, fault?: Fault) => {
      const prefix = fault === 'duplicate' ? `receives ${m.name} (delivered again later)` : `receives ${m.name}${over}`;
      if (reception.kind === 'ignored') {
        out.push({
          line: {
            actor: machine.coordinator,
            text: `${prefix}; ignores it (${w.control.startsWith('done:') || machine.terminal(w.control) ? 'the process has ended' : 'nothing awaits it'})`,
            ...((fault ?? mark) ? { fault: fault ?? mark } : {}),
          },
          world,
        });
      } else if (reception.kind === 'unhandled') {
        out.push({
          line: {
            actor: machine.coordinator,
            text: `${prefix} in '${w.control}', which has no transition for it`,
            ...((fault ?? mark) ? { fault: fault ?? mark } : {}),
          },
          world,
          breach: {
            property: 'unhandled-message',
            message: `${m.name} reaches '${machine.process.name}' in state '${w.control}', which has no transition for it: it is dropped or dead-lettered`,
            ref: reception.ref,
          },
        });
      } else {
        for (const s of coordinatorMoves(setting, world, reception.moves, fault ?? mark, prefix, m)) out.push(s);
      }
    };
    handle(next(base, { flight: rest }));
    if (again) handle(next(base, { flight: [...rest.slice(0, i), { ...m, again: true }, ...rest.slice(i)], faults: base.faults + 1 }), 'duplicate');
    return;
  }
  // A command at its handler (or an event at a reacting service): its effect (or the undo it stands for), then its outcome.
  const handler = m.to;
  const { effect, replies, idempotent } = machine.handling(m);
  const undoes = effect === undefined ? undefined : machine.undoes(effect);
  const answerKey = `${m.name}${m.via ?? ''}`;
  const before = w.answered[answerKey];
  // An idempotent handler answers a redelivery as it answered the first delivery.
  const known = idempotent && before !== undefined ? replies.filter((r) => r.event === before) : [];
  const outcomes = known.length > 0 ? known : replies.length > 0 ? replies : [undefined];
  const atomic = publishesAtomically(design, handler);
  const variants: { fault?: Fault; again: boolean; drop: boolean }[] = [{ again: false, drop: false }];
  if (again) variants.push({ fault: 'duplicate', again: true, drop: false });
  if (!atomic && replies.length > 0 && may('crash-before-publish')) variants.push({ fault: 'crash-before-publish', again: false, drop: true });
  for (const v of variants) {
    for (const r of outcomes) {
      let world: World = {
        ...base,
        flight: v.again ? [...rest.slice(0, i), { ...m, again: true }, ...rest.slice(i)] : rest,
        faults: base.faults + (v.fault ? 1 : 0),
      };
      const words: string[] = [];
      let breach: Breach | undefined;
      const success = r === undefined || r.success;
      if (undoes !== undefined) {
        const open = (world.applied[undoes] ?? 0) - (world.undone[undoes] ?? 0);
        if (open > 0) {
          world = next(world, { undone: bump(world.undone, undoes) });
          words.push(`undoes ${undoes}`);
        } else {
          words.push(`finds no ${undoes} to undo`);
          // A command still in flight that will take effect: not one an idempotent handler has answered (it answers the same again).
          const lands = (x: Message) => {
            const h = machine.handling(x);
            const seen = (world.applied[undoes] ?? 0) > 0 || world.answered[`${x.name}${x.via ?? ''}`] !== undefined;
            return x.kind === 'command' && h.effect === undoes && !(h.idempotent && seen);
          };
          if (world.flight.some(lands)) {
            const c = design.compensations.get(undoes);
            breach = {
              property: 'compensation-before-effect',
              message: `${effect} reaches ${handler} before the ${undoes} it undoes, which is still in flight: ${undoes} then takes effect and nothing undoes it`,
              ref: c?.ref ?? design.commands.get(effect ?? m.name)?.ref ?? machine.process.ref,
            };
          }
        }
      } else if (success && effect !== undefined && design.commands.get(effect)?.readOnly !== true) {
        const before = world.applied[effect] ?? 0;
        if (before > 0 && idempotent) words.push(`sees ${effect} again and skips it (idempotent)`);
        else {
          world = next(world, { applied: bump(world.applied, effect) });
          words.push(before > 0 ? `applies ${effect} a second time` : `applies ${effect}`);
          if (before > 0)
            breach = {
              property: 'duplicate-effect',
              message: `${handler} applies ${effect} twice: ${m.name} arrives twice and its handler does not de-duplicate (no idempotencyKey, consumers.idempotent not true)`,
              ref: design.commands.get(effect)?.ref ?? machine.process.ref,
            };
        }
      }
      if (r && idempotent) world = next(world, { answered: { ...world.answered, [answerKey]: r.event } });
      let sends: { name: string; to: string }[] = [];
      if (r) {
        if (v.drop) {
          world = next(world, { lost: [...world.lost, r.event] });
          words.push(`crashes before it publishes ${r.event}`);
        } else {
          // A redelivery answered from an outbox or event store is the message sent the first time, with
          // its id: a receiver that de-duplicates (consumers.idempotent) skips it.
          const replayed = known.length > 0 && atomic;
          const routed = machine.route(r.event).filter((x) => !(replayed && design.services.get(x.to)?.consumers?.idempotent === true));
          world = next(world, { control: machine.afterPublish(world.control, r.event), flight: [...world.flight, ...routed] });
          const verb = m.kind === 'command' && m.via === undefined ? 'replies' : 'publishes';
          words.push(replayed && routed.length === 0 ? `${verb} ${r.event} again, the same message (its receiver skips it)` : `${verb} ${r.event}`);
          sends = routed.map((x) => ({ name: x.name, to: x.to }));
        }
      }
      const text = `handles ${m.name}${over}${v.fault === 'duplicate' ? ' (it will be delivered again)' : ''}: ${words.join(', ') || 'done'}`;
      const fault = v.fault ?? mark;
      out.push({ line: { actor: handler, text, ...(fault ? { fault } : {}), ...(sends.length > 0 ? { sends } : {}) }, world, ...(breach ? { breach } : {}) });
    }
  }
  // Retries running out where nothing parks the message: it is gone, and so is its reply.
  if (!parksPoison(design, handler) && !retriesForever(design, effect ?? m.name) && undoes === undefined && may('retries-exhausted')) {
    out.push({
      line: {
        actor: handler,
        text: `fails on ${m.name} until its retries run out; with no dead-letter queue the message is dropped`,
        fault: 'retries-exhausted',
      },
      world: next(base, { flight: rest, dropped: [...base.dropped, `${m.name}@${handler}`], faults: base.faults + 1 }),
    });
  }
}

/** The coordinator takes a move: its new control state and the commands it sends (or loses in a crash). */
function coordinatorMoves(setting: Setting, w: World, moves: readonly Move[], fault: Fault | undefined, prefix?: string, trigger?: Message): Successor[] {
  const { design, machine } = setting;
  const out: Successor[] = [];
  const engine = design.infrastructure.workflowEngine !== undefined;
  const atomic = engine || publishesAtomically(design, machine.coordinator);
  for (const mv of moves) {
    const text = `${prefix ?? mv.why}; ${mv.then}`;
    const sent = mv.send.map((c) => machine.commandTo(c));
    out.push({
      line: {
        actor: machine.coordinator,
        text,
        ...(fault ? { fault } : {}),
        ref: mv.ref,
        ...(sent.length > 0 ? { sends: sent.map((m) => ({ name: m.name, to: m.to })) } : {}),
      },
      world: next(w, { control: mv.to, flight: [...w.flight, ...sent] }),
    });
    if (!atomic && sent.length > 0 && setting.faults.has('crash-before-publish') && w.faults < setting.maxFaults && !fault) {
      out.push({
        line: {
          actor: machine.coordinator,
          text: `${text}; but crashes after saving its state, before it publishes ${mv.send.join(', ')}`,
          fault: 'crash-before-publish',
          ref: mv.ref,
        },
        world: next(w, { control: mv.to, lost: [...w.lost, ...mv.send], faults: w.faults + 1 }),
      });
      // The other order: published, then a crash before the state is saved. The messages are ghosts of a
      // step the coordinator does not know it took; the message that led to it comes again (a timer fires again).
      out.push({
        line: {
          actor: machine.coordinator,
          text: `${text}; but crashes after it publishes ${mv.send.join(', ')}, before it saves its state${trigger ? ` (${trigger.name} is delivered again)` : ''}`,
          fault: 'crash-before-publish',
          ref: mv.ref,
          sends: sent.map((m) => ({ name: m.name, to: m.to })),
        },
        world: next(w, { flight: [...w.flight, ...(trigger ? [trigger] : []), ...sent], faults: w.faults + 1 }),
      });
    }
  }
  return out;
}
