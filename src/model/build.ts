import type { Path, Ref } from '../findings.js';
import { nearest } from '../util/nearest.js';
import { asBool, asMap, asString, EMPTY_MAP, keyword, nameAt, forEachNamed, namesAt, NO_ITEMS, readFieldMap, readFields, type Plain } from './read.js';
import type {
  Action,
  Call,
  Command,
  Compensation,
  ConsumerDefaults,
  Context,
  Design,
  Duplicate,
  Event,
  Handler,
  Infrastructure,
  NameRef,
  Process,
  Reaction,
  ReferenceKind,
  RetryPolicy,
  Service,
  State,
  StateTimeout,
  Step,
  Transition,
  Unresolved,
} from './types.js';

/**
 * Builds the resolved model of one design from its plain value. It never throws on a malformed
 * design: parts of the wrong shape are left out (the schema reports them), and every name that
 * does not resolve is recorded in `unresolved` with the nearest declared name.
 */
export function buildDesign(file: string, value: unknown, imports: readonly { file: string; value: unknown }[] = []): Design {
  const parts = [{ file, value }, ...imports];
  const root = asMap(value) ?? {};
  const duplicates: Duplicate[] = [];
  const contexts = new Map<string, Context>();
  const services = new Map<string, Service>();
  const commands = new Map<string, Command>();
  const events = new Map<string, Event>();
  const compensations = new Map<string, Compensation>();
  const noUndo = new Map<string, Ref>();
  const processes = new Map<string, Process>();
  let infrastructure: Infrastructure | undefined;
  let hasContexts = false;

  for (const part of parts) {
    const map = asMap(part.value) ?? {};
    const read = new Reader(part.file);
    // A name declared in two files of one design is one name too many: both places are reported.
    const add = <T extends { ref: Ref }>(target: Map<string, T>, kind: string, name: string, item: T | undefined) => {
      if (!item) return;
      const first = target.get(name);
      if (first) duplicates.push({ kind, name, first: first.ref, second: item.ref });
      else target.set(name, item);
    };
    if (map.contexts !== undefined) hasContexts = true;
    forEachNamed(map.contexts, (name, raw) => {
      const owner = asString(asMap(raw)?.owner);
      add(contexts, 'context', name, { name, ref: read.ref(['contexts', name]), ...(owner ? { owner } : {}) });
    });
    forEachNamed(map.services, (name, raw) => add(services, 'service', name, read.service(name, raw)));
    forEachNamed(map.commands, (name, raw) => add(commands, 'command', name, read.command(name, raw)));
    forEachNamed(map.events, (name, raw) => add(events, 'event', name, read.event(name, raw)));
    forEachNamed(map.compensations, (name, raw) => {
      const path = ['compensations', name];
      // `X: none` (1.1): the effect needs no undo. It is kept apart so that every compensation has something to run.
      if (raw === NONE) {
        if (noUndo.has(name) || compensations.has(name))
          duplicates.push({ kind: 'compensation', name, first: (noUndo.get(name) ?? compensations.get(name)?.ref) as Ref, second: read.ref(path) });
        else noUndo.set(name, read.ref(path));
      } else if (noUndo.has(name)) {
        const item = read.compensation(raw, path);
        if (item) duplicates.push({ kind: 'compensation', name, first: noUndo.get(name) as Ref, second: item.ref });
      } else add(compensations, 'compensation', name, read.compensation(raw, path));
    });
    forEachNamed(map.processes, (name, raw) => add(processes, 'process', name, read.process(name, raw)));
    if (map.infrastructure !== undefined) {
      const infra = read.infrastructure(map.infrastructure);
      if (infrastructure) duplicates.push({ kind: 'infrastructure', name: 'infrastructure', first: infrastructure.ref, second: infra.ref });
      else infrastructure = infra;
    }
  }

  const design: Omit<Design, 'unresolved'> = {
    file,
    name: asString(root.name) ?? file,
    contexts,
    services,
    commands,
    events,
    compensations,
    noUndo,
    processes,
    infrastructure: infrastructure ?? new Reader(file).infrastructure(undefined),
    duplicates,
  };
  return { ...design, unresolved: resolve(design, hasContexts) };
}

