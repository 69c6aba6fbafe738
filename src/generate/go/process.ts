import { elementName } from '../../sim/dataflow.js';
import type { Design, NameRef, Process } from '../../model/types.js';
import { comment, exported, KEY, quote } from './gosrc.js';
import { fieldsOf, type GoField, type GoPackage, type Layout } from './layout.js';

/** The messages a coordinator receives, with their kind. */
export interface Received {
  readonly kind: 'command' | 'event';
  readonly name: string;
}

/** What a process holds: the fields of the messages it receives, its correlation key, its data, its batches. */
export interface Held {
  readonly fields: ReadonlyMap<string, GoField>;
  readonly received: readonly Received[];
}

const kindOf = (design: Design, name: string): 'command' | 'event' | undefined =>
  design.events.has(name) ? 'event' : design.commands.has(name) ? 'command' : undefined;

export function heldBy(design: Design, process: Process, receivedNames: readonly string[], batches: readonly { forEach?: string; as?: string }[]): Held {
  const fields = new Map<string, GoField>();
  const hold = (f: GoField) => {
    if (!fields.has(f.name)) fields.set(f.name, f);
  };
  const received: Received[] = [];
  for (const name of [...process.startedBy.map((s) => s.name), ...receivedNames]) {
    const kind = kindOf(design, name);
    if (!kind || received.some((r) => r.name === name)) continue;
    received.push({ kind, name });
    for (const f of fieldsOf(kind === 'event' ? design.events.get(name) : design.commands.get(name))) hold(f);
  }
  const plain = (name: string): GoField => ({ name, goName: exported(name), type: 'string', optional: false, time: false });
  if (process.correlationKey) hold(plain(process.correlationKey));
  for (const d of process.data) hold(plain(d));
  for (const b of batches) {
    if (!b.forEach) continue;
    const known = fields.get(b.forEach);
    if (known && known.type.startsWith('[]')) continue;
    const element = known?.type ?? 'string';
    fields.set(b.forEach, { name: b.forEach, goName: exported(b.forEach), type: `[]${element}`, optional: false, time: known?.time ?? false });
  }
  return { fields, received };
}

/** `type State struct { … }`: the fields the process holds. */
export function stateStruct(held: Held, what: string): string[] {
  const lines = [`// State is what ${what} holds: the fields of the messages it receives, its correlation key and its data.`, 'type State struct {'];
  for (const f of held.fields.values()) lines.push(`\t${f.goName}\u000b${f.type}`);
  lines.push('}');
  return lines;
}

/** `func apply(s *State, m any)`: copies what a received message carries into the state (a field left empty stays as it was). */
export function applyFunc(design: Design, layout: Layout, held: Held, param: string): string[] {
  const lines = [
    '// apply copies into s the fields a received message carries (an empty field leaves the one held).',
    `func apply(s *State, m ${param}) {`,
    '\tswitch m := m.(type) {',
  ];
  let cases = 0;
  for (const r of held.received) {
    // A saga's apply takes events (a command that starts it fills the state where it is handled).
    if (r.kind === 'command' && param === 'event.Event') continue;
    const body: string[] = [];
    for (const f of fieldsOf(r.kind === 'event' ? design.events.get(r.name) : design.commands.get(r.name))) {
      const h = held.fields.get(f.name);
      if (!h || h.type !== f.type) continue;
      body.push(f.type.startsWith('[]') ? `\t\tkeepAll(&s.${h.goName}, m.${f.goName})` : `\t\tkeep(&s.${h.goName}, m.${f.goName})`);
    }
    if (body.length === 0) continue;
    cases++;
    lines.push(`\tcase ${layout.qualified(r.kind, r.name)}:`, ...body);
  }
  if (cases === 0) return [`// apply keeps nothing: the messages ${'received'} carry no field the process holds.`, `func apply(_ *State, _ ${param}) {}`];
  lines.push('\t}', '}');
  return lines;
}

export const KEEP_HELPERS = [
  [
    '// keep sets *dst to v unless v is the zero value.',
    'func keep[T comparable](dst *T, v T) {',
    '\tvar zero T',
    '\tif v != zero {',
    '\t\t*dst = v',
    '\t}',
    '}',
  ].join('\n'),
  ['// keepAll sets *dst to v unless v is empty.', 'func keepAll[T any](dst *[]T, v []T) {', '\tif len(v) > 0 {', '\t\t*dst = v', '\t}', '}'].join('\n'),
];

