import type { Ref } from '../findings.js';
import type { Compensation, Consumption, Design, Event, NameRef, Process, Production, Reaction, Send, Service, Step } from './types.js';

/** What the design implies beyond what it says: who produces and consumes what, who takes part where. */
export interface Relations {
  readonly producers: ReadonlyMap<string, readonly Production[]>;
  readonly consumers: ReadonlyMap<string, readonly Consumption[]>;
  /** Per process: the commands it sends, in the order it is written. */
  readonly sends: ReadonlyMap<string, readonly Send[]>;
  /** Per process: the events it waits for (step outcomes, state triggers, reaction triggers), in the order it is written. */
  readonly awaits: ReadonlyMap<string, readonly Consumption[]>;
  /** Per process: every service that takes part (coordinator, command handlers, reacting services). */
  readonly participants: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per service: the processes it coordinates. */
  readonly coordinated: ReadonlyMap<string, readonly Process[]>;
  /** Commands that undo another command's effect somewhere in the design. */
  readonly compensatingCommands: ReadonlySet<string>;
}

/**
 * A relation is placed where its name is written, and its ref is that name's: made when a finding
 * asks for it (WrittenName, model/read.ts), not for each of the design's tens of thousands of relations.
 */
class Placed {
  readonly #written: NameRef;
  constructor(written: NameRef) {
    this.#written = written;
  }

  get ref(): Ref {
    return this.#written.ref;
  }

  /** Written out as the plain object it stands for, its ref with it. */
  toJSON(): object {
    return { ...this, ref: this.ref };
  }
}

class Produced extends Placed implements Production {
  constructor(
    readonly event: string,
    readonly service: string,
    readonly via: Production['via'],
    readonly process: string | undefined,
    written: NameRef,
  ) {
    super(written);
  }
}

class Consumed extends Placed implements Consumption {
  constructor(
    readonly event: string,
    readonly service: string,
    readonly via: Consumption['via'],
    readonly process: string | undefined,
    written: NameRef,
  ) {
    super(written);
  }
}

class Sent extends Placed implements Send {
  constructor(
    readonly command: string,
    readonly via: Send['via'],
    readonly isCompensation: boolean,
    written: NameRef,
  ) {
    super(written);
  }
}

const cache = new WeakMap<Design, Relations>();

/** The design's derived relations, computed once per design in one linear pass. */
export function relationsOf(design: Design): Relations {
  let r = cache.get(design);
  if (!r) {
    r = computeRelations(design);
    cache.set(design, r);
  }
  return r;
}