class Reader {
  constructor(private readonly file: string) {}

  ref(path: Path) {
    return { file: this.file, path };
  }

  service(name: string, raw: unknown): Service {
    const m = asMap(raw);
    const path: Path = ['services', name];
    const consumersRaw = asMap(m?.consumers);
    let consumers: ConsumerDefaults | undefined;
    if (consumersRaw) {
      const dl = consumersRaw.deadLetter;
      const consumersPath = path.concat('consumers');
      consumers = {
        ref: this.ref(consumersPath),
        idempotent: typeof consumersRaw.idempotent === 'boolean' ? consumersRaw.idempotent : undefined,
        deadLetter: typeof dl === 'string' || dl === false ? dl : undefined,
        retry: nameAt(this.file, consumersRaw, consumersPath, 'retry'),
      };
    }
    const calls: Call[] = [];
    const rawCalls = Array.isArray(m?.calls) ? (m.calls as unknown[]) : [];
    rawCalls.forEach((c, i) => {
      const cm = asMap(c);
      const callPath = path.concat('calls', i);
      const service = nameAt(this.file, cm, callPath, 'service');
      if (!service) return;
      calls.push({
        ref: this.ref(callPath),
        service,
        protocol: asString(cm?.protocol),
        timeout: asString(cm?.timeout),
      });
    });
    const persistence = keyword<Service['persistence']>(m?.persistence);
    return {
      name,
      ref: this.ref(path),
      context: nameAt(this.file, m, path, 'context'),
      persistence: persistence ?? 'state-stored',
      persistenceDeclared: persistence !== undefined,
      publishing: keyword<Service['publishing'] & string>(m?.publishing),
      consumers: consumers,
      calls: calls.length === 0 ? NO_ITEMS : calls,
      subscribes: namesAt(this.file, m, path, 'subscribes'),
    };
  }

  command(name: string, raw: unknown): Command {
    const m = asMap(raw);
    const path: Path = ['commands', name];
    return {
      name,
      ref: this.ref(path),
      handledBy: nameAt(this.file, m, path, 'handledBy'),
      fields: readFields(m?.fields),
      idempotencyKey: nameAt(this.file, m, path, 'idempotencyKey'),
      retry: nameAt(this.file, m, path, 'retry'),
      readOnly: m?.readOnly === true,
    };
  }

  event(name: string, raw: unknown): Event {
    const m = asMap(raw);
    const path: Path = ['events', name];
    const visibility = keyword<string>(m?.visibility);
    const version = m?.version;
    return {
      name,
      ref: this.ref(path),
      producedBy: nameAt(this.file, m, path, 'producedBy'),
      fromOutside: m?.source === 'external',
      visibility: visibility === 'external' ? 'external' : 'internal',
      visibilityDeclared: visibility !== undefined,
      fields: readFields(m?.fields),
      version: typeof version === 'string' || typeof version === 'number' ? version : undefined,
      partitionKey: nameAt(this.file, m, path, 'partitionKey'),
      consumedBy: namesAt(this.file, m, path, 'consumedBy'),
      replyTo: namesAt(this.file, m, path, 'replyTo'),
    };
  }

  /** `ReleaseStock` or `{ command | event, retry, onSuccess, onFailure, map, sets }`; `none` is read by the caller. */
  compensation(raw: unknown, path: Path): Compensation | undefined {
    if (typeof raw === 'string')
      return raw === '' || raw === NONE
        ? undefined
        : { ref: this.ref(path), command: { name: raw, ref: this.ref(path) }, onFailure: NO_ITEMS, map: EMPTY_MAP, sets: NO_ITEMS };
    const m = asMap(raw);
    if (!m || (m.command === undefined && m.event === undefined)) return undefined;
    return {
      ref: this.ref(path),
      command: nameAt(this.file, m, path, 'command'),
      event: nameAt(this.file, m, path, 'event'),
      retry: nameAt(this.file, m, path, 'retry'),
      onSuccess: nameAt(this.file, m, path, 'onSuccess'),
      onFailure: namesAt(this.file, m, path, 'onFailure'),
      map: readFieldMap(m.map),
      sets: readNames(m.sets),
    };
  }

