import type { Finding } from '../findings.js';
import { RULES_META } from '../generated/rules-meta.js';
import { contextOf, isReadOnlyStep, isReply, relationsOf, stepCompensations, undoesNothing } from '../model/graph.js';
import { retryFor } from '../model/policies.js';
import type { Action, Design, Process, Service, Step } from '../model/types.js';
import { pivotIndex } from '../sim/saga.js';
import { isConsistent, type ProcessSimulation } from '../sim/trace.js';
import { plural } from '../util/text.js';
import { answersOf, PATTERN_NAMES, recommendPattern, type Thresholds } from './advisor.js';
import { codeList } from '../util/text.js';
import type { Guidance, SectionId } from './types.js';

const code = (name: string) => `\`${name}\``;
const unique = <T>(items: Iterable<T>): T[] => [...new Set(items)];

/** Everything the offline writer reads: the design, its open findings, the simulation of the process. */
export interface GuidanceInput {
  readonly design: Design;
  readonly process: Process;
  readonly findings: readonly Finding[];
  readonly simulation: ProcessSimulation;
  readonly thresholds?: Thresholds;
  /** The design file, as commands name it (`eda-advisor simulate <file>`). */
  readonly file: string;
}

/**
 * Writes the guidance from the analysis alone: no key, no network. Every sentence names this
 * design's services, commands, events or verdicts; a section says what is missing rather than
 * filling in what a generic design would have.
 */
export function offlineGuidance(input: GuidanceInput): Guidance {
  const { design, process } = input;
  const recommendation = recommendPattern(answersOf(design, process), process.pattern, input.thresholds);
  return {
    scenarioSummary: scenarioSummary(input),
    recommendedPattern: {
      pattern: recommendation.pattern,
      fitsDeclared: recommendation.fitsDeclared,
      reasons: recommendation.change
        ? [...recommendation.reasons, recommendation.change]
        : [...recommendation.reasons, `The declared ${PATTERN_NAMES[process.pattern]} fits.`],
    },
    implementationApproach: implementationApproach(input),
    keyComponents: orMissing(keyComponents(input), {
      name: `${process.name} (no components yet)`,
      responsibility: `${code(process.name)} names no coordinator and no service that handles its commands: declare a coordinator and each command's handledBy.`,
    }),
    errorHandlingStrategy: orMissing(
      errorHandling(input),
      `${code(process.name)} says nothing yet about failure: no retry policy, failure event, compensation or timeout applies to it. Decide per step what is retried, what fails for good and what undoes it.`,
    ),
    integrationPoints: orMissing(
      integrationPoints(input),
      `${code(process.name)} sends no declared command and waits for no declared event yet, so nothing connects it to the \`command.Bus\` or an \`event.Stream\`: declare its commands (with handledBy) and events (with producedBy).`,
    ),
  };
}

/** A section never stays empty: it says what the design does not say yet. */
function orMissing<T>(items: readonly T[], missing: T): readonly T[] {
  return items.length > 0 ? items : [missing];
}

function handlerOf(design: Design, command: string): string | undefined {
  return design.commands.get(command)?.handledBy?.name;
}

function serviceLabel(design: Design, name: string): string {
  const ctx = contextOf(design, design.services.get(name));
  return ctx ? `${code(name)} (${ctx})` : code(name);
}

/** The commands a process sends, in order, without repeats. */
function sentCommands(design: Design, process: Process): string[] {
  return unique((relationsOf(design).sends.get(process.name) ?? []).map((s) => s.command));
}