function computeRelations(design: Design): Relations {
  const producers = new Map<string, Production[]>();
  const consumers = new Map<string, Consumption[]>();
  const sends = new Map<string, Send[]>();
  const awaits = new Map<string, Consumption[]>();
  const participants = new Map<string, Set<string>>();
  const coordinated = new Map<string, Process[]>();
  const compensatingCommands = new Set<string>();
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };

  // The loops over every entity and its lists are a Map's forEach or indexed: a for-of makes an
  // iterator and a result object for each step while the code runs cold (model/build.ts, resolve).
  design.compensations.forEach((c) => {
    if (c.command) compensatingCommands.add(c.command.name);
  });
  design.processes.forEach((p) => {
    for (let i = 0; i < p.steps.length; i++) {
      const command = p.steps[i]?.ownCompensation?.command;
      if (command) compensatingCommands.add(command.name);
    }
  });

  design.events.forEach((e) => {
    if (e.producedBy) push(producers, e.name, new Produced(e.name, e.producedBy.name, 'producedBy', undefined, e.producedBy));
    for (let i = 0; i < e.consumedBy.length; i++) {
      const s = e.consumedBy[i] as NameRef;
      push(consumers, e.name, new Consumed(e.name, s.name, 'consumedBy', undefined, s));
    }
  });
  design.services.forEach((s) => {
    for (let i = 0; i < s.subscribes.length; i++) {
      const e = s.subscribes[i] as NameRef;
      push(consumers, e.name, new Consumed(e.name, s.name, 'subscribes', undefined, e));
    }
  });

  for (const p of design.processes.values()) {
    const sent: Send[] = [];
    const awaited: Consumption[] = [];
    const taking = new Set<string>();
    const coordinator = p.coordinator?.name;
    if (coordinator) {
      taking.add(coordinator);
      push(coordinated, coordinator, p);
      for (const s of p.startedBy) {
        if (design.events.has(s.name)) push(consumers, s.name, new Consumed(s.name, coordinator, 'startedBy', p.name, s));
      }
    }
    const await_ = (event: NameRef, via: Consumption['via']) => {
      if (!coordinator) return;
      const c = new Consumed(event.name, coordinator, via, p.name, event);
      push(consumers, event.name, c);
      awaited.push(c);
    };
    const steps = p.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as Step;
      for (let k = 0; k < step.commands.length; k++) {
        const c = step.commands[k] as NameRef;
        sent.push(new Sent(c.name, 'step', false, c));
      }
      if (step.onSuccess) await_(step.onSuccess, 'step');
      for (let k = 0; k < step.onFailure.length; k++) await_(step.onFailure[k] as NameRef, 'step');
    }
    for (let i = 0; i < steps.length; i++) {
      const compensations = stepCompensations(design, steps[i] as Step);
      for (let k = 0; k < compensations.length; k++) {
        const command = compensations[k]?.command;
        if (command) sent.push(new Sent(command.name, 'step', true, command));
      }
    }
    for (const state of p.states.values()) {
      const actions = [
        ...(state.onEntry ? [{ a: state.onEntry, via: 'entry' as const }] : []),
        ...state.on.flatMap((h) => h.alternatives.map((a) => ({ a, via: 'transition' as const }))),
        ...(state.timeout ? [{ a: state.timeout, via: 'timeout' as const }] : []),
      ];
      for (const h of state.on) if (design.events.has(h.message.name)) await_(h.message, 'state');
      for (const { a, via } of actions) {
        for (const c of a.send) sent.push(new Sent(c.name, via, compensatingCommands.has(c.name), c));
        if (coordinator) {
          for (const e of a.publish) push(producers, e.name, new Produced(e.name, coordinator, 'publish', p.name, e));
        }
      }
    }
    for (const r of p.reactions) {
      taking.add(r.service.name);
      const c = new Consumed(r.when.name, r.service.name, 'reaction', p.name, r.when);
      push(consumers, r.when.name, c);
      awaited.push(c);
      for (const e of r.emits) push(producers, e.name, new Produced(e.name, r.service.name, 'reaction', p.name, e));
      if (r.command) sent.push(new Sent(r.command.name, 'reaction', compensatingCommands.has(r.command.name), r.command));
    }
    for (let i = 0; i < sent.length; i++) {
      const handler = design.commands.get((sent[i] as Send).command)?.handledBy?.name;
      if (handler) taking.add(handler);
    }
    sends.set(p.name, sent);
    awaits.set(p.name, awaited);
    participants.set(p.name, taking);
  }
  return { producers, consumers, sends, awaits, participants, coordinated, compensatingCommands };
}

/** The bounded context of a service: '' for every service of a design without contexts. */
export function contextOf(design: Design, service: Service | undefined): string | undefined {
  if (design.contexts.size === 0) return '';
  return service?.context?.name;
}

/** What undoes a step: its own compensation, else the design's compensation of each of its commands (none for `compensation: none`). */
export function stepCompensations(design: Design, step: Step): Compensation[] {
  if (step.ownCompensation) return [step.ownCompensation];
  if (step.noCompensation) return [];
  const out: Compensation[] = [];
  for (const c of step.commands) {
    const comp = design.compensations.get(c.name);
    if (comp) out.push(comp);
  }
  return out;
}

/** A step is read-only when it says so, or when every command it sends is read-only. */
export function isReadOnlyStep(design: Design, step: Step): boolean {
  if (step.declaredReadOnly) return true;
  return step.commands.length > 0 && step.commands.every((c) => design.commands.get(c.name)?.readOnly === true);
}