  process(name: string, raw: unknown): Process | undefined {
    const m = asMap(raw);
    const pattern = keyword<Process['pattern']>(m?.pattern);
    if (!m || (pattern !== 'saga' && pattern !== 'process-manager' && pattern !== 'choreography')) return undefined;
    const path: Path = ['processes', name];
    const schedule = asString(asMap(m.startedBy)?.schedule);
    // Lists of the model are made by map, which sizes them to their items (push leaves room for 17).
    const steps: readonly Step[] = Array.isArray(m.steps) ? m.steps.map((s, i) => this.step(asMap(s), path.concat('steps', i), i)) : NO_ITEMS;
    const states = new Map<string, State>();
    forEachNamed(m.states, (stateName, s) => states.set(stateName, this.state(stateName, asMap(s), path.concat('states', stateName))));
    const read: readonly (Reaction | undefined)[] = Array.isArray(m.reactions)
      ? m.reactions.map((r, i) => this.reaction(asMap(r), path.concat('reactions', i), i))
      : NO_ITEMS;
    const reactions = read.includes(undefined) ? read.filter((r) => r !== undefined) : (read as readonly Reaction[]);
    return {
      name,
      ref: this.ref(path),
      pattern,
      coordinator: nameAt(this.file, m, path, 'coordinator'),
      startedBy: namesAt(this.file, m, path, 'startedBy'),
      schedule: schedule,
      correlationKey: asString(m.correlationKey),
      correlationHeader: m.correlation === 'header',
      correlateBy: this.correlateBy(m.correlateBy, path.concat('correlateBy')),
      timeout: asString(m.timeout),
      completesWith: nameAt(this.file, m, path, 'completesWith'),
      failsWith: nameAt(this.file, m, path, 'failsWith'),
      data: readStrings(m.data),
      compensationOrder: m.compensationOrder === 'parallel' ? 'parallel' : 'reverse',
      steps: steps.length === 0 ? NO_ITEMS : steps,
      initial: nameAt(this.file, m, path, 'initial'),
      states,
      reactions: reactions.length === 0 ? NO_ITEMS : reactions,
    };
  }

  correlateBy(raw: unknown, path: Path): Map<string, NameRef> {
    const out = new Map<string, NameRef>();
    forEachNamed(raw, (message, field) => {
      if (typeof field === 'string' && field !== '') out.set(message, { name: field, ref: this.ref(path.concat(message)) });
    });
    return out;
  }

  step(m: Plain | undefined, path: Path, index: number): Step {
    const commands = m?.command !== undefined ? namesAt(this.file, m, path, 'command') : namesAt(this.file, m, path, 'commands');
    const comp = m?.compensation;
    const compPath = path.concat('compensation');
    const coveredBy = nameAt(this.file, asMap(comp), compPath, 'coveredBy');
    const ownCompensation = coveredBy ? undefined : this.compensation(comp, compPath);
    const noCompensation = comp === NONE ? this.ref(compPath) : undefined;
    const partialFailure = keyword<NonNullable<Step['partialFailure']>>(m?.partialFailure);
    const kind = keyword<NonNullable<Step['declaredKind']>>(m?.kind);
    return {
      index,
      name: asString(m?.name) ?? `#${index + 1}`,
      ref: this.ref(path),
      commands,
      atomic: m?.atomic === true,
      forEach: asString(m?.forEach),
      as: asString(m?.as),
      partialFailure: partialFailure,
      onSuccess: nameAt(this.file, m, path, 'onSuccess'),
      onFailure: namesAt(this.file, m, path, 'onFailure'),
      declaredKind: kind,
      ownCompensation: ownCompensation,
      ...opt('noCompensation', noCompensation),
      coveredBy: coveredBy,
      retry: nameAt(this.file, m, path, 'retry'),
      timeout: asString(m?.timeout),
      condition: asString(m?.if),
      map: readFieldMap(m?.map),
      sets: readNames(m?.sets),
      compensateOnFailure: m?.compensateOnFailure === true,
      declaredReadOnly: m?.readOnly === true,
    };
  }

