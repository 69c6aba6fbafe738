import { BpmnModdle } from 'bpmn-moddle';
import type { Path, Position } from '../findings.js';
import type { Source } from '../parse/load.js';
import { list } from '../util/text.js';
import { Lines } from '../parse/positions.js';
import { duration, ImportBuilder, kebab, orderedStep, pascal, positionAt, START, type ImportProblem, type ImportResult } from './imported.js';

/**
 * A BPMN 2.0 model (Camunda 7, Camunda 8 / Zeebe, or any modeller's) converted into a design, read
 * with bpmn-moddle, the bpmn.io model of the standard: service and send tasks become saga steps
 * handled by their lane's (or job type's) service, compensation boundary events and their
 * `isForCompensation` activities the compensations, error boundary events the failure events, timer
 * boundary events the timeouts, exclusive gateways the steps' `if`, parallel gateways of single tasks
 * a step of several commands, multi-instance activities a `forEach`, an event-based gateway or a
 * message catch after a send task the step's outcomes, message flows between pools a choreography.
 * A DOCTYPE is refused: a model needs none, and no entity is ever expanded or fetched.
 */

/** The parts of bpmn-moddle's elements this importer reads (its generic elements carry their attributes as properties). */
interface El {
  readonly $type: string;
  readonly id?: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

const isTask = (e: El) =>
  /^bpmn:(?:ServiceTask|SendTask|UserTask|ScriptTask|BusinessRuleTask|Task|ManualTask|CallActivity|SubProcess)$/.test(e.$type) && e.isForCompensation !== true;
const defs = (e: El) => ((e.eventDefinitions as El[] | undefined) ?? []).map((d) => d.$type);
const has = (e: El, type: string) => defs(e).includes(type);
const extensions = (e: El | undefined): El[] => ((e?.extensionElements as { values?: El[] } | undefined)?.values ?? []) as El[];
const body = (e: unknown): string | undefined => {
  const b = (e as { body?: unknown } | undefined)?.body;
  return typeof b === 'string' ? b.trim() : undefined;
};

/** An ISO 8601 duration (PT2H, P1DT30M) in seconds. */
export function isoSeconds(text: string | undefined): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec((text ?? '').trim());
  if (!m || (!m[1] && !m[2] && !m[3] && !m[4])) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** The field a multi-instance activity runs over: Zeebe's inputCollection (=order.items → items), Camunda 7's collection. */
function collectionOf(loop: El): string | undefined {
  const zeebe = extensions(loop).find((x) => x.$type === 'zeebe:loopCharacteristics');
  const camunda = (loop.$attrs as Record<string, string> | undefined)?.['camunda:collection'];
  const raw = (zeebe?.inputCollection as string | undefined) ?? camunda;
  return raw ? /([A-Za-z_][A-Za-z0-9_]*)\W*$/.exec(raw.replace(/^=/, '').replace(/^\$\{|\}$/g, ''))?.[1] : undefined;
}

/** What the engine retries: Zeebe's taskDefinition retries (attempts in all), Camunda 7's failedJobRetryTimeCycle (R5/PT1M). */
function retryOf(task: El): { policy: Record<string, unknown>; from: string } | undefined {
  const ext = extensions(task);
  const zeebe = ext.find((x) => x.$type === 'zeebe:taskDefinition');
  const retries = Number(zeebe?.retries);
  if (zeebe && Number.isInteger(retries) && retries >= 1)
    return { policy: { maxAttempts: retries }, from: `zeebe:taskDefinition retries="${String(zeebe.retries)}"` };
  const cycle = body(ext.find((x) => x.$type === 'camunda:failedJobRetryTimeCycle'));
  const m = /^R(\d+)\/(P\S+)$/.exec(cycle ?? '');
  if (m)
    return {
      policy: { maxAttempts: Number(m[1]), backoff: 'fixed', initialDelay: duration(isoSeconds(m[2])) ?? '1s' },
      from: `failedJobRetryTimeCycle ${cycle ?? ''}`,
    };
  return undefined;
}

/** The duration of a timer event's timeDuration (PT2H → 2h), if it has one. */
const timerOf = (e: El): string | undefined => duration(isoSeconds(body((e.eventDefinitions as El[] | undefined)?.[0]?.timeDuration)));

/** The condition under which a gateway takes a sequence flow: its expression (FEEL `=`, JUEL `${}` unwrapped), its name, or otherwise for the default. */
const conditionOf = (flow: El, gateway: El): string =>
  flow === gateway.default
    ? `otherwise (${gateway.name ?? gateway.id ?? ''})`
    : (body(flow.conditionExpression)?.replace(/^=\s*|^\$\{|\}$/g, '') ?? flow.name ?? `'${flow.id ?? ''}' is taken`);

/** Where the XML parser says it stopped ("line: 3 column: 19", the column from 0). */
function parsedAt(message: string): Position {
  const m = /line: (\d+)\s+column: (\d+)/.exec(message);
  const line = Number(m?.[1] ?? 1);
  const column = Number(m?.[2] ?? 0) + 1;
  return { line, column, endLine: line, endColumn: column + 1 };
}

/** Where an element is written: its start tag, found by its id. */
function locator(text: string): (id: string | undefined) => Position | undefined {
  const cache = new Map<string, Position | undefined>();
  const lines = new Lines(text);
  return (id) => {
    if (id === undefined) return undefined;
    if (cache.has(id)) return cache.get(id);
    const m = new RegExp(`\\sid\\s*=\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).exec(text);
    const start = m ? text.lastIndexOf('<', m.index) : -1;
    const at = start >= 0 ? positionAt(lines, start, text.indexOf('>', start) + 1) : undefined;
    cache.set(id, at);
    return at;
  };
}

/** Gateways nested deeper than this (a gateway on a branch of a gateway …) are not followed. */
const MAX_NESTING = 32;

/** The command a compensation runs, if it runs one. */
const undoCommand = (comp: Record<string, unknown> | 'none' | undefined): string | undefined =>
  comp === undefined || comp === 'none' ? undefined : (comp.command as string | undefined);

export async function convertBpmn(source: Source): Promise<ImportResult> {
  const { text, file } = source;
  const doctype = /<!(?:DOCTYPE|ENTITY)\b/i.exec(text);
  if (doctype)
    return {
      ok: false,
      problems: [
        {
          message:
            'the model declares a DOCTYPE or entities, which BPMN needs none of: eda-advisor neither expands entities nor fetches external ones. Remove the declaration.',
          at: positionAt(new Lines(text), doctype.index, doctype.index + doctype[0].length),
        },
      ],
    };
  let root: El;
  let warnings: { message: string; element?: El; property?: string; value?: string }[];
  try {
    const read = await new BpmnModdle().fromXML(text);
    root = read.rootElement as unknown as El;
    warnings = read.warnings as unknown as typeof warnings;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, problems: [{ message: `not a BPMN 2.0 model: ${message.split('\n')[0] ?? message}.`, at: parsedAt(message) }] };
  }
  const at = locator(text);
  const problems: ImportProblem[] = [];
  for (const w of warnings) {
    if (w.message.startsWith('unresolved reference'))
      problems.push({
        message: `element '${w.element?.id ?? '?'}' refers to '${w.value ?? '?'}' (${(w.property ?? '').replace(/^bpmn:/, '')}), which is not in the model; fix the reference.`,
        at: at(w.element?.id) ?? START,
      });
    else if (w.message.startsWith('unparsable content'))
      problems.push({ message: `not well-formed: ${w.message.split('\n')[0] ?? ''}.`, at: parsedAt(w.message) });
  }
  const rootElements = (root.rootElements as El[] | undefined) ?? [];
  const processes = rootElements.filter((e) => e.$type === 'bpmn:Process' && ((e.flowElements as El[] | undefined) ?? []).length > 0);
  if (processes.length === 0 && problems.length === 0)
    problems.push({
      message: 'the model has no process with flow elements; draw the process (a pool with its tasks), not only a collaboration.',
      at: at(root.id) ?? START,
    });
  if (problems.length > 0) return { ok: false, problems };

  const messages = new Map(rootElements.filter((e) => e.$type === 'bpmn:Message').map((m) => [m.id ?? '', m]));
  const collaboration = rootElements.find((e) => e.$type === 'bpmn:Collaboration');
  const participants = ((collaboration?.participants as El[] | undefined) ?? []).filter((p) => p.processRef !== undefined);
  const b = new ImportBuilder();
  const design = {
    services: {} as Record<string, Record<string, unknown>>,
    commands: {} as Record<string, Record<string, unknown>>,
    events: {} as Record<string, Record<string, unknown>>,
    compensations: {} as Record<string, Record<string, unknown> | 'none'>,
    processes: {} as Record<string, Record<string, unknown>>,
    retryPolicies: {} as Record<string, Record<string, unknown>>,
  };
  const policyKey = new Map<string, string>();
  const policy = (task: El, path: Path): string | undefined => {
    const r = retryOf(task);
    if (!r) return undefined;
    const key = JSON.stringify(r.policy);
    let named = policyKey.get(key);
    if (!named) {
      named = `attempts-${String(r.policy.maxAttempts)}${r.policy.initialDelay ? `-every-${String(r.policy.initialDelay)}` : ''}`;
      policyKey.set(key, named);
      design.retryPolicies[named] = r.policy;
      b.from(['infrastructure', 'retryPolicies', named], at(task.id));
      if (r.policy.backoff === undefined)
        b.todo(['infrastructure', 'retryPolicies', named], ` From ${r.from}. TODO backoff: the job worker sets the wait between attempts.`);
    }
    b.from(path, at(task.id));
    return named;
  };
  const messageName = (e: El): string | undefined => {
    const def = ((e.eventDefinitions as El[] | undefined) ?? []).find((d) => d.$type === 'bpmn:MessageEventDefinition');
    const m = (def?.messageRef as El | undefined) ?? (e.messageRef as El | undefined);
    const name = m?.name ?? e.name;
    return name ? pascal(name) : undefined;
  };

  // Pools that talk only by message flows: a choreography, each pool a service reacting to what it receives.
  const flows = ((collaboration?.messageFlows as El[] | undefined) ?? []).filter(Boolean);
  const pools = participants.filter((p) => processes.includes(p.processRef as El));
  const choreography = pools.length > 1 && flows.length > 0;
  if (choreography) {
    const name = pascal(collaboration?.name ?? collaboration?.id ?? 'Choreography');
    const poolOf = new Map<string, El>();
    const byId = new Map<string, El>();
    const out = new Map<string, El[]>();
    const boundaries = new Map<string, El[]>();
    for (const pool of pools)
      for (const e of ((pool.processRef as El).flowElements as El[] | undefined) ?? []) {
        poolOf.set(e.id ?? '', pool);
        byId.set(e.id ?? '', e);
        if (e.$type === 'bpmn:SequenceFlow') {
          const src = (e.sourceRef as El | undefined)?.id ?? '';
          out.set(src, [...(out.get(src) ?? []), e]);
        }
        if (e.$type === 'bpmn:BoundaryEvent') {
          const host = (e.attachedToRef as El | undefined)?.id ?? '';
          boundaries.set(host, [...(boundaries.get(host) ?? []), e]);
        }
      }
    const serviceOfPool = (pool: El): string => {
      const svc = pascal(pool.name ?? pool.id ?? 'Pool');
      if (!design.services[svc]) {
        design.services[svc] = {};
        b.from(['services', svc], at(pool.id));
        b.todo(
          ['services', svc],
          ` Pool '${pool.name ?? pool.id ?? ''}'.\n TODO persistence, publishing, consumers: { idempotent: true }: the model does not say.`,
        );
        b.silent(
          ['services', svc],
          ['missing-idempotency', 'missing-outbox', 'missing-dead-letter'],
          `how '${svc}' keeps its state or sends its messages: that is in its code`,
          true,
        );
      }
      return svc;
    };
    const messageOf = (flow: El): string =>
      pascal((flow.messageRef as El | undefined)?.name ?? flow.name ?? (flow.sourceRef as El | undefined)?.name ?? flow.id ?? 'Message');
    for (const f of flows) {
      const m = messageOf(f);
      const from = poolOf.get((f.sourceRef as El | undefined)?.id ?? '');
      if (!design.events[m]) {
        design.events[m] = from ? { producedBy: serviceOfPool(from) } : { source: 'external' };
        b.from(['events', m], at(f.id));
      }
    }
    const waits = (e: El) =>
      e.$type === 'bpmn:ReceiveTask' ||
      e.$type === 'bpmn:EventBasedGateway' ||
      (e.$type === 'bpmn:IntermediateCatchEvent' && has(e, 'bpmn:MessageEventDefinition'));
    /** The nodes a pool runs from one until it waits for a message again, breadth first. */
    const runFrom = (from: El): El[] => {
      const seen: El[] = [];
      const queue = (out.get(from.id ?? '') ?? []).map((f) => f.targetRef as El);
      if (isTask(from)) seen.push(from);
      while (queue.length > 0) {
        const e = queue.shift() as El;
        if (!e || seen.includes(e) || waits(e)) continue;
        seen.push(e);
        queue.push(...(out.get(e.id ?? '') ?? []).map((f) => f.targetRef as El));
      }
      return seen;
    };
    const sentBy = (nodes: readonly El[]) => flows.filter((f) => nodes.some((n) => n.id === (f.sourceRef as El | undefined)?.id)).map(messageOf);
    const reactions: Record<string, unknown>[] = [];
    let startedBy = `${name}Requested`;
    const entries: { node: El; when: string }[] = [];
    for (const pool of pools) {
      const elements = ((pool.processRef as El).flowElements as El[] | undefined) ?? [];
      for (const e of elements) {
        const incoming = flows.find((f) => (f.targetRef as El | undefined)?.id === e.id);
        if (incoming) entries.push({ node: e, when: messageOf(incoming) });
        else if (e.$type === 'bpmn:StartEvent' && !flows.some((f) => (f.targetRef as El | undefined)?.id === e.id)) {
          startedBy = messageName(e) ?? startedBy;
          entries.unshift({ node: e, when: startedBy });
        }
      }
    }
    if (!design.events[startedBy]) {
      design.events[startedBy] = { source: 'external' };
      b.todo(['events', startedBy], ' What starts the first pool. TODO fields.');
    }
    for (const { node, when } of entries) {
      const pool = poolOf.get(node.id ?? '') as El;
      const service = serviceOfPool(pool);
      const ran = runFrom(node);
      const tasks = ran.filter(isTask);
      const k = reactions.length;
      const path: Path = ['processes', name, 'reactions', k];
      b.from(path, at(node.id));
      const reaction: Record<string, unknown> = { when, service };
      const task = tasks[0];
      if (task) {
        const c = pascal(task.name ?? task.id ?? 'Task');
        design.commands[c] ??= { handledBy: service };
        b.from(['commands', c], at(task.id));
        reaction.command = c;
        for (const boundary of boundaries.get(task.id ?? '') ?? []) {
          if (has(boundary, 'bpmn:CompensateEventDefinition')) {
            const a = ((((pool.processRef as El).artifacts as El[] | undefined) ?? []) as El[]).find(
              (x) => (x.sourceRef as El | undefined)?.id === boundary.id,
            );
            const undo = a?.targetRef as El | undefined;
            if (undo) {
              const uc = pascal(undo.name ?? undo.id ?? '');
              design.commands[uc] ??= { handledBy: service };
              design.compensations[c] = { command: uc };
              b.from(['compensations', c], at(undo.id));
            }
          }
          if (has(boundary, 'bpmn:ErrorEventDefinition')) {
            const failed = sentBy([boundary, ...runFrom(boundary)]);
            if (failed.length > 0) reaction.onFailure = failed;
          }
        }
        if (tasks.length > 1) b.todo(path, ` It also runs ${list(tasks.slice(1).map((t) => `'${t.name ?? t.id ?? ''}'`))}, in the same pool.`);
      }
      const emits = sentBy(ran);
      if (emits.length > 0) reaction.emits = emits;
      reactions.push(reaction);
    }
    design.processes[name] = { pattern: 'choreography', startedBy, correlation: 'header', reactions };
    b.from(['processes', name], at(collaboration?.id));
    b.todo(['processes', name], ' TODO timeout: the model sets no deadline on the exchange.');
    b.silent(['processes', name], ['missing-timeout'], 'how long the exchange may take (no timer on it)');
  }

  for (const proc of choreography ? [] : processes) {
    const participant = participants.find((p) => (p.processRef as El).id === proc.id);
    const name = pascal(proc.name ?? participant?.name ?? proc.id ?? 'Process');
    const elements = (proc.flowElements as El[]) ?? [];
    const byId = new Map(elements.map((e) => [e.id ?? '', e]));
    const out = new Map<string, El[]>();
    const incoming = new Map<string, number>();
    for (const f of elements.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
      const src = (f.sourceRef as El | undefined)?.id ?? '';
      out.set(src, [...(out.get(src) ?? []), f]);
      const dst = (f.targetRef as El | undefined)?.id ?? '';
      incoming.set(dst, (incoming.get(dst) ?? 0) + 1);
    }
    const next = (e: El): El[] => (out.get(e.id ?? '') ?? []).map((f) => f.targetRef as El).filter(Boolean);
    const boundaries = new Map<string, El[]>();
    for (const e of elements.filter((x) => x.$type === 'bpmn:BoundaryEvent')) {
      const host = (e.attachedToRef as El | undefined)?.id ?? '';
      boundaries.set(host, [...(boundaries.get(host) ?? []), e]);
    }
    const associations = ((proc.artifacts as El[] | undefined) ?? []).filter((a) => a.$type === 'bpmn:Association');
    const undoOf = (boundary: El): El | undefined => {
      const a = associations.find((x) => (x.sourceRef as El | undefined)?.id === boundary.id);
      return a?.targetRef as El | undefined;
    };
    const lanes = ((proc.laneSets as El[] | undefined) ?? []).flatMap((s) => (s.lanes as El[] | undefined) ?? []);
    const laneOf = (e: El) => lanes.find((l) => ((l.flowNodeRef as El[] | undefined) ?? []).some((n) => n.id === e.id));
    const coordinator = `${name}Engine`;
    design.services[coordinator] = { persistence: 'none', publishing: 'none' };
    b.from(['services', coordinator], at(proc.id));
    b.todo(['services', coordinator], ' The process engine itself: it keeps each instance and its history.');

    /** The service that carries a task out: its lane, else its Zeebe job type, else the pool. */
    const serviceOf = (task: El): string => {
      const lane = laneOf(task);
      const type = extensions(task).find((x) => x.$type === 'zeebe:taskDefinition')?.type as string | undefined;
      const camunda = (task.$attrs as Record<string, string> | undefined)?.['camunda:topic'];
      const svc = lane?.name ? pascal(lane.name) : type ? `${pascal(type.replace(/^=/, ''))}Worker` : camunda ? `${pascal(camunda)}Worker` : `${name}Worker`;
      if (!design.services[svc]) {
        design.services[svc] = {};
        b.from(['services', svc], at((lane ?? task).id));
        b.todo(
          ['services', svc],
          ` ${lane ? `Lane '${lane.name ?? ''}'` : type ? `The workers of job type '${type}'` : `The workers of '${name}'`}.\n TODO persistence, publishing, consumers: { idempotent: true }: the model does not say.`,
        );
        b.silent(
          ['services', svc],
          ['missing-idempotency', 'missing-outbox', 'missing-dead-letter'],
          `how '${svc}' keeps its state, nor whether a task retried by the engine is safe to run twice: that is in its code`,
          true,
        );
      }
      return svc;
    };
    /** A compensation boundary event of the task whose command is c: its isForCompensation task undoes c, retried as its task definition says. */
    const compensate = (c: string, boundary: El): void => {
      const undo = undoOf(boundary);
      if (!undo) return;
      const uc = commandOf(undo);
      const r = policy(undo, ['compensations', c]);
      design.compensations[c] = { command: uc, ...(r ? { retry: r } : {}) };
      b.from(['compensations', c], at(undo.id));
      b.silent(
        ['compensations', c],
        ['non-retriable-compensation'],
        `whether '${uc}', retried by the engine, is safe to run twice: that is in the code of '${design.commands[uc]?.handledBy as string}'`,
      );
    };
    const commandOf = (task: El): string => {
      const c = pascal(task.name ?? task.id ?? 'Task');
      if (!design.commands[c]) {
        design.commands[c] = { handledBy: serviceOf(task) };
        b.from(['commands', c], at(task.id));
        b.todo(['commands', c], ' TODO fields: the task reads the process variables; name the ones it needs.');
      }
      return c;
    };

    // The start: a message start event (its message), a timer (a schedule), else a request from outside.
    const starts = elements.filter((e) => e.$type === 'bpmn:StartEvent' && !incoming.has(e.id ?? ''));
    const start = starts[0];
    let startedBy: unknown = `${name}Requested`;
    const startMessage = start ? messageName(start) : undefined;
    const cycle = start && has(start, 'bpmn:TimerEventDefinition') ? (start.eventDefinitions as El[])[0] : undefined;
    if (cycle && isoSeconds(/^R\d*\/(P\S+)$/.exec(body(cycle.timeCycle) ?? '')?.[1]) !== undefined)
      startedBy = { schedule: duration(isoSeconds(/^R\d*\/(P\S+)$/.exec(body(cycle.timeCycle) ?? '')?.[1])) };
    else {
      if (start && has(start, 'bpmn:MessageEventDefinition') && startMessage) startedBy = startMessage;
      design.events[startedBy as string] = { source: 'external' };
      b.from(['events', startedBy as string], at(start?.id ?? proc.id));
      b.todo(['events', startedBy as string], ' What starts an instance. TODO fields.');
    }
    // A message correlated by a key (zeebe:subscription correlationKey="=orderId"): the process's correlation key.
    const keys = [...messages.values()]
      .map((m) => extensions(m).find((x) => x.$type === 'zeebe:subscription')?.correlationKey as string | undefined)
      .filter((k): k is string => typeof k === 'string')
      .map((k) => /([A-Za-z_][A-Za-z0-9_]*)\W*$/.exec(k.replace(/^=/, ''))?.[1])
      .filter((k): k is string => k !== undefined);

    interface Item {
      readonly task: El;
      readonly conds: readonly string[];
      parallel?: El[];
      reply?: string;
      failures: string[];
      timeout?: string;
    }
    const items: Item[] = [];
    let succeeds = false;
    let fails = false;
    /** The nodes reachable from one by sequence flows, breadth first. */
    const reach = (from: El): string[] => {
      const seen = new Set<string>();
      const queue = [from];
      for (let i = 0; i < queue.length; i++) {
        const e = queue[i] as El;
        if (!e.id || seen.has(e.id)) continue;
        seen.add(e.id);
        queue.push(...next(e));
      }
      return [...seen];
    };
    const isFailureEnd = (e: El) =>
      e.$type === 'bpmn:EndEvent' &&
      (has(e, 'bpmn:ErrorEventDefinition') || has(e, 'bpmn:CompensateEventDefinition') || has(e, 'bpmn:TerminateEventDefinition'));
    /** Whether a path from a node throws compensation before it ends, and which activity it names, if one. */
    const throwsCompensation = (from: El): { thrown: boolean; only?: El; ends: El[] } => {
      const ids = reach(from);
      const nodes = ids.map((id) => byId.get(id)).filter((e): e is El => e !== undefined);
      const thrower = nodes.find((e) => has(e, 'bpmn:CompensateEventDefinition'));
      const def = thrower ? ((thrower.eventDefinitions as El[]).find((d) => d.$type === 'bpmn:CompensateEventDefinition') as El) : undefined;
      return {
        thrown: thrower !== undefined,
        ...(def?.activityRef ? { only: def.activityRef as El } : {}),
        ends: nodes.filter((e) => e.$type === 'bpmn:EndEvent'),
      };
    };
    const failurePaths: { item: Item; index: number; via: El; compensation: ReturnType<typeof throwsCompensation> }[] = [];

    let tooDeep: El | undefined;
    const walk = (from: El | undefined, conds: readonly string[], stop: string | undefined, seen: Set<string>, depth = 0): void => {
      for (let e = from; e && e.id !== stop;) {
        if (seen.has(e.id ?? '')) return;
        seen.add(e.id ?? '');
        const outs = out.get(e.id ?? '') ?? [];
        if (isTask(e)) items.push({ task: e, conds, failures: [] });
        else if (e.$type === 'bpmn:ReceiveTask' || (e.$type === 'bpmn:IntermediateCatchEvent' && has(e, 'bpmn:MessageEventDefinition'))) {
          const prev = items[items.length - 1];
          const m = messageName(e);
          if (prev && m) prev.reply = m;
          else b.notes.push(`${name}: '${e.name ?? e.id ?? ''}' waits for a message no task before it asked for; it is left out.`);
        } else if (e.$type === 'bpmn:EventBasedGateway') {
          // The outcomes a send task waits for: the branch that goes on is its reply, the others its failures, a timer its timeout.
          const prev = items[items.length - 1];
          let goOn: El | undefined;
          for (const catchEvent of next(e)) {
            const after = next(catchEvent)[0];
            const failing = after !== undefined && throwsCompensation(after).ends.every(isFailureEnd) && throwsCompensation(after).ends.length > 0;
            if (has(catchEvent, 'bpmn:TimerEventDefinition')) {
              if (prev) prev.timeout = timerOf(catchEvent);
              if (prev && after) failurePaths.push({ item: prev, index: items.length - 1, via: catchEvent, compensation: throwsCompensation(after) });
            } else if (failing) {
              const m = messageName(catchEvent);
              if (prev && m) prev.failures.push(m);
              if (prev && after) failurePaths.push({ item: prev, index: items.length - 1, via: catchEvent, compensation: throwsCompensation(after) });
            } else {
              const m = messageName(catchEvent);
              if (prev && m) prev.reply = m;
              goOn = after;
            }
          }
          if (!prev) b.notes.push(`${name}: event-based gateway '${e.name ?? e.id ?? ''}' waits before any task; it is left out.`);
          e = goOn;
          continue;
        } else if (/^bpmn:(?:Exclusive|Inclusive|Parallel)Gateway$/.test(e.$type) && outs.length > 1 && depth >= MAX_NESTING) {
          tooDeep ??= e;
          return;
        } else if ((e.$type === 'bpmn:ExclusiveGateway' || e.$type === 'bpmn:InclusiveGateway') && outs.length > 1) {
          const gateway = e;
          const branches = outs.map((f) => ({
            to: f.targetRef as El,
            cond: conditionOf(f, gateway),
          }));
          const sets = branches.map((br) => reach(br.to));
          const join = sets[0]?.find((id) => sets.every((s) => s.includes(id)));
          for (const br of branches) walk(br.to, [...conds, br.cond], join ?? stop, seen, depth + 1);
          e = join ? byId.get(join) : undefined;
          continue;
        } else if (e.$type === 'bpmn:ParallelGateway' && outs.length > 1) {
          const branches = outs.map((f) => f.targetRef as El);
          const sets = branches.map((br) => reach(br));
          const join = sets[0]?.find((id) => sets.every((s) => s.includes(id)));
          const single = branches.every((br) => isTask(br) && next(br)[0]?.id === join && (boundaries.get(br.id ?? '') ?? []).length === 0);
          if (single) items.push({ task: e, conds, parallel: branches, failures: [] });
          else {
            b.notes.push(`${name}: parallel gateway '${e.name ?? e.id ?? ''}' opens branches of more than one task; they are read one after another.`);
            for (const br of branches) walk(br, conds, join ?? stop, seen, depth + 1);
          }
          e = join ? byId.get(join) : undefined;
          if (e) seen.add(e.id ?? '');
          e = e ? next(e)[0] : undefined;
          continue;
        } else if (e.$type === 'bpmn:EndEvent') {
          if (isFailureEnd(e)) fails = true;
          else succeeds = true;
          return;
        }
        e = outs.length > 0 ? (outs[0]?.targetRef as El) : undefined;
        if (!e && isTask(byId.get([...seen].pop() ?? '') ?? { $type: '' })) succeeds = true;
      }
    };
    walk(start, [], undefined, new Set());
    if (tooDeep)
      b.notes.push(`${name}: gateway '${tooDeep.name ?? tooDeep.id ?? ''}' is nested ${MAX_NESTING} gateways deep; it and what follows it are left out.`);
    if (starts.length > 1) b.notes.push(`${name}: it has ${starts.length} start events; the import follows '${start?.name ?? start?.id ?? ''}'.`);

    // An event-based gateway whose branches go on in different ways, or a parallel gateway whose
    // branches run more than one task, is more than a saga can say: the process is a process manager.
    const continuing = (g: El) =>
      next(g).filter((c) => !has(c, 'bpmn:TimerEventDefinition') && !(next(c)[0] && throwsCompensation(next(c)[0] as El).ends.every(isFailureEnd)));
    const needsStates = elements.some(
      (e) =>
        (e.$type === 'bpmn:EventBasedGateway' && continuing(e).length > 1) ||
        (e.$type === 'bpmn:ParallelGateway' && next(e).length > 1 && next(e).some((br) => !isTask(br) || !/Gateway$/.test(next(br)[0]?.$type ?? ''))),
    );
    const machine = needsStates && start ? processManagerOf(start) : undefined;
    if (machine) b.notes.push(`${name}: its gateways branch in ways a saga cannot say: it is a process manager, a state per task and per wait.`);

    /** The model as a state machine: a state per task and per wait, transitions along the sequence flows. */
    function processManagerOf(from: El): { initial: string; states: Record<string, unknown> } {
      // Every compensation first: a compensation event thrown on a path sends those of the tasks before it.
      for (const task of elements.filter(isTask))
        for (const boundary of boundaries.get(task.id ?? '') ?? []) if (has(boundary, 'bpmn:CompensateEventDefinition')) compensate(commandOf(task), boundary);
      const states: Record<string, unknown> = {};
      const queue: El[] = [];
      const stateOf = (e: El) => pascal(e.name ?? e.id ?? 'State');
      const end = (e: El | undefined) => {
        const n = e ? stateOf(e) : 'Completed';
        states[n] ??= { terminal: e && isFailureEnd(e) ? 'failure' : 'success' };
        return n;
      };
      /** The compensations a compensation event thrown at a node runs: those of the tasks before it, last first. */
      const undoBefore = (e: El): string[] => {
        const order = reach(from);
        return order
          .map((id) => byId.get(id))
          .filter((t): t is El => t !== undefined && isTask(t) && reach(t).includes(e.id ?? ''))
          .reverse()
          .map((t) => undoCommand(design.compensations[pascal(t.name ?? t.id ?? '')]))
          .filter((c): c is string => c !== undefined);
      };
      type Alt = { if?: string; goto: string; send?: string[] };
      const go = (e: El | undefined, conds: readonly string[] = [], send: readonly string[] = [], depth = 0): Alt[] => {
        const alt = (goto: string): Alt[] => [
          { ...(conds.length > 0 ? { if: conds.join(' and ') } : {}), goto, ...(send.length > 0 ? { send: [...send] } : {}) },
        ];
        for (let n = 0; e && n < 1000; n++) {
          const outs = out.get(e.id ?? '') ?? [];
          if (e.$type === 'bpmn:EndEvent') return alt(end(e));
          if (has(e, 'bpmn:CompensateEventDefinition')) send = [...send, ...undoBefore(e)];
          if (/^bpmn:(?:Exclusive|Inclusive)Gateway$/.test(e.$type) && outs.length > 1 && depth < MAX_NESTING) {
            const gateway = e;
            return outs.flatMap((f) => go(f.targetRef as El, [...conds, conditionOf(f, gateway)], send, depth + 1));
          }
          if (
            isTask(e) ||
            e.$type === 'bpmn:ReceiveTask' ||
            e.$type === 'bpmn:EventBasedGateway' ||
            e.$type === 'bpmn:IntermediateCatchEvent' ||
            (e.$type === 'bpmn:ParallelGateway' && outs.length > 1)
          ) {
            queue.push(e);
            return alt(stateOf(e));
          }
          e = outs[0]?.targetRef as El | undefined;
        }
        return alt(end(undefined));
      };
      const transition = (alts: Alt[]) => (alts.length === 1 && alts[0]?.if === undefined ? alts[0] : alts);
      /** What a task waits for: the message caught right after it, else its own reply; and where the run goes then. */
      const replyOf = (task: El, c: string): { reply: string; after: El | undefined } => {
        const n = next(task)[0];
        if (n && (n.$type === 'bpmn:ReceiveTask' || (n.$type === 'bpmn:IntermediateCatchEvent' && has(n, 'bpmn:MessageEventDefinition'))) && messageName(n))
          return { reply: messageName(n) as string, after: next(n)[0] };
        return { reply: `${c}Succeeded`, after: n };
      };
      const taskState = (task: El): Record<string, unknown> => {
        const c = commandOf(task);
        const svc = design.commands[c]?.handledBy as string;
        const { reply, after } = replyOf(task, c);
        design.events[reply] ??= { producedBy: svc, replyTo: c };
        const on: Record<string, unknown> = { [reply]: transition(go(after)) };
        let timeout: Record<string, unknown> | undefined;
        for (const boundary of boundaries.get(task.id ?? '') ?? []) {
          if (has(boundary, 'bpmn:CompensateEventDefinition')) {
            compensate(c, boundary);
          } else if (has(boundary, 'bpmn:ErrorEventDefinition')) {
            design.events[`${c}Failed`] = { producedBy: svc, replyTo: c };
            on[`${c}Failed`] = transition(go(next(boundary)[0]));
          } else if (has(boundary, 'bpmn:TimerEventDefinition') && boundary.cancelActivity !== false) {
            const after = timerOf(boundary);
            if (after) timeout = { after, ...(go(next(boundary)[0])[0] as Alt) };
          }
        }
        const r = policy(task, ['commands', c]);
        if (r) design.commands[c] = { ...design.commands[c], retry: r };
        return { onEntry: { send: c }, on, ...(timeout ? { timeout } : {}) };
      };
      const initial = go(from)[0]?.goto ?? end(undefined);
      for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
        const sn = stateOf(e);
        if (states[sn] !== undefined) continue;
        states[sn] = {};
        b.from(['processes', name, 'states', sn], at(e.id));
        if (isTask(e)) states[sn] = taskState(e);
        else if (e.$type === 'bpmn:EventBasedGateway' || e.$type === 'bpmn:IntermediateCatchEvent' || e.$type === 'bpmn:ReceiveTask') {
          const on: Record<string, unknown> = {};
          let timeout: Record<string, unknown> | undefined;
          for (const c of e.$type === 'bpmn:EventBasedGateway' ? next(e) : [e]) {
            if (has(c, 'bpmn:TimerEventDefinition')) {
              const after = timerOf(c);
              if (after) timeout = { after, ...(go(next(c)[0])[0] as Alt) };
            } else {
              const m = messageName(c);
              if (!m) continue;
              design.events[m] ??= { source: 'external' };
              on[m] = transition(go(next(c)[0]));
            }
          }
          states[sn] = { on, ...(timeout ? { timeout } : {}) };
        } else if (e.$type === 'bpmn:ParallelGateway') {
          const branches = next(e).map((first) => {
            const tasks: El[] = [];
            for (let t: El | undefined = first; t && isTask(t) && tasks.length < 1000; t = next(t)[0]) tasks.push(t);
            return tasks;
          });
          const join = branches[0]?.length ? next(branches[0][branches[0].length - 1] as El)[0] : undefined;
          const after = join ? go(next(join)[0]) : go(undefined);
          const on: Record<string, unknown> = {};
          for (const br of branches)
            br.forEach((t, k) => {
              const c = commandOf(t);
              const svc = design.commands[c]?.handledBy as string;
              design.events[`${c}Succeeded`] ??= { producedBy: svc, replyTo: c };
              const following = br[k + 1];
              on[`${c}Succeeded`] = following
                ? { goto: sn, send: commandOf(following) }
                : [{ if: `every other branch of '${e?.name ?? e?.id ?? ''}' has finished`, ...(after[0] as Alt) }, { goto: sn }];
              for (const boundary of boundaries.get(t.id ?? '') ?? [])
                if (has(boundary, 'bpmn:ErrorEventDefinition')) {
                  design.events[`${c}Failed`] = { producedBy: svc, replyTo: c };
                  on[`${c}Failed`] = transition(go(next(boundary)[0]));
                } else if (has(boundary, 'bpmn:CompensateEventDefinition')) compensate(c, boundary);
            });
          states[sn] = { onEntry: { send: branches.flatMap((br) => (br[0] ? [commandOf(br[0])] : [])) }, on };
        }
      }
      for (const v of Object.values(states)) if ((v as { terminal?: string }).terminal === 'success') succeeds = true;
      for (const v of Object.values(states)) if ((v as { terminal?: string }).terminal === 'failure') fails = true;
      return { initial, states };
    }

    const steps: Record<string, unknown>[] = [];
    const stepPath = (k: number): Path => ['processes', name, 'steps', k];
    if (machine) {
      items.length = 0;
      failurePaths.length = 0;
    }
    items.forEach((it, k) => {
      const tasks = it.parallel ?? [it.task];
      const own = tasks.map(commandOf);
      b.from(stepPath(k), at(it.task.id));
      const step: Record<string, unknown> = { name: kebab(it.task.name ?? it.task.id ?? `step-${k + 1}`) };
      if (it.parallel) step.commands = own;
      else step.command = own[0];
      if (it.conds.length > 0) step.if = it.conds.join(' and ');
      const loop = it.task.loopCharacteristics as El | undefined;
      if (loop?.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
        const field = collectionOf(loop);
        step.forEach = field ?? 'items';
        if (!field) b.todo(stepPath(k), ` TODO forEach: '${it.task.name ?? ''}' is multi-instance over a collection the model does not name.`);
      }
      for (const [n, task] of tasks.entries()) {
        const c = own[n] as string;
        const svc = design.commands[c]?.handledBy as string;
        const reply = it.reply && tasks.length === 1 ? it.reply : `${c}Succeeded`;
        design.events[reply] = { producedBy: svc, replyTo: c };
        b.from(['events', reply], at(task.id));
        if (!it.parallel) step.onSuccess = reply;
        for (const boundary of boundaries.get(task.id ?? '') ?? []) {
          if (has(boundary, 'bpmn:CompensateEventDefinition')) compensate(c, boundary);
          else if (has(boundary, 'bpmn:ErrorEventDefinition')) {
            it.failures.push(`${c}Failed`);
            design.events[`${c}Failed`] = { producedBy: svc, replyTo: c };
            b.from(['events', `${c}Failed`], at(boundary.id));
            const after = next(boundary)[0];
            if (after) failurePaths.push({ item: it, index: k, via: boundary, compensation: throwsCompensation(after) });
          } else if (has(boundary, 'bpmn:TimerEventDefinition') && boundary.cancelActivity !== false) {
            it.timeout = timerOf(boundary);
            const after = next(boundary)[0];
            if (after) failurePaths.push({ item: it, index: k, via: boundary, compensation: throwsCompensation(after) });
          }
        }
      }
      for (const f of it.failures)
        if (!design.events[f]) design.events[f] = { producedBy: design.commands[own[0] as string]?.handledBy as string, replyTo: own[0] as string };
      if (it.failures.length > 0) step.onFailure = [...new Set(it.failures)];
      else
        b.silent(
          stepPath(k),
          ['missing-failure-path'],
          `what happens when '${it.task.name ?? it.task.id ?? ''}' fails for good (no error boundary event: the engine raises an incident and the instance waits)`,
        );
      if (step.forEach !== undefined) {
        if (design.compensations[own[0] as string]) step.partialFailure = 'compensate-completed';
        else
          b.silent(
            stepPath(k),
            ['batch-partial-failure'],
            `what becomes of the instances that completed when one fails ('${it.task.name ?? ''}' is multi-instance with no compensation)`,
          );
      }
      if (it.timeout) step.timeout = it.timeout;
      const r = it.parallel ? undefined : policy(it.task, stepPath(k));
      if (r) step.retry = r;
      else if (!it.parallel)
        b.silent(
          stepPath(k),
          ['missing-retry-policy'],
          `how often the engine retries '${it.task.name ?? it.task.id ?? ''}' (no retries on its task definition)`,
        );
      steps.push(step);
    });
    for (const [c, comp] of Object.entries(design.compensations))
      if (comp !== 'none' && !design.commands[comp.command as string]) delete design.compensations[c];
    // A send task only tells: nothing of it to undo, unless the model gives it a compensation.
    for (const e of elements)
      if (e.$type === 'bpmn:SendTask' && design.commands[pascal(e.name ?? e.id ?? '')] && !design.compensations[pascal(e.name ?? e.id ?? '')]) {
        const c = pascal(e.name ?? e.id ?? '');
        design.compensations[c] = 'none';
        b.from(['compensations', c], at(e.id));
        b.todo(['compensations', c], ` '${e.name ?? e.id ?? ''}' is a send task: it only tells. TODO confirm that nothing needs undoing.`);
      }

    // A failure path that throws no compensation, or names only some activities, leaves what completed in place.
    for (const f of failurePaths) {
      const completed = items.slice(0, f.index).filter((x) => x.conds.every((c, i) => i >= f.item.conds.length || f.item.conds[i] === c));
      for (const x of completed)
        for (const task of x.parallel ?? [x.task]) {
          const c = pascal(task.name ?? task.id ?? '');
          const comp = design.compensations[c];
          if (!comp || comp === 'none') continue;
          if (f.compensation.thrown && (!f.compensation.only || f.compensation.only.id === task.id)) continue;
          const how = f.compensation.thrown
            ? `throws compensation for '${f.compensation.only?.name ?? f.compensation.only?.id ?? ''}' only`
            : 'throws no compensation';
          b.findings.push({
            ruleId: 'missing-compensation',
            messageId: 'compensation-not-thrown',
            message: `The path from '${f.via.name ?? f.via.id ?? ''}' ${how} before it ends: when '${f.item.task.name ?? f.item.task.id ?? ''}' fails, '${comp.command as string}' never runs and what '${task.name ?? task.id ?? ''}' did stays done. The design made from this runs every completed step's compensation, so it does not show the skip.`,
            hint: `Add an intermediate compensation throw event (no activityRef: every completed activity is compensated, in reverse) on that path before its end event.`,
            at: at(f.via.id) ?? START,
            data: { from: f.via.id ?? '', skipped: comp.command as string, step: task.id ?? '' },
          });
          b.notes.push(`${name}: the path from '${f.via.name ?? f.via.id ?? ''}' does not compensate '${task.name ?? task.id ?? ''}'.`);
        }
      if (f.compensation.ends.length > 0) fails = true;
    }

    const ends = elements.filter((e) => e.$type === 'bpmn:EndEvent');
    const okEnd = ends.find((e) => !isFailureEnd(e) && messageName(e) && has(e, 'bpmn:MessageEventDefinition'));
    const completesWith = okEnd ? (messageName(okEnd) as string) : `${name}Completed`;
    if (succeeds) design.events[completesWith] = { producedBy: coordinator };
    if (fails) design.events[`${name}Failed`] = { producedBy: coordinator };
    // A deadline on the whole process: an event subprocess started by a timer.
    const deadline = elements
      .filter((e) => e.$type === 'bpmn:SubProcess' && e.triggeredByEvent === true)
      .flatMap((sp) => ((sp.flowElements as El[] | undefined) ?? []).filter((x) => x.$type === 'bpmn:StartEvent' && has(x, 'bpmn:TimerEventDefinition')))
      .map((x) => ({ x, after: timerOf(x) }))
      .find((d) => d.after !== undefined);
    design.processes[name] = {
      pattern: machine ? 'process-manager' : 'saga',
      coordinator,
      startedBy,
      ...(keys[0] ? { correlationKey: keys[0] } : { correlation: 'header' }),
      ...(deadline ? { timeout: deadline.after } : {}),
      ...(succeeds ? { completesWith } : {}),
      ...(fails ? { failsWith: `${name}Failed` } : {}),
      ...(machine ?? { steps: steps.map(orderedStep) }),
    };
    b.from(['processes', name], at(proc.id));
    if (deadline) {
      b.from(['processes', name, 'timeout'], at(deadline.x.id));
    } else {
      b.todo(['processes', name], ' TODO timeout: the model sets no deadline on the process (a timer event subprocess would).');
      b.silent(['processes', name], ['missing-timeout'], 'how long an instance may run (no timer on the process)');
    }
  }

  if (policyKey.size === 0) b.silent(['infrastructure'], ['missing-retry-policy'], 'how any task is retried (no task definition sets retries)');
  b.silent(
    ['infrastructure'],
    ['missing-observability'],
    'whether a correlation id or a trace travels with each task (that is the workers’ and the engine’s configuration)',
  );
  const fallback = at(processes[0]?.id) ?? START;
  b.from(['infrastructure'], fallback);
  const value: Record<string, unknown> = {
    version: 1,
    name: kebab(processes.length === 1 ? pascal(processes[0]?.name ?? processes[0]?.id ?? 'process') : file.replace(/^.*\//, '').replace(/\..*$/, '')),
    description: `Imported from ${file} (BPMN 2.0).`,
    services: design.services,
    commands: design.commands,
    events: design.events,
    ...(Object.keys(design.compensations).length > 0 ? { compensations: design.compensations } : {}),
    processes: design.processes,
    infrastructure: {
      ...(choreography ? {} : { workflowEngine: 'camunda' }),
      ...(policyKey.size > 0 ? { retryPolicies: design.retryPolicies } : {}),
      transactions: 'none',
    },
  };
  return {
    ok: true,
    imported: b.build(value, 'model', fallback, (notes) => [
      ` Converted by eda-advisor import bpmn from ${file}.`,
      ' The engine keeps each instance and holds a failed job as an incident until it is retried (workflowEngine).',
      ...notes.map((n) => ` NOTE ${n}`),
      ' TODO compensations: confirm each undo; a task whose effect needs no undo is compensations: { X: none }.',
    ]),
  };
}