/** The commands of a step that nothing undoes: neither the step's own compensation nor the design's, and that need one. */
export function uncompensatedCommands(design: Design, step: Step): string[] {
  if (step.ownCompensation || step.coveredBy || step.noCompensation) return [];
  return step.commands.filter((c) => !design.compensations.has(c.name) && !needsNoUndo(design, c.name)).map((c) => c.name);
}

/**
 * A command whose effect needs no undo: read-only, or declared `compensations: { X: none }` (1.1: a
 * notification, an approval request, an audit entry).
 */
export function needsNoUndo(design: Design, command: string): boolean {
  return design.noUndo.has(command) || design.commands.get(command)?.readOnly === true;
}

/** The steps whose effect needs no undo (`compensation: none`, 1.1) have nothing to run when compensated. */
export function undoesNothing(design: Design, step: Step): boolean {
  if (step.noCompensation) return true;
  if (step.ownCompensation || step.coveredBy) return false;
  return step.commands.length > 0 && step.commands.every((c) => design.noUndo.has(c.name) && !design.compensations.has(c.name));
}

/** An event that is a reply to a command (`replyTo`): sent back to the sender, not published. */
export function isReply(event: Event | undefined): boolean {
  return event !== undefined && event.replyTo.length > 0;
}

/**
 * Whether a failure event belongs to a command (design-format.md, events): it replies to it, or its
 * producer is the command's handler.
 */
export function belongsTo(design: Design, event: Event, command: string): boolean {
  if (event.replyTo.some((r) => r.name === command)) return true;
  const producer = event.producedBy?.name;
  return producer !== undefined && design.commands.get(command)?.handledBy?.name === producer;
}

/** The step that runs in the local transaction starting the process: its command is `startedBy`. */
export function startsProcess(process: Process, step: Step): boolean {
  return step.commands.length === 1 && process.startedBy.some((s) => s.name === step.commands[0]?.name);
}

const FAILURE_WORDS =
  /(Failed|Failure|Rejected|Declined|Denied|Refused|Aborted|Expired|TimedOut|Timeout|NotFound|Invalid|Insufficient|Unavailable|Exceeded|Error|Violated|OutOfStock)(Event|IntegrationEvent|Message|Reply)?$/;

/**
 * An event that reports that something could not be done: named so (PaymentFailed, OrderRejected,
 * CustomerNotFound), or declared as a failure somewhere (a process's failsWith, a step's or a
 * compensation's onFailure).
 */
export function isFailureEvent(design: Design, event: string): boolean {
  let declared = failureEvents.get(design);
  if (!declared) {
    declared = new Set<string>();
    const add = (e: NameRef) => declared?.add(e.name);
    design.processes.forEach((p) => {
      if (p.failsWith) declared?.add(p.failsWith.name);
      for (let i = 0; i < p.steps.length; i++) p.steps[i]?.onFailure.forEach(add);
      for (let i = 0; i < p.reactions.length; i++) p.reactions[i]?.onFailure.forEach(add);
    });
    design.compensations.forEach((c) => c.onFailure.forEach(add));
    failureEvents.set(design, declared);
  }
  return declared.has(event) || FAILURE_WORDS.test(event);
}

const failureEvents = new WeakMap<Design, Set<string>>();

/** The outcomes of a reaction that report its command did not take effect: its `onFailure`, else its failure events by name. */
export function failureOutcomes(design: Design, r: Reaction): NameRef[] {
  return r.onFailureDeclared ? [...r.onFailure] : r.emits.filter((e) => isFailureEvent(design, e.name));
}

/** The outcomes of a reaction when its command took effect: its `emits` (1.1), else those not named as failures. */
export function successOutcomes(design: Design, r: Reaction): NameRef[] {
  if (r.onFailureDeclared) return r.emits.filter((e) => !r.onFailure.includes(e));
  return r.emits.filter((e) => !isFailureEvent(design, e.name));
}