  action(m: Plain | undefined, path: Path): Action {
    return {
      ref: this.ref(path),
      send: namesAt(this.file, m, path, 'send'),
      publish: namesAt(this.file, m, path, 'publish'),
      forEach: asString(m?.forEach),
      as: asString(m?.as),
      map: readFieldMap(m?.map),
      sets: readNames(m?.sets),
      ...opt('partialFailure', keyword<NonNullable<Action['partialFailure']>>(m?.partialFailure)),
    };
  }

  transition(m: Plain | undefined, path: Path): Transition {
    return { ...this.action(m, path), goto: nameAt(this.file, m, path, 'goto'), condition: asString(m?.if) };
  }

  state(name: string, m: Plain | undefined, path: Path): State {
    const terminalRaw = m?.terminal;
    const terminal: State['terminal'] = terminalRaw === true || terminalRaw === 'success' ? 'success' : terminalRaw === 'failure' ? 'failure' : undefined;
    const handlers = asMap(m?.on);
    const on: readonly Handler[] = handlers
      ? Object.keys(handlers).map((message) => {
          const t = handlers[message];
          const tPath = path.concat('on', message);
          const alternatives = Array.isArray(t) ? t.map((alt, i) => this.transition(asMap(alt), tPath.concat(i))) : [this.transition(asMap(t), tPath)];
          return { message: { name: message, ref: this.ref(tPath) }, alternatives };
        })
      : NO_ITEMS;
    const timeoutRaw = asMap(m?.timeout);
    let timeout: StateTimeout | undefined;
    if (timeoutRaw) timeout = { ...this.transition(timeoutRaw, path.concat('timeout')), after: asString(timeoutRaw.after) ?? '' };
    const entry = asMap(m?.onEntry);
    return {
      name,
      ref: this.ref(path),
      terminal: terminal,
      onEntry: entry ? this.action(entry, path.concat('onEntry')) : undefined,
      on: on.length === 0 ? NO_ITEMS : on,
      timeout: timeout,
    };
  }

  reaction(m: Plain | undefined, path: Path, index: number): Reaction | undefined {
    const when = nameAt(this.file, m, path, 'when');
    const service = nameAt(this.file, m, path, 'service');
    if (!when || !service) return undefined;
    const onFailure = namesAt(this.file, m, path, 'onFailure');
    return {
      index,
      ref: this.ref(path),
      when,
      service,
      command: nameAt(this.file, m, path, 'command'),
      emits: [...namesAt(this.file, m, path, 'emits'), ...onFailure],
      onFailure,
      onFailureDeclared: m?.onFailure !== undefined,
      condition: asString(m?.if),
      map: readFieldMap(m?.map),
      sets: readNames(m?.sets),
    };
  }