/** A test helper: the commands sent, among some names, in order (a log entry is `send <name>`). */
export const SENT_HELPER = [
  '// sent keeps the commands sent that are among names, in order.',
  'func sent(entries []string, names ...string) []string {',
  '\tout := []string{}',
  '\tfor _, e := range entries {',
  '\t\tfor _, n := range names {',
  '\t\t\tif e == "send "+n {',
  '\t\t\t\tout = append(out, n)',
  '\t\t\t}',
  '\t\t}',
  '\t}',
  '\treturn out',
  '}',
].join('\n');

/** How a sender fills a message's fields: `map` (field <- held field), `sets` (its own), a batch element. */
export interface Filling {
  readonly map: Readonly<Record<string, string>>;
  readonly sets: readonly string[];
  /** The batch element's field name, and the Go variable that holds the element. */
  readonly element?: { readonly field: string; readonly variable: string; readonly type: string };
  /** The package the literal is written in (a message of its own is not qualified). */
  readonly from?: GoPackage;
  /** Go expressions for fields the writer knows how to fill (a failure event's reason from the error). */
  readonly exprs?: Readonly<Record<string, string>>;
}

/**
 * A composite literal of a message, its fields filled from the state where it holds them with the
 * same type; the others are named in TODO comments (above the statement that uses the literal).
 */
export function literal(
  design: Design,
  layout: Layout,
  held: Held,
  kind: 'command' | 'event',
  name: string,
  filling: Filling,
  state = 's',
): { expr: string; todos: string[] } {
  const parts: string[] = [];
  const todos: string[] = [];
  for (const f of fieldsOf(kind === 'command' ? design.commands.get(name) : design.events.get(name))) {
    const from = filling.map[f.name] ?? f.name;
    if (filling.element && (f.name === filling.element.field || from === filling.element.field)) {
      if (filling.element.type === f.type) parts.push(`${f.goName}: ${filling.element.variable}`);
      else todos.push(`TODO: ${exported(name)}.${f.goName} from the element (${filling.element.type}, the field is ${f.type})`);
      continue;
    }
    const expr = filling.exprs?.[f.name];
    if (expr !== undefined && f.type === 'string') {
      parts.push(`${f.goName}: ${expr}`);
      continue;
    }
    if (filling.sets.includes(f.name)) {
      todos.push(`TODO: ${exported(name)}.${f.goName}: the sender sets it itself`);
      continue;
    }
    const h = held.fields.get(from);
    if (h && h.type === f.type) parts.push(`${f.goName}: ${state}.${h.goName}`);
    else if (!f.optional)
      todos.push(
        `TODO: ${exported(name)}.${f.goName}: ${h ? `held as ${h.type}, the field is ${f.type}` : `${state === 's' ? 'the process does' : 'the command does'} not hold it`}`,
      );
  }
  return { expr: `${layout.qualified(kind, name, filling.from)}{${parts.join(', ')}}`, todos };
}

/**
 * A function that builds a list of messages (one, several, or one per element of a batch): what a
 * saga step, a compensation or a state machine action sends.
 */
export function builder(
  design: Design,
  layout: Layout,
  held: Held,
  fn: { name: string; doc: string; result: string },
  messages: readonly { kind: 'command' | 'event'; name: string }[],
  filling: Omit<Filling, 'element'> & { forEach?: string; as?: string },
): string[] {
  const lines = [`// ${fn.doc}`, `func ${fn.name}(s *State) []${fn.result} {`];
  const batch = filling.forEach ? held.fields.get(filling.forEach) : undefined;
  if (batch && filling.forEach) {
    const as = elementName(filling.forEach, filling.as);
    const variable = 'element';
    lines.push(`\tout := make([]${fn.result}, 0, len(s.${batch.goName}))`, `\tfor _, ${variable} := range s.${batch.goName} {`);
    const built = messages.map((m) =>
      literal(design, layout, held, m.kind, m.name, { ...filling, element: { field: as, variable, type: batch.type.slice(2) } }),
    );
    const exprs = built.map((b) => b.expr).join(', ');
    // An element no field takes is still one message per element.
    if (!new RegExp(`\\b${variable}\\b`).test(exprs)) lines[lines.length - 1] = `\tfor range s.${batch.goName} {`;
    for (const b of built) for (const t of b.todos) lines.push(comment('\t\t', t));
    lines.push(`\t\tout = append(out, ${exprs})`, '\t}', '\treturn out', '}');
    return lines;
  }
  const built = messages.map((m) => literal(design, layout, held, m.kind, m.name, filling));
  for (const b of built) for (const t of b.todos) lines.push(comment('\t', t));
  lines.push(`\treturn []${fn.result}{${built.map((b) => b.expr).join(', ')}}`, '}');
  return lines;
}

