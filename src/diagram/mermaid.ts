import type { Finding } from '../findings.js';
import { contextOf, isReply, relationsOf } from '../model/graph.js';
import type { Design, Process } from '../model/types.js';
import { canFailPermanently } from '../sim/saga.js';
import type { ProcessSimulation } from '../sim/trace.js';

export type DiagramKind = 'sequence' | 'state' | 'flow' | 'context-map';

/** The diagram that fits a pattern: a saga's sequence, a process manager's states, a choreography's flow. */
export const KIND_OF_PATTERN = { saga: 'sequence', 'process-manager': 'state', choreography: 'flow' } as const;

/**
 * Mermaid's entity codes for the characters that end or change a label: a name keeps its quotes,
 * hashes and brackets on the rendered diagram, as Mermaid decodes `#quot;`, `#35;` and the like
 * when it draws (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  '"': '#quot;',
  '`': '#96;',
  ';': '#59;',
  '<': '#lt;',
  '>': '#gt;',
  '{': '#123;',
  '}': '#125;',
  '[': '#91;',
  ']': '#93;',
  '|': '#124;',
};

/** Text safe inside a Mermaid label: one line, at most `max` characters, special characters as entity codes. */
export function label(text: string, max = 90): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const cut = t.length > max ? `${t.slice(0, max - 1)}…` : t;
  return cut.replace(/[#"`;<>{}[\]|]/g, (c) => ENTITIES[c] ?? c);
}

/** A state diagram's transition label, which ends at a colon too. */
function transitionLabel(text: string): string {
  return label(text).replace(/:/g, '#58;');
}

/** An identifier Mermaid accepts for any name: letters, digits and underscores, never a keyword. */
function idOf(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9_]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

function warn(f: Finding): string {
  return label(`⚠ ${f.ruleId}: ${f.message}`, 110);
}

/** The index of the step, state or reaction a finding's path names, if any. */
function stepOf(f: Finding, process: Process, key: 'steps' | 'reactions'): number | undefined {
  const [section, name, part, index] = f.path;
  return section === 'processes' && name === process.name && part === key && typeof index === 'number' ? index : undefined;
}

/**
 * A saga as a sequence diagram: each step's command and reply, and after each step that can fail
 * for good an alt block with the failure, the compensations the simulation runs, in order, and the
 * outcome. Findings, when given, are notes at the step they concern.
 */
export function sequenceDiagram(design: Design, process: Process, simulation: ProcessSimulation, findings?: readonly Finding[]): string {
  const lines = ['sequenceDiagram', `  %% ${label(process.name)}: saga of ${label(design.name)}`];
  const coordinator = process.coordinator?.name ?? process.name;
  const participants: string[] = [coordinator];
  const handler = (command: string) => design.commands.get(command)?.handledBy?.name ?? `${command} handler`;
  for (const s of process.steps) for (const c of s.commands) if (!participants.includes(handler(c.name))) participants.push(handler(c.name));
  for (const t of simulation.traces)
    for (const c of t.compensations) if (design.commands.has(c.run) && !participants.includes(handler(c.run))) participants.push(handler(c.run));
  const pid = new Map(participants.map((p, i) => [p, `p${i}`]));
  const id = (p: string) => pid.get(p) ?? 'p0';
  for (const p of participants) lines.push(`  participant ${id(p)} as ${label(p)}${p === coordinator ? ' (coordinator)' : ''}`);
  const c = id(coordinator);
  const start = process.startedBy.map((s) => s.name).join(' or ');
  if (start) lines.push(`  Note over ${c}: started by ${label(start)}`);
  const general = (findings ?? []).filter((f) => stepOf(f, process, 'steps') === undefined);
  for (const f of general) lines.push(`  Note over ${c}: ${warn(f)}`);
  process.steps.forEach((step, i) => {
    const indent = step.forEach ? '    ' : '  ';
    if (step.forEach) lines.push(`  loop for each ${label(step.as ?? 'element')} of ${label(step.forEach)}`);
    if (step.condition) lines.push(`${indent}Note over ${c}: ${label(`${step.name} only if ${step.condition}`)}`);
    for (const cmd of step.commands) lines.push(`${indent}${c}->>${id(handler(cmd.name))}: ${label(cmd.name)}`);
    const replier = id(handler(step.commands[0]?.name ?? ''));
    const trace = simulation.traces.find((t) => t.point.kind === 'step' && t.point.id === step.name);
    if (trace && canFailPermanently(process, step)) {
      lines.push(`${indent}alt ${label(step.onSuccess?.name ?? `${step.name} succeeds`)}`);
      if (step.onSuccess) lines.push(`${indent}  ${replier}-->>${c}: ${label(step.onSuccess.name)}`);
      lines.push(`${indent}else ${label(step.onFailure.map((e) => e.name).join(' or ') || `${step.name} fails for good`)}`);
      for (const e of step.onFailure.slice(0, 1)) lines.push(`${indent}  ${replier}-->>${c}: ${label(e.name)}`);
      const parallel = process.compensationOrder === 'parallel' && trace.compensations.length > 1;
      if (parallel) lines.push(`${indent}  par compensations at once`);
      trace.compensations.forEach((comp, k) => {
        if (parallel && k > 0) lines.push(`${indent}  and`);
        const to = design.commands.has(comp.run) ? id(handler(comp.run)) : c;
        lines.push(`${indent}${parallel ? '    ' : '  '}${c}->>${to}: ${label(`${comp.run} (undoes ${comp.undoes})`)}`);
      });
      if (parallel) lines.push(`${indent}  end`);
      if (trace.nothingToUndo.length > 0)
        lines.push(`${indent}  Note over ${c}: ${label(`nothing to undo for ${trace.nothingToUndo.map((r) => r.command).join(', ')}`)}`);
      lines.push(`${indent}  Note over ${c}: ${label(trace.outcome ? `ends with ${trace.outcome}` : 'ends failed')}`);
      for (const p of trace.problems) lines.push(`${indent}  Note over ${c}: ${label(`✗ ${p.message}`)}`);
      lines.push(`${indent}end`);
    } else if (step.onSuccess) lines.push(`${indent}${replier}-->>${c}: ${label(step.onSuccess.name)}`);
    for (const f of (findings ?? []).filter((x) => stepOf(x, process, 'steps') === i))
      lines.push(`${indent}Note over ${replier === c ? c : `${c},${replier}`}: ${warn(f)}`);
    if (step.forEach) lines.push('  end');
  });
  if (process.completesWith) lines.push(`  Note over ${c}: completes with ${label(process.completesWith.name)}`);
  return `${lines.join('\n')}\n`;
}

/** A process manager as a state diagram: transitions by event (with guards), timeouts, terminal states. */
export function stateDiagram(design: Design, process: Process, findings?: readonly Finding[]): string {
  const lines = ['stateDiagram-v2', `  %% ${label(process.name)}: process manager of ${label(design.name)}`];
  const sid = (name: string) => idOf('s', name);
  for (const s of process.states.values()) lines.push(`  state "${label(s.name)}" as ${sid(s.name)}`);
  if (process.initial && process.states.has(process.initial.name)) lines.push(`  [*] --> ${sid(process.initial.name)}`);
  const acts = (a: { send: readonly { name: string }[]; publish: readonly { name: string }[] } | undefined) =>
    a ? [...a.send.map((x) => `send ${x.name}`), ...a.publish.map((x) => `publish ${x.name}`)].join(', ') : '';
  for (const s of process.states.values()) {
    for (const h of s.on) {
      for (const t of h.alternatives) {
        const to = t.goto && process.states.has(t.goto.name) ? t.goto.name : s.name;
        const extra = acts(t);
        lines.push(
          `  ${sid(s.name)} --> ${sid(to)}: ${transitionLabel(`${h.message.name}${t.condition ? ` if ${t.condition}` : ''}${extra ? ` / ${extra}` : ''}`)}`,
        );
      }
    }
    if (s.timeout) {
      const to = s.timeout.goto && process.states.has(s.timeout.goto.name) ? s.timeout.goto.name : s.name;
      const extra = acts(s.timeout);
      lines.push(`  ${sid(s.name)} --> ${sid(to)}: ${transitionLabel(`after ${s.timeout.after}${extra ? ` / ${extra}` : ''}`)}`);
    }
    if (s.terminal) lines.push(`  ${sid(s.name)} --> [*]`);
  }
  for (const s of process.states.values()) {
    const notes: string[] = [];
    const entry = acts(s.onEntry);
    if (entry) notes.push(`on entry ${entry}`);
    for (const f of findings ?? []) {
      const [section, name, part, state] = f.path;
      if (section === 'processes' && name === process.name && part === 'states' && state === s.name) notes.push(warn(f));
    }
    if (notes.length > 0) lines.push(`  note right of ${sid(s.name)}`, ...notes.map((n) => `    ${label(n, 110)}`), '  end note');
  }
  const general = (findings ?? []).filter(
    (f) =>
      !(f.path[0] === 'processes' && f.path[1] === process.name && f.path[2] === 'states' && typeof f.path[3] === 'string' && process.states.has(f.path[3])),
  );
  const first = process.initial?.name ?? [...process.states.keys()][0];
  if (general.length > 0 && first) lines.push(`  note left of ${sid(first)}`, ...general.map((f) => `    ${warn(f)}`), '  end note');
  const failures = [...process.states.values()].filter((s) => s.terminal === 'failure');
  if (failures.length > 0) lines.push('  classDef failure fill:#fde2e2,stroke:#c0392b', ...failures.map((s) => `  class ${sid(s.name)} failure`));
  return `${lines.join('\n')}\n`;
}

/** A choreography as a flowchart: events (rounded) lead to reactions (boxes) that emit events. */
export function flowDiagram(design: Design, process: Process, findings?: readonly Finding[]): string {
  const lines = ['flowchart LR', `  %% ${label(process.name)}: choreography of ${label(design.name)}`];
  const events = new Set<string>();
  const eid = (name: string) => idOf('e', name);
  const node = (name: string) => {
    if (!events.has(name)) {
      events.add(name);
      lines.push(`  ${eid(name)}(["${label(name)}"])`);
    }
    return eid(name);
  };
  process.reactions.forEach((r, i) => {
    const from = node(r.when.name);
    lines.push(`  r${i}["${label(`${r.service.name}${r.command ? `: ${r.command.name}` : ''}`)}"]`);
    lines.push(`  ${from} -->${r.condition ? `|"${label(`if ${r.condition}`)}"|` : ''} r${i}`);
    // A reaction's onFailure (1.1) is a failure branch: drawn dashed, the command took no effect.
    for (const e of r.emits) lines.push(r.onFailure.includes(e) ? `  r${i} -.->|"${label('failed')}"| ${node(e.name)}` : `  r${i} --> ${node(e.name)}`);
  });
  let k = 0;
  for (const f of findings ?? []) {
    const i = stepOf(f, process, 'reactions');
    lines.push(`  f${k}[/"${warn(f)}"/]`);
    if (i !== undefined) lines.push(`  r${i} -.- f${k}`);
    k++;
  }
  const declared = new Set(process.reactions.flatMap((r) => r.onFailure.map((e) => e.name)));
  const failures = [...events].filter(
    (e) => process.failsWith?.name === e || declared.has(e) || /(Failed|Rejected|Declined|Cancelled|Canceled|Expired|TimedOut)$/.test(e),
  );
  if (failures.length > 0) lines.push('  classDef failure fill:#fde2e2,stroke:#c0392b', `  class ${failures.map(eid).join(',')} failure`);
  return `${lines.join('\n')}\n`;
}

/** Contexts with their services, and the events between services of different contexts. */
export function contextMap(design: Design, findings?: readonly Finding[]): string {
  const lines = ['flowchart LR', `  %% context map of ${label(design.name)}`];
  const byContext = new Map<string, string[]>();
  for (const s of design.services.values()) {
    const ctx = contextOf(design, s) || '';
    byContext.set(ctx, [...(byContext.get(ctx) ?? []), s.name]);
  }
  const sid = (name: string) => idOf('s', name);
  let n = 0;
  for (const [ctx, services] of byContext) {
    if (ctx) lines.push(`  subgraph c${n++} ["${label(ctx)}"]`);
    for (const s of services) lines.push(`${ctx ? '    ' : '  '}${sid(s)}["${label(s)}"]`);
    if (ctx) lines.push('  end');
  }
  const r = relationsOf(design);
  const edges = new Map<string, { from: string; to: string; events: string[]; internal: boolean }>();
  for (const [event, consumers] of r.consumers) {
    const e = design.events.get(event);
    const producer = e?.producedBy?.name;
    if (!e || !producer || !design.services.has(producer)) continue;
    const home = contextOf(design, design.services.get(producer));
    for (const c of consumers) {
      if (c.service === producer || !design.services.has(c.service)) continue;
      if (contextOf(design, design.services.get(c.service)) === home) continue;
      const internal = e.visibility === 'internal' && !isReply(e);
      const key = `${producer}→${c.service}→${internal}`;
      const edge = edges.get(key) ?? { from: producer, to: c.service, events: [], internal };
      if (!edge.events.includes(event)) edge.events.push(event);
      edges.set(key, edge);
    }
  }
  for (const e of edges.values()) {
    const text = label(e.events.length > 3 ? `${e.events.slice(0, 3).join(', ')} and ${e.events.length - 3} more` : e.events.join(', '));
    lines.push(e.internal ? `  ${sid(e.from)} -. "${text} (internal)" .-> ${sid(e.to)}` : `  ${sid(e.from)} -- "${text}" --> ${sid(e.to)}`);
  }
  // Synchronous calls: a thick arrow, the coupling a context map is drawn to show.
  for (const s of design.services.values()) {
    for (const c of s.calls) {
      if (!design.services.has(c.service.name) || c.service.name === s.name) continue;
      const how = [c.protocol ?? 'sync', c.timeout && `timeout ${c.timeout}`].filter(Boolean).join(', ');
      lines.push(`  ${sid(s.name)} == "${label(`calls (${how})`)}" ==> ${sid(c.service.name)}`);
    }
  }
  let k = 0;
  for (const f of findings ?? []) {
    const [section, name] = f.path;
    if (section !== 'services' || typeof name !== 'string' || !design.services.has(name)) continue;
    lines.push(`  f${k}[/"${warn(f)}"/]`, `  ${sid(name)} -.- f${k}`);
    k++;
  }
  return `${lines.join('\n')}\n`;
}