  infrastructure(raw: unknown): Infrastructure {
    const m = asMap(raw);
    const path: Path = ['infrastructure'];
    const messaging = asMap(m?.messaging);
    const observability = asMap(m?.observability);
    const dl = m?.deadLetter;
    const dlMap = asMap(dl);
    const retryPolicies = new Map<string, RetryPolicy>();
    forEachNamed(m?.retryPolicies, (name, p) => {
      const pm = asMap(p);
      const maxAttempts = pm?.maxAttempts;
      retryPolicies.set(name, {
        name,
        ref: this.ref(path.concat('retryPolicies', name)),
        ...(typeof maxAttempts === 'number' || maxAttempts === 'unlimited' ? { maxAttempts } : {}),
        backoff: asString(pm?.backoff),
        ...opt('initialDelay', asString(pm?.initialDelay)),
        ...opt('maxDelay', asString(pm?.maxDelay)),
        ...(Array.isArray(pm?.intervals) ? { intervals: pm.intervals.filter((x): x is string => typeof x === 'string') } : {}),
        ...opt('jitter', asBool(pm?.jitter)),
        ...(Array.isArray(pm?.nonRetryable) ? { nonRetryable: readNames(pm.nonRetryable) } : {}),
      });
    });
    return {
      ref: this.ref(path),
      declared: m !== undefined,
      ...opt(
        'messaging',
        messaging && {
          ref: this.ref(path.concat('messaging')),
          broker: asString(messaging.broker),
          durable: asBool(messaging.durable),
          delivery: asString(messaging.delivery),
        },
      ),
      eventStore: asString(m?.eventStore),
      workflowEngine: asString(m?.workflowEngine),
      ...(dl === false
        ? { deadLetter: false as const }
        : dlMap && asString(dlMap.queue)
          ? { deadLetter: { queue: dlMap.queue as string, ...opt('maxDeliveries', typeof dlMap.maxDeliveries === 'number' ? dlMap.maxDeliveries : undefined) } }
          : {}),
      retryPolicies,
      defaultRetry: nameAt(this.file, m, path, 'defaultRetry'),
      transactions: asString(m?.transactions),
      ...opt(
        'observability',
        observability && {
          ref: this.ref(path.concat('observability')),
          correlation: asBool(observability.correlation),
          tracing: asString(observability.tracing),
          metrics: asBool(observability.metrics),
        },
      ),
    };
  }
}

const NOTHING = Object.freeze({});
/** The keyword of a compensation that needs no undo (1.1). */
export const NONE = 'none';

/** The strings of a list (`sets`, `nonRetryable`); anything else is left to the schema. */
/** The strings of a list (`data`), the empty string among them. */
function readStrings(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  return value.filter((x): x is string => typeof x === 'string');
}

function readNames(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_ITEMS;
  const names = value.filter((x): x is string => typeof x === 'string' && x !== '');
  return names.length === 0 ? NO_ITEMS : names;
}

/** `{ key: value }` when value is defined, else nothing: keeps optional properties absent. */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? NOTHING : { [key]: value }) as { [P in K]?: V };
}

/** Names a reference may resolve to: their keys are read only for a suggestion, when one does not. */
interface Names {
  has(name: string): boolean;
  keys(): Iterable<string>;
}

/** What a name that does not resolve was meant to be, made from its owner's name. */
const ROLES = {
  context: (service: string) => `the context of service '${service}'`,
  consumerRetry: (service: string) => `the consumer retry policy of service '${service}'`,
  called: (service: string) => `a service that '${service}' calls`,
  subscribed: (service: string) => `an event that '${service}' subscribes to`,
  handler: (command: string) => `the handler of command '${command}'`,
  commandRetry: (command: string) => `the retry policy of command '${command}'`,
  idempotencyKey: (command: string) => `the idempotency key of command '${command}'`,
  producer: (event: string) => `the producer of event '${event}'`,
  consumer: (event: string) => `a consumer of event '${event}'`,
  repliedTo: (event: string) => `a command that event '${event}' replies to`,
  partitionKey: (event: string) => `the partition key of event '${event}'`,
  retryOf: (owner: string) => `the retry policy of ${owner}`,
  successOf: (owner: string) => `the success event of ${owner}`,
  failureOf: (owner: string) => `a failure event of ${owner}`,
};