/** `Correlate`: the instance a record belongs to, from the correlation key (or the field `correlateBy` names), or from metadata. */
export function correlateFunc(design: Design, layout: Layout, process: Process, held: Held): string[] {
  const lines = [
    '// Correlate returns the instance a record belongs to, and false when it belongs to none.',
    'func Correlate(r event.Record) (string, bool) {',
  ];
  if (process.correlationHeader || !process.correlationKey) {
    lines.push(
      '\t// The instance travels in metadata (correlation: header).',
      '\tid, ok := r.Metadata[command.CorrelationID]',
      '\treturn id, ok && id != ""',
      '}',
    );
    return lines;
  }
  const key = process.correlationKey;
  lines.push('\tswitch e := r.Event.(type) {');
  for (const rc of held.received) {
    if (rc.kind !== 'event') continue;
    const by = process.correlateBy.get(rc.name)?.name ?? key;
    const f = fieldsOf(design.events.get(rc.name)).find((x) => x.name === by);
    if (!f || f.type !== 'string') continue;
    lines.push(`\tcase ${layout.qualified('event', rc.name)}:`, `\t\treturn e.${f.goName}, e.${f.goName} != ""`);
  }
  if (lines.length === 3) lines.splice(2, 1);
  else lines.push('\t}');
  lines.push('\tid, ok := r.Metadata[command.CorrelationID]', '\treturn id, ok && id != ""', '}');
  return lines;
}

/** The names of messages as Go string literals, for a list (`[]string{"A", "B"}`). */
export const names = (list: readonly NameRef[] | readonly string[]): string => list.map((n) => quote(typeof n === 'string' ? n : n.name)).join(', ');

/** A composite literal's field, aligned: `\tName:<KEY> value,`. */
export const kv = (indent: string, key: string, value: string): string => `${indent}${key}:${KEY}${value},`;

/** A sample state for tests: each string field named after itself, each batch of two elements, the key the instance's. */
export function sampleState(held: Held, process: Process, id: string): string[] {
  const lines = ['// sample is the state a test starts the process with.', 'func sample() State {', '\treturn State{'];
  for (const f of held.fields.values()) {
    const value =
      f.name === process.correlationKey && f.type === 'string'
        ? id
        : f.type === 'string'
          ? quote(`${f.name}-1`)
          : f.type === '[]string'
            ? `[]string{${quote(`${f.name}-1`)}, ${quote(`${f.name}-2`)}}`
            : f.type.startsWith('[]')
              ? `make(${f.type}, 2)`
              : undefined;
    if (value !== undefined) lines.push(kv('\t\t', f.goName, value));
  }
  if (lines.length === 3) return ['// sample is the state a test starts the process with.', 'func sample() State {', '\treturn State{}', '}'];
  lines.push('\t}', '}');
  return lines;
}

/** The event literal a test delivers: its correlation field set to the instance. */
export function delivered(design: Design, layout: Layout, process: Process, kind: 'command' | 'event', name: string, id: string): string {
  const by = process.correlateBy.get(name)?.name ?? process.correlationKey;
  const fields = fieldsOf(kind === 'event' ? design.events.get(name) : design.commands.get(name));
  const key = fields.find((f) => f.name === by && f.type === 'string');
  return `${layout.qualified(kind, name)}{${key ? `${key.goName}: ${id}` : ''}}`;
}