function scenarioSummary({ design, process, findings, simulation }: GuidanceInput): string {
  const participants = [...(relationsOf(design).participants.get(process.name) ?? [])];
  const contexts = unique(participants.map((s) => contextOf(design, design.services.get(s))).filter((c): c is string => !!c));
  const start = process.startedBy.map((s) => code(s.name));
  const parts: string[] = [];
  const kind = PATTERN_NAMES[process.pattern];
  const coordinator = process.coordinator
    ? `, coordinated by ${serviceLabel(design, process.coordinator.name)}`
    : ', with no coordinator: each service reacts to the events before it';
  parts.push(
    `${code(process.name)} is a ${kind} in ${code(design.name)}${start.length > 0 ? ` started by ${start.join(' or ')}` : process.schedule ? ` started on schedule ${code(process.schedule)}` : ''}${coordinator}.`,
  );
  if (participants.length > 0) {
    parts.push(
      `${plural(participants.length, 'service')}${contexts.length > 0 ? ` in ${plural(contexts.length, 'context')}` : ''} take${participants.length === 1 ? 's' : ''} part: ${participants.map((s) => serviceLabel(design, s)).join(', ')}.`,
    );
  }
  const compensating = relationsOf(design).compensatingCommands;
  const sent = sentCommands(design, process).filter((c) => !compensating.has(c));
  const undo = sentCommands(design, process).filter((c) => compensating.has(c));
  if (process.pattern === 'saga')
    parts.push(
      `It runs ${plural(process.steps.length, 'step')} in order: ${process.steps.map((s) => `${code(s.name)}${s.declaredKind === 'pivot' ? ' (pivot)' : ''}`).join(' → ')}.`,
    );
  else if (process.pattern === 'process-manager') {
    const terminal = [...process.states.values()].filter((s) => s.terminal);
    parts.push(
      `Its state machine has ${plural(process.states.size, 'state')} from ${process.initial ? code(process.initial.name) : 'no declared initial state'}${terminal.length > 0 ? ` to ${terminal.map((s) => `${code(s.name)} (${s.terminal})`).join(', ')}` : ''}.`,
    );
  } else parts.push(`It is made of ${plural(process.reactions.length, 'reaction')} of the services to each other's events.`);
  if (sent.length > 0) {
    // "to undo them" only when they undo all it sends; else what each undoes.
    const undone = unique([...design.compensations].filter(([, c]) => c.command !== undefined && undo.includes(c.command.name)).map(([command]) => command));
    const all = sent.every((c) => undone.includes(c));
    parts.push(
      `It sends ${codeList(sent)}${undo.length > 0 ? `, and ${codeList(undo)} to undo ${all ? (sent.length === 1 ? 'it' : 'them') : undone.length > 0 ? codeList(undone) : 'what the others did'}` : ''}.`,
    );
  }
  const ends = [
    process.completesWith && `completes with ${code(process.completesWith.name)}`,
    process.failsWith && `fails with ${code(process.failsWith.name)}`,
  ].filter(Boolean);
  if (ends.length > 0) parts.push(`It ${ends.join(' and ')}.`);
  const bounds = [
    process.correlationKey && `messages are correlated by ${code(process.correlationKey)}`,
    process.timeout && `the whole process is bounded by ${process.timeout}`,
  ].filter(Boolean);
  if (bounds.length > 0) parts.push(`${capitalise(bounds.join('; '))}.`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const inconsistent = simulation.traces.filter((t) => !isConsistent(t)).length;
  const counts = [
    errors > 0 && plural(errors, 'error'),
    warnings > 0 && plural(warnings, 'warning'),
    findings.length - errors - warnings > 0 && plural(findings.length - errors - warnings, 'note'),
  ].filter((c): c is string => !!c);
  const review =
    findings.length === 0
      ? 'The review finds nothing to change'
      : `The review finds ${counts.length > 1 ? `${counts.slice(0, -1).join(', ')} and ${counts[counts.length - 1]}` : counts[0]} that ${findings.length === 1 ? 'concerns' : 'concern'} it (each below, where it belongs)`;
  const sim =
    simulation.traces.length === 0
      ? 'the simulation finds no point where it can fail for good'
      : inconsistent === 0
        ? `failing it at each of its ${plural(simulation.traces.length, 'failure point')} leaves nothing inconsistent`
        : `failing it at its ${plural(simulation.traces.length, 'failure point')} leaves ${inconsistent} inconsistent`;
  parts.push(`${review}; ${sim}.`);
  return parts.join(' ');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function actionText(a: Action | undefined): string[] {
  if (!a) return [];
  const out: string[] = [];
  if (a.send.length > 0) out.push(`send ${codeList(a.send.map((c) => c.name))}${a.forEach ? ` for each of ${code(a.forEach)}` : ''}`);
  if (a.publish.length > 0) out.push(`publish ${codeList(a.publish.map((e) => e.name))}`);
  return out;
}

function stepText(design: Design, step: Step): string {
  const commands = step.commands.map((c) => c.name);
  const handlers = unique(commands.map((c) => handlerOf(design, c)).filter((h): h is string => !!h));
  const what: string[] = [];
  what.push(
    `send ${codeList(commands)}${step.forEach ? ` for each ${code(step.as ?? 'element')} of ${code(step.forEach)}` : ''}${handlers.length > 0 ? ` to ${codeList(handlers)}` : ''}`,
  );
  if (step.condition) what.push(`only if ${step.condition}`);
  const wait = [step.onSuccess && code(step.onSuccess.name), ...step.onFailure.map((e) => code(e.name))].filter(Boolean);
  if (wait.length > 0) what.push(`wait for ${wait.join(' or ')}${step.timeout ? ` within ${step.timeout}` : ''}`);
  const comps = stepCompensations(design, step);
  if (isReadOnlyStep(design, step)) what.push('nothing to undo: it only reads');
  else if (undoesNothing(design, step))
    what.push('nothing to undo: its side effect needs none (compensation: none), so a failure after it runs no compensation for it');
  else if (step.declaredKind === 'pivot') what.push('the pivot: once it succeeds the saga must complete');
  else if (step.declaredKind === 'retriable') what.push('retriable: retried until it succeeds, never undone');
  else if (comps.length > 0) what.push(`undone by ${codeList(comps.map((c) => c.command?.name ?? c.event?.name ?? '?'))}`);
  else if (step.coveredBy) what.push(`undone with ${code(step.coveredBy.name)}`);
  return `${code(step.name)}: ${what.join('; ')}.`;
}

function implementationApproach({ design, process, file }: GuidanceInput): string[] {
  const out: string[] = [];
  const coordinator = process.coordinator?.name;
  const key = process.correlationKey;
  if (process.pattern === 'saga') {
    out.push(
      `Write ${code(process.name)} in ${coordinator ? code(coordinator) : 'its coordinator'} as a stateless saga: it reacts to ${process.startedBy.length > 0 ? codeList(process.startedBy.map((s) => s.name)) : 'its start'} and then to each reply with the next command (event → command → event), and holds no business rules of its own.`,
    );
    for (const step of process.steps) out.push(stepText(design, step));
  } else if (process.pattern === 'process-manager') {
    out.push(
      `Model ${code(process.name)} as a state machine in ${coordinator ? code(coordinator) : 'its coordinator'}, stored per process${key ? ` under ${code(key)}` : ''}; each incoming event is handled in one local transaction that records the new state and the commands to send.`,
    );
    for (const state of process.states.values()) {
      if (state.terminal) continue;
      const parts = actionText(state.onEntry).map((a) => `on entry ${a}`);
      for (const h of state.on) {
        for (const t of h.alternatives) {
          const then = [t.goto ? `go to ${code(t.goto.name)}` : 'stay', ...actionText(t)].join(', ');
          parts.push(`on ${code(h.message.name)}${t.condition ? ` if ${t.condition}` : ''} ${then}`);
        }
      }
      if (state.timeout)
        parts.push(
          `after ${state.timeout.after} ${[state.timeout.goto ? `go to ${code(state.timeout.goto.name)}` : 'stay', ...actionText(state.timeout)].join(', ')}`,
        );
      out.push(`${code(state.name)}: ${parts.join('; ') || 'no way out yet'}.`);
    }
    const terminals = [...process.states.values()].filter((s) => s.terminal);
    if (terminals.length > 0)
      out.push(
        `End in ${terminals.map((s) => `${code(s.name)} (${s.terminal})`).join(' or ')}; a finished process keeps its stream for audit but accepts no more messages.`,
      );
  } else {
    const reacting = unique(process.reactions.map((r) => r.service.name));
    out.push(
      `No coordinator: ${codeList(reacting)} each subscribe to the events they react to and handle each one in a local transaction of their own, recording the events they emit in that same transaction.`,
    );
    for (const r of process.reactions) {
      const emits = r.emits.filter((e) => !r.onFailure.includes(e));
      const failed =
        r.onFailure.length > 0 ? `${r.onFailure.map((e) => code(e.name)).join(' or ')} when it did not take effect (nothing to undo then)` : undefined;
      const emitted = emits.length > 0 ? `emit ${emits.map((e) => code(e.name)).join(' or ')}${failed ? `, or ${failed}` : ''}` : failed && `emit ${failed}`;
      const does = [r.command ? `run ${code(r.command.name)}` : undefined, emitted].filter(Boolean).join(' and ');
      out.push(
        `${code(r.service.name)} on ${code(r.when.name)}${r.condition ? ` (only if ${r.condition})` : ''}: ${does || 'reacts without a command or event'}.`,
      );
    }
  }
  const compensated = unique(sentCommands(design, process).filter((c) => design.compensations.has(c)));
  if (compensated.length > 0) {
    const pairs = compensated.map((c) => {
      const comp = design.compensations.get(c);
      return `${code(c)} ↔ ${comp?.command ? code(comp.command.name) : comp?.event ? `publish ${code(comp.event.name)}` : '?'}`;
    });
    out.push(
      `Register the compensations next to the commands they undo: ${pairs.join(', ')}${process.pattern === 'saga' ? `, run ${process.compensationOrder === 'parallel' ? 'all at once' : 'in reverse order'}` : ''}.`,
    );
  }
  out.push(
    key
      ? `Carry ${code(key)} on every command and event of the process, and use it as the idempotency and correlation key.`
      : `Choose a correlation key (the id every message of one run shares) and carry it on every command and event; the design names none yet.`,
  );
  out.push(
    `Rehearse the failures before writing code: \`eda-advisor simulate ${file} --process ${process.name}\` fails the process at each failure point and shows what is undone.`,
  );
  return out;
}

function retryDetail(design: Design, policy: string): string {
  const p = design.infrastructure.retryPolicies.get(policy);
  if (!p) return '';
  const attempts = p.maxAttempts === 'unlimited' ? 'unlimited attempts' : p.maxAttempts !== undefined ? plural(p.maxAttempts, 'attempt') : undefined;
  return [attempts, p.backoff && `${p.backoff} backoff`].filter(Boolean).join(', ');
}

function retryText(design: Design, policy: string): string {
  const detail = retryDetail(design, policy);
  return `${code(policy)}${detail ? ` (${detail})` : ''}`;
}

function publishingText(s: Service): string {
  switch (s.publishing) {
    case 'event-store':
      return 'appends its events to the event store';
    case 'outbox':
      return 'publishes through an outbox';
    case 'direct':
      // Without state of its own there is no second write: direct publishing is no dual write then.
      return s.persistence === 'none'
        ? 'publishes directly to the broker (it keeps no state, so there is no second write)'
        : 'publishes directly to the broker (a dual write)';
    case 'none':
      return 'publishes nothing';
    default:
      return 'publishing not declared';
  }
}

function keyComponents({ design, process }: GuidanceInput): Guidance['keyComponents'] {
  const out: { name: string; responsibility: string }[] = [];
  const r = relationsOf(design);
  const coordinator = process.coordinator?.name;
  if (coordinator) {
    const sent = sentCommands(design, process);
    const awaited = unique((r.awaits.get(process.name) ?? []).map((c) => c.event));
    const others = (r.coordinated.get(coordinator) ?? []).filter((p) => p.name !== process.name);
    out.push({
      name: `${coordinator} (coordinator)`,
      responsibility: `Runs ${code(process.name)}${process.pattern === 'process-manager' ? ` as a state machine of ${plural(process.states.size, 'state')}` : ''}: waits for ${plural(awaited.length, 'event')} and sends ${plural(sent.length, 'command')}; owns the outcome, not the business rules${others.length > 0 ? `; it also coordinates ${codeList(others.map((p) => p.name))}` : ''}.`,
    });
  }
  const handled = new Map<string, string[]>();
  for (const c of sentCommands(design, process)) {
    const h = handlerOf(design, c);
    if (h) handled.set(h, [...(handled.get(h) ?? []), c]);
  }
  for (const c of sentCommands(design, process)) {
    const comp = design.compensations.get(c)?.command?.name;
    const h = comp && handlerOf(design, comp);
    if (h && comp && !handled.get(h)?.includes(comp)) handled.set(h, [...(handled.get(h) ?? []), comp]);
  }
  for (const s of r.participants.get(process.name) ?? []) {
    const service = design.services.get(s);
    if (!service) continue;
    const commands = handled.get(s) ?? [];
    const reacts = process.reactions.filter((x) => x.service.name === s).map((x) => x.when.name);
    const role =
      commands.length > 0
        ? `handles ${codeList(commands)}, each in one local transaction`
        : reacts.length > 0
          ? `reacts to ${codeList(unique(reacts))}`
          : 'coordinates only';
    if (s === coordinator && commands.length === 0) continue;
    out.push({
      name: `${s}${service.context ? ` (${service.context.name})` : ''}`,
      responsibility: `${capitalise(role)}; ${service.persistence === 'none' ? 'no state of its own' : service.persistence}, ${publishingText(service)}${service.consumers?.idempotent ? ', idempotent consumer' : ''}.`,
    });
  }
  const infra = design.infrastructure;
  const participants = [...(r.participants.get(process.name) ?? [])].map((s) => design.services.get(s)).filter((s): s is Service => !!s);
  const outboxes = participants.filter((s) => s.publishing === 'outbox').map((s) => s.name);
  if (outboxes.length > 0)
    out.push({
      name: 'Outbox',
      responsibility: `Stores outgoing messages of ${codeList(outboxes)} in the same transaction as their state; a relay hands them to the broker, so a crash loses nothing.`,
    });
  const stores = participants.filter((s) => s.publishing === 'event-store').map((s) => s.name);
  if (stores.length > 0 || infra.eventStore) {
    out.push({
      name: `Event store${infra.eventStore ? ` (${infra.eventStore})` : ''}`,
      responsibility: `Holds the streams${stores.length > 0 ? ` of ${codeList(stores)}` : ''}: the events are the state, so saving and publishing are one write.`,
    });
  }
  if (infra.messaging) {
    const m = infra.messaging;
    out.push({
      name: `Message bus${m.broker ? ` (${m.broker})` : ''}`,
      responsibility: `Carries the ${plural(sentCommands(design, process).length, 'command')} and the replies of ${code(process.name)} between ${plural(participants.length, 'service')}${[m.durable === true && 'durably', m.delivery && `with ${m.delivery} delivery`].filter(Boolean).length > 0 ? `, ${[m.durable === true && 'durably', m.delivery && `with ${m.delivery} delivery`].filter(Boolean).join(' and ')}` : ''}.`,
    });
  }
  const policies = new Map<string, string[]>();
  for (const [command, policy] of retriesOf(design, process)) if (policy) policies.set(policy, [...(policies.get(policy) ?? []), command]);
  for (const [policy, commands] of policies)
    out.push({
      name: `Retry policy ${code(policy)}`,
      responsibility: `Retries ${codeList(commands, 5)} on transient errors${retryDetail(design, policy) ? `: ${retryDetail(design, policy)}` : ''}.`,
    });
  if (infra.deadLetter)
    out.push({
      name: `Dead-letter queue ${code(infra.deadLetter.queue)}`,
      responsibility: `Takes a message of ${code(process.name)} off the line after ${infra.deadLetter.maxDeliveries ? plural(infra.deadLetter.maxDeliveries, 'failed delivery', 'failed deliveries') : 'its failed deliveries'}, so one poison message cannot block the others; someone must watch it and replay or discard.`,
    });
  if (infra.observability) {
    const o = infra.observability;
    const what = [o.tracing && `traces (${o.tracing})`, o.correlation && 'correlation ids', o.metrics && 'metrics'].filter(Boolean) as string[];
    if (what.length > 0)
      out.push({ name: 'Observability', responsibility: `Follows one run of ${code(process.name)} across the services with ${what.join(', ')}.` });
  }
  return out;
}

/**
 * The retry policy of each command a process sends and of each compensation of those, decided once
 * per command: a compensation's own retry when the command is one, else the step's, the command's,
 * its handler's or the design's default. Each command under one policy, in the order they are sent.
 */
function retriesOf(design: Design, process: Process): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const compensationOf = (command: string) => [...design.compensations.values()].find((x) => x.command?.name === command);
  const add = (command: string) => {
    if (out.has(command)) return;
    const step = process.steps.find((s) => s.commands.some((x) => x.name === command));
    out.set(command, retryFor(design, command, compensationOf(command)?.retry ?? step?.retry)?.policy);
  };
  for (const c of sentCommands(design, process)) add(c);
  for (const c of sentCommands(design, process)) {
    const comp = design.compensations.get(c)?.command;
    if (comp) add(comp.name);
  }
  return out;
}

function errorHandling({ design, process, simulation }: GuidanceInput): string[] {
  const out: string[] = [];
  const transient = new Map<string, string[]>();
  const noPolicy: string[] = [];
  for (const [command, policy] of retriesOf(design, process)) {
    if (policy) transient.set(policy, [...(transient.get(policy) ?? []), command]);
    else noPolicy.push(command);
  }
  if (transient.size > 0)
    out.push(
      `Transient errors are retried before anything counts as failed: ${[...transient].map(([p, cs]) => `${codeList(cs, 5)} by ${retryText(design, p)}`).join('; ')}.`,
    );
  if (noPolicy.length > 0) out.push(`No retry policy applies to ${codeList(unique(noPolicy))}: one lost connection fails the process for good.`);
  if (process.pattern === 'saga') {
    const pivot = pivotIndex(process);
    if (pivot !== undefined) {
      const after = process.steps.slice(pivot + 1).map((s) => s.name);
      out.push(
        `${code(process.steps[pivot]?.name ?? '')} is the pivot: every step before it can be undone; ${after.length === 0 ? 'it is the last step' : after.length === 1 ? `${codeList(after)} after it only retries until it succeeds` : `${codeList(after)} after it only retry until they succeed`}.`,
      );
    } else if (process.steps.length > 1)
      out.push(`No step is marked as the pivot: name the step after which the saga cannot turn back (kind: pivot), so that everything after it only retries.`);
  }
  for (const t of simulation.traces) {
    const comps = t.compensations.map((c) => `${code(c.run)} (undoes ${code(c.undoes)})`);
    const none =
      t.nothingToUndo.length > 0 ? `${codeList(t.nothingToUndo.map((x) => x.command))} need${t.nothingToUndo.length === 1 ? 's' : ''} no undo` : undefined;
    const then = [
      comps.length > 0
        ? `run ${comps.join(process.compensationOrder === 'parallel' && process.pattern === 'saga' ? ' and ' : ', then ')}`
        : t.ran.length > 0
          ? none
            ? undefined
            : 'nothing is undone'
          : 'nothing had taken effect',
      none,
      t.outcome && `end with ${t.outcome}`,
    ]
      .filter(Boolean)
      .join('; ');
    const verdict = isConsistent(t) ? 'consistent' : `left inconsistent: ${t.problems.map((p) => p.message).join(' ')}`;
    out.push(`When ${t.point.label.replace(/^step '([^']*)' fails$/, "step '$1' fails for good")}: ${then} — ${verdict}.`);
  }
  const waits =
    process.pattern === 'saga'
      ? process.steps.filter((s) => s.timeout).map((s) => `${code(s.name)} ${s.timeout}`)
      : [...process.states.values()].filter((s) => s.timeout).map((s) => `${code(s.name)} ${s.timeout?.after}`);
  if (waits.length > 0 || process.timeout)
    out.push(
      `Waits are bounded${waits.length > 0 ? `: ${waits.join(', ')}` : ''}${process.timeout ? `${waits.length > 0 ? '; ' : ': '}${code(process.name)} as a whole after ${process.timeout}` : ''}. A timeout is a failure like any other and runs the same compensations.`,
    );
  const m = design.infrastructure.messaging;
  if (m?.delivery === 'at-least-once') {
    const participants = [...(relationsOf(design).participants.get(process.name) ?? [])];
    const idem = participants.filter((s) => design.services.get(s)?.consumers?.idempotent);
    out.push(
      `Delivery is at-least-once, so every handler sees some messages twice: ${idem.length === participants.length ? `${codeList(participants)} all de-duplicate (idempotent consumers)` : `${codeList(participants.filter((s) => !idem.includes(s)))} must de-duplicate, by an idempotency key or the message id`}.`,
    );
  }
  const dl = design.infrastructure.deadLetter;
  if (dl)
    out.push(
      `Unprocessable messages go to ${code(dl.queue)}${dl.maxDeliveries ? ` after ${plural(dl.maxDeliveries, 'delivery', 'deliveries')}` : ''}; catch every exception in a handler (Pokémon handling), publish a failure event for the process, and let the dead-letter queue hold what cannot be handled at all.`,
    );
  return out;
}

function integrationPoints({ design, process }: GuidanceInput): string[] {
  const out: string[] = [];
  const sent = sentCommands(design, process);
  const byHandler = new Map<string, string[]>();
  for (const c of sent) {
    const h = handlerOf(design, c) ?? '(no handler)';
    byHandler.set(h, [...(byHandler.get(h) ?? []), c]);
  }
  if (sent.length > 0) {
    out.push(
      `${process.coordinator ? `${code(process.coordinator.name)} dispatches` : 'Each reacting service dispatches'} ${codeList(sent)} on the \`command.Bus\`; each is routed to one \`command.Handler\`: ${[...byHandler].map(([h, cs]) => `${code(h)} for ${codeList(cs)}`).join('; ')}.`,
    );
  }
  const participants = [...(relationsOf(design).participants.get(process.name) ?? [])].map((s) => design.services.get(s)).filter((s): s is Service => !!s);
  const sourced = participants.filter((s) => s.persistence === 'event-sourced').map((s) => s.name);
  const stored = participants.filter((s) => s.persistence !== 'event-sourced' && s.publishing === 'outbox').map((s) => s.name);
  const key = process.correlationKey ?? 'id';
  if (sourced.length > 0)
    out.push(
      `${codeList(sourced)} ${sourced.length === 1 ? 'is' : 'are'} event-sourced: ${sourced.length === 1 ? 'its' : 'their'} events are appended to \`event.Stream\`s per aggregate (for example ${code(`${sourced[0]}-{${key}}`)}), which subscribers read in order.`,
    );
  if (stored.length > 0)
    out.push(
      `${codeList(stored)} keep${stored.length === 1 ? 's' : ''} state in tables; the outbox relay appends ${stored.length === 1 ? 'its' : 'their'} events to the stream after the transaction commits.`,
    );
  if (process.coordinator)
    out.push(
      `The coordinator subscribes to the replies and keeps the process ${process.pattern === 'process-manager' ? 'state' : 'position'} in its own stream, ${code(`${process.name}-{${key}}`)}, so a restart resumes where it stopped.`,
    );
  const events = unique([
    ...(relationsOf(design).awaits.get(process.name) ?? []).map((c) => c.event),
    ...process.reactions.flatMap((r) => r.emits.map((e) => e.name)),
    ...[process.completesWith?.name, process.failsWith?.name].filter((e): e is string => !!e),
  ]).filter((e) => design.events.has(e));
  const external = events.filter((e) => design.events.get(e)?.visibility === 'external');
  const internal = events.filter((e) => design.events.get(e)?.visibility === 'internal');
  if (external.length > 0) {
    out.push(
      `External events are published contracts, versioned and kept stable: ${external.map((e) => `${code(e)}${design.events.get(e)?.version !== undefined ? ` v${design.events.get(e)?.version}` : ''}`).join(', ')}.`,
    );
  }
  if (internal.length > 0) {
    const replies = internal.filter((e) => isReply(design.events.get(e)));
    const crossing = internal.filter((e) => !isReply(design.events.get(e)) && crossesContexts(design, e));
    const own = internal.filter((e) => !isReply(design.events.get(e)) && !crossing.includes(e));
    const parts: string[] = [];
    if (own.length > 0) parts.push(`${codeList(own)} stay${own.length === 1 ? 's' : ''} inside ${own.length === 1 ? 'its' : 'their'} context`);
    if (crossing.length > 0) parts.push(`${codeList(crossing)} ${crossing.length === 1 ? 'is' : 'are'} internal but read from another context`);
    if (replies.length > 0) parts.push(`${codeList(replies)} ${replies.length === 1 ? 'is a reply' : 'are replies'} to the coordinator's commands`);
    out.push(
      `Internal events: ${parts.join('; ')}. Another context that needs one gets an external event enriched at the boundary (translated, with the context it needs), never the internal one.`,
    );
  }
  const calls = participants.flatMap((s) =>
    s.calls.filter((c) => participants.some((p) => p.name === c.service.name)).map((c) => `${code(s.name)} → ${code(c.service.name)}`),
  );
  if (calls.length > 0)
    out.push(
      `Synchronous calls between participants (${calls.join(', ')}) tie their availability together: replace each with a command on the bus or an event the caller already holds.`,
    );
  if (design.infrastructure.messaging?.broker)
    out.push(
      `Broker: ${design.infrastructure.messaging.broker}; subscriptions are per service, partitioned by ${code(key)} so the messages of one run stay in order.`,
    );
  return out;
}

/** Whether an event is consumed by a service of another context than its producer's. */
function crossesContexts(design: Design, event: string): boolean {
  const producer = design.events.get(event)?.producedBy?.name;
  const home = contextOf(design, producer ? design.services.get(producer) : undefined);
  return (relationsOf(design).consumers.get(event) ?? []).some((c) => contextOf(design, design.services.get(c.service)) !== home);
}

/** Which section of the guidance a rule's finding belongs to: where the reader will act on it. */
export const SECTION_OF_RULE: Readonly<Record<string, SectionId>> = Object.fromEntries(Object.values(RULES_META).map((m) => [m.id, m.guidance]));

/** What a process touches: the services taking part, the commands it sends and their compensations, the events it waits for or ends with. */
export function scopeOf(design: Design, process: Process): { participants: ReadonlySet<string>; commands: Set<string>; events: Set<string> } {
  const r = relationsOf(design);
  const commands = new Set(sentCommands(design, process));
  for (const c of [...commands]) {
    const comp = design.compensations.get(c)?.command?.name;
    if (comp) commands.add(comp);
  }
  const events = new Set([
    ...(r.awaits.get(process.name) ?? []).map((c) => c.event),
    ...process.startedBy.map((s) => s.name),
    ...process.reactions.flatMap((x) => x.emits.map((e) => e.name)),
    ...[process.completesWith?.name, process.failsWith?.name].filter((e): e is string => !!e),
  ]);
  return { participants: r.participants.get(process.name) ?? new Set<string>(), commands, events };
}

/**
 * The findings that concern a process: on the process itself, on a service taking part, a command
 * it sends (or its compensation), an event it waits for or emits, and the design-wide ones
 * (infrastructure, the document).
 */
export function findingsOfProcess(design: Design, process: Process, findings: readonly Finding[]): Finding[] {
  const { participants, commands, events } = scopeOf(design, process);
  for (const s of participants)
    for (const e of design.events.values()) if (e.producedBy?.name === s && !events.has(e.name) && e.consumedBy.length === 0) events.add(e.name);
  const others = new Set([...design.processes.keys()].filter((n) => n !== process.name));
  return findings.filter((f) => {
    if (f.file !== design.file && f.path.length === 0) return true;
    const [section, name] = f.path;
    switch (section) {
      case 'processes':
        return name === process.name || (typeof name === 'string' && !others.has(name));
      case 'services':
        return typeof name === 'string' && participants.has(name);
      case 'commands':
      case 'compensations':
        return typeof name === 'string' && commands.has(name);
      case 'events':
        return typeof name === 'string' && events.has(name);
      default:
        return true;
    }
  });
}

/** Places each finding in the section where it belongs. */
export function findingsBySection(findings: readonly Finding[]): Partial<Record<SectionId, Finding[]>> {
  const out: Partial<Record<SectionId, Finding[]>> = {};
  for (const f of findings) {
    const s = SECTION_OF_RULE[f.ruleId] ?? 'implementationApproach';
    (out[s] ??= []).push(f);
  }
  return out;
}