/** Checks every reference against what the design declares. */
function resolve(design: Omit<Design, 'unresolved'>, hasContexts: boolean): Unresolved[] {
  const out: Unresolved[] = [];
  // Roles are built only for names that do not resolve: a large design has tens of thousands that do.
  // A role is text, or made from its owner's name by a function of this module's (ROLES): a function
  // made at each check would be made for every name of the design.
  const check = (kind: ReferenceKind, ref: NameRef | undefined, declared: Names, role: string | ((owner: string) => string), owner = '') => {
    if (!ref || declared.has(ref.name)) return;
    out.push({
      kind,
      name: ref.name,
      ref: ref.ref,
      role: typeof role === 'string' ? role : role(owner),
      ...opt('suggestion', nearest(ref.name, declared.keys())),
    });
  };
  const { services, commands, events, contexts, processes } = design;
  const policies = design.infrastructure.retryPolicies;
  const messages: Names = { has: (name) => commands.has(name) || events.has(name), keys: () => [...commands.keys(), ...events.keys()] };
  const field = (ref: NameRef | undefined, fields: readonly { name: string }[] | undefined, role: (owner: string) => string, owner = '') => {
    if (!ref || !fields || fields.some((f) => f.name === ref.name)) return;
    check('field', ref, new Set(fields.map((f) => f.name)), role, owner);
  };

  // Loops over every entity and its lists are indexed, or a Map's forEach: a for-of makes an iterator
  // and a result object for each step while the code runs cold, as nearly all of a review's does
  // (a quarter of what a review of 5,000 services allocated).
  services.forEach((s) => {
    if (hasContexts) check('context', s.context, contexts, ROLES.context, s.name);
    check('retry policy', s.consumers?.retry, policies, ROLES.consumerRetry, s.name);
    for (let i = 0; i < s.calls.length; i++) check('service', s.calls[i]?.service, services, ROLES.called, s.name);
    for (let i = 0; i < s.subscribes.length; i++) check('event', s.subscribes[i], events, ROLES.subscribed, s.name);
  });
  commands.forEach((c) => {
    check('service', c.handledBy, services, ROLES.handler, c.name);
    check('retry policy', c.retry, policies, ROLES.commandRetry, c.name);
    field(c.idempotencyKey, c.fields, ROLES.idempotencyKey, c.name);
  });
  events.forEach((e) => {
    check('service', e.producedBy, services, ROLES.producer, e.name);
    for (let i = 0; i < e.consumedBy.length; i++) check('service', e.consumedBy[i], services, ROLES.consumer, e.name);
    for (let i = 0; i < e.replyTo.length; i++) check('command', e.replyTo[i], commands, ROLES.repliedTo, e.name);
    field(e.partitionKey, e.fields, ROLES.partitionKey, e.name);
  });
  // A compensating command is a command, or the keyword none (1.1): a misspelt none is suggested as such.
  const commandsOrNone: Names = { has: (name) => name === NONE || commands.has(name), keys: () => [...commands.keys(), NONE] };
  const compensated = (name: string, ref: Ref) => {
    if (!commands.has(name)) check('command', { name, ref: { file: ref.file, path: ref.path, at: 'key' } }, commands, 'a compensated command');
  };
  design.compensations.forEach((c, name) => {
    compensated(name, c.ref);
    checkCompensation(c, `the compensation of '${name}'`);
  });
  design.noUndo.forEach((ref, name) => compensated(name, ref));
  function checkCompensation(c: Compensation | undefined, role: string) {
    if (!c) return;
    check('command', c.command, commandsOrNone, role);
    if (c.command) mapKeys(c, [c.command], role);
    check('event', c.event, events, role);
    check('retry policy', c.retry, policies, ROLES.retryOf, role);
    check('event', c.onSuccess, events, ROLES.successOf, role);
    for (let i = 0; i < c.onFailure.length; i++) check('event', c.onFailure[i], events, ROLES.failureOf, role);
  }
  /** The keys of a `map` and the names of `sets` must be fields of the commands sent (when they declare fields). */
  function mapKeys(owner: { ref: Ref; map: Readonly<Record<string, string>>; sets: readonly string[] }, sent: readonly NameRef[], where: string) {
    if ((owner.map === EMPTY_MAP || Object.keys(owner.map).length === 0) && owner.sets.length === 0) return;
    const fields = sent.flatMap((s) => commands.get(s.name)?.fields ?? []);
    if (fields.length === 0 || sent.some((s) => commands.get(s.name)?.fields === undefined)) return;
    const names = new Set(fields.map((f) => f.name));
    const file = owner.ref.file;
    for (const key of Object.keys(owner.map)) {
      check('field', { name: key, ref: { file, path: [...owner.ref.path, 'map', key], at: 'key' } }, names, () => `a field of the command ${where} sends`);
    }
    owner.sets.forEach((name, i) => {
      check('field', { name, ref: { file, path: [...owner.ref.path, 'sets', i] } }, names, () => `a field that ${where} sets`);
    });
  }

  for (const p of processes.values()) {
    const role = (what: string) => `${what} of process '${p.name}'`;
    check('service', p.coordinator, services, () => role('the coordinator'));
    for (const s of p.startedBy) check('message', s, messages, () => role('the starting message'));
    check('event', p.completesWith, events, () => role('the success outcome'));
    check('event', p.failsWith, events, () => role('the failure outcome'));
    for (const [message, key] of p.correlateBy) {
      const mref = { name: message, ref: { file: key.ref.file, path: key.ref.path, at: 'key' as const } };
      check('message', mref, messages, () => role('a message correlated by another field'));
      const declared = commands.get(message)?.fields ?? events.get(message)?.fields;
      field(key, declared, () => `the field that carries the correlation key of process '${p.name}' in '${message}'`);
    }
    const earlier = new Set<string>();
    for (const step of p.steps) {
      const at = `step '${step.name}'`;
      for (const c of step.commands) check('command', c, commands, () => `the command of ${at}`);
      check('event', step.onSuccess, events, () => `the success event of ${at}`);
      for (const e of step.onFailure) check('event', e, events, () => `a failure event of ${at}`);
      check('retry policy', step.retry, policies, () => `the retry policy of ${at}`);
      checkCompensation(step.ownCompensation, `the compensation of ${at}`);
      if (step.coveredBy && !earlier.has(step.coveredBy.name)) {
        const self = step.coveredBy.name === step.name;
        const later = !self && p.steps.some((s) => s.name === step.coveredBy?.name);
        out.push({
          kind: 'step',
          name: step.coveredBy.name,
          ref: step.coveredBy.ref,
          role: `the step whose compensation covers ${at}`,
          ...(self
            ? { misplaced: { code: 'covered-by-itself' as const, step: step.name } }
            : later
              ? { misplaced: { code: 'covered-by-later' as const, step: step.name } }
              : opt('suggestion', nearest(step.coveredBy.name, earlier))),
        });
      }
      mapKeys(step, step.commands, at);
      earlier.add(step.name);
    }
    check('state', p.initial, p.states, () => role('the initial state'));
    for (const state of p.states.values()) {
      const at = `state '${state.name}'`;
      const actions: Transition[] = [];
      if (state.onEntry) actions.push(state.onEntry);
      for (const h of state.on) {
        check('message', h.message, messages, () => `a message that ${at} handles`);
        actions.push(...h.alternatives);
      }
      if (state.timeout) actions.push(state.timeout);
      for (const a of actions) {
        check('state', a.goto, p.states, () => `the next state from ${at}`);
        for (const c of a.send) check('command', c, commands, () => `a command sent in ${at}`);
        for (const e of a.publish) check('event', e, events, () => `an event published in ${at}`);
        mapKeys(a, a.send, at);
      }
    }
    for (const r of p.reactions) {
      const at = `reaction ${r.index + 1} (when ${r.when.name})`;
      check('event', r.when, events, () => `the event of ${at}`);
      check('service', r.service, services, () => `the service of ${at}`);
      check('command', r.command, commands, () => `the command of ${at}`);
      for (const e of r.emits) check('event', e, events, () => `an event emitted by ${at}`);
      if (r.command) mapKeys(r, [r.command], at);
    }
  }
  check('retry policy', design.infrastructure.defaultRetry, policies, 'the default retry policy');
  return out;
}
