import type { Action, Design, Process, State, Transition } from '../../model/types.js';
import { processManagerWalks, type Edge } from '../../sim/process-manager.js';
import { durationLiteral, exported, KEY, quote } from './gosrc.js';
import type { Layout } from './layout.js';
import { applyFunc, builder, correlateFunc, delivered, heldBy, KEEP_HELPERS, kv, sampleState, stateStruct, type Held, SENT_HELPER } from './process.js';
import { GoSource, generatedHeader, type GoFile } from './writer.js';

const ELEMENTS = 2;

const kindOf = (design: Design, name: string): 'command' | 'event' => (design.events.has(name) ? 'event' : 'command');

/** A process manager as a state table for platform/statemachine, and one Go test per failure point that simulate finds. */
export function processManagerFiles(design: Design, layout: Layout, process: Process, source: string): GoFile[] {
  const pkg = layout.processPackage(process);
  const states = [...process.states.values()];
  const received = states.flatMap((s) => s.on.map((h) => h.message.name));
  const actions = states.flatMap((s) => [...(s.onEntry ? [s.onEntry] : []), ...s.on.flatMap((h) => h.alternatives), ...(s.timeout ? [s.timeout] : [])]);
  const held = heldBy(design, process, received, actions);
  const platform = (p: string) => layout.importPath(`platform/${p}`);
  const go = new GoSource(
    generatedHeader(source),
    pkg.name,
    `// Package ${pkg.name} coordinates the process manager ${process.name}${process.coordinator ? `, run by ${process.coordinator.name}` : ''}: a\n// persisted state machine for platform/statemachine, with its timeouts.`,
  );
  go.use('context', platform('clock'), platform('command'), platform('event'), platform('statemachine'));
  const usePkg = (name: string) => go.use(layout.importPath((kindOf(design, name) === 'event' ? layout.eventPackage(name) : layout.commandPackage(name)).dir));
  for (const r of held.received) usePkg(r.name);
  for (const a of actions) for (const m of [...a.send, ...a.publish]) if (design.commands.has(m.name) || design.events.has(m.name)) usePkg(m.name);
  if ([...held.fields.values()].some((f) => f.time) || states.some((s) => s.timeout)) go.use('time');
  go.add(...stateStruct(held, `the process ${process.name}`));
  go.add(...applyFunc(design, layout, held, 'statemachine.Message'));
  for (const h of KEEP_HELPERS) go.add(h);

  /** The Action literal of a transition or an entry, its builders added to the file. */
  const action = (a: Action, base: string): string | undefined => {
    const parts: string[] = [];
    const send = a.send.filter((c) => design.commands.has(c.name));
    const publish = a.publish.filter((e) => design.events.has(e.name));
    const filling = { map: a.map, sets: a.sets, ...(a.forEach ? { forEach: a.forEach } : {}), ...(a.as ? { as: a.as } : {}) };
    if (send.length > 0) {
      const fn = `${base}Send`;
      go.add(
        ...builder(
          design,
          layout,
          held,
          { name: fn, doc: `${fn} builds the commands sent${a.forEach ? `, one per element of ${a.forEach}` : ''}.`, result: 'command.Command' },
          send.map((c) => ({ kind: 'command' as const, name: c.name })),
          filling,
        ),
      );
      parts.push(`Send: ${fn}`);
    }
    if (publish.length > 0) {
      const fn = `${base}Publish`;
      go.add(
        ...builder(
          design,
          layout,
          held,
          { name: fn, doc: `${fn} builds the events published.`, result: 'event.Event' },
          publish.map((e) => ({ kind: 'event' as const, name: e.name })),
          { map: a.map, sets: a.sets },
        ),
      );
      parts.push(`Publish: ${fn}`);
    }
    return parts.length === 0 ? undefined : `statemachine.Action[State]{${parts.join(', ')}}`;
  };
  const transition = (t: Transition, base: string): string => {
    const parts: string[] = [];
    if (t.condition) parts.push(`If: ${quote(t.condition)}`);
    if (t.goto) parts.push(`Goto: ${quote(t.goto.name)}`);
    const a = action(t, base);
    if (a) parts.push(`Action: ${a}`);
    return `{${parts.join(', ')}}`;
  };
  const conditions = new Set<string>();
  const stateVars: string[] = [];
  for (const s of states) {
    const v = stateVar(s);
    const fields: string[] = [];
    if (s.terminal) fields.push(kv('\t', 'Terminal', `statemachine.${s.terminal === 'success' ? 'Success' : 'Failure'}`));
    const entry = s.onEntry && action(s.onEntry, `${v}Entry`);
    if (entry) fields.push(kv('\t', 'OnEntry', `&${entry}`));
    if (s.on.length > 0) {
      const rows = s.on.map((h) => {
        const alts = h.alternatives.map((t, k) => {
          if (t.condition) conditions.add(t.condition);
          return transition(t, `${v}${exported(h.message.name)}${h.alternatives.length > 1 ? String(k + 1) : ''}`);
        });
        return `\t${quote(h.message.name)}:${KEY}{${alts.join(', ')}},`;
      });
      go.add(`// ${v}On is what '${s.name}' does with each message it takes.`, `var ${v}On = map[string][]statemachine.Transition[State]{`, ...rows, '}');
      fields.push(kv('\t', 'On', `${v}On`));
    }
    if (s.timeout) {
      if (s.timeout.condition) conditions.add(s.timeout.condition);
      const t = transition(s.timeout, `${v}Timeout`);
      fields.push(
        kv('\t', 'Timeout', `&statemachine.Timeout[State]{After: ${durationLiteral(s.timeout.after)}, Transition: statemachine.Transition[State]${t}}`),
      );
    }
    go.add(
      `// ${v} is the state ${s.name}${s.terminal ? ` (terminal: ${s.terminal})` : ''}.`,
      fields.length === 0 ? `var ${v} = statemachine.State[State]{}` : [`var ${v} = statemachine.State[State]{`, ...fields, '}'].join('\n'),
    );
    stateVars.push(`\t${quote(s.name)}:${KEY}${v},`);
  }
  go.add('// states are the states of the process, by name.', 'var states = map[string]statemachine.State[State]{', ...stateVars, '}');
  go.add(
    "// Definition is the process's state table.",
    'func Definition() *statemachine.Definition[State] {',
    '\treturn &statemachine.Definition[State]{',
    kv('\t\t', 'Name', quote(process.name)),
    kv('\t\t', 'Service', quote(process.coordinator?.name ?? process.name)),
    kv('\t\t', 'Initial', quote(process.initial?.name ?? '')),
    kv('\t\t', 'States', 'states'),
    kv('\t\t', 'Apply', 'apply'),
    '\t}',
    '}',
  );
  go.add(
    "// Guards decides the design's conditions, by their text. Each is yours to write: until then it does not hold.",
    'func Guards() map[string]func(*State) bool {',
    conditions.size === 0
      ? '\treturn map[string]func(*State) bool{}'
      : [
          '\treturn map[string]func(*State) bool{',
          ...[...conditions].flatMap((c) => [`\t\t// TODO: decide ${quote(c)}.`, `\t\t${quote(c)}: never,`]),
          '\t}',
        ].join('\n'),
    '}',
  );
  if (conditions.size > 0) go.add('func never(*State) bool {', '\treturn false', '}');
  go.add(
    '// New returns the coordinator of the process over a bus, a stream and a clock.',
    'func New(bus command.Bus, stream event.Stream, clk clock.Clock) *statemachine.Coordinator[State] {',
    '\treturn &statemachine.Coordinator[State]{Definition: Definition(), Bus: bus, Stream: stream, Clock: clk, Guards: Guards()}',
    '}',
  );
  go.add(...correlateFunc(design, layout, process, held));
  const starts = process.startedBy.filter((s) => design.events.has(s.name)).map((s) => s.name);
  const others = held.received.filter((r) => r.kind === 'event' && !starts.includes(r.name)).map((r) => r.name);
  if (starts.length > 0) go.use('errors');
  go.add(
    '// Subscribe feeds the coordinator the events of its instances from stream: a starting event starts',
    '// one, every event the process takes goes to the instance it correlates to. A scheduler calls Tick',
    '// for the timeouts.',
    'func Subscribe(ctx context.Context, c *statemachine.Coordinator[State], stream event.Stream) (func(), error) {',
    '\treturn stream.Subscribe(ctx, func(ctx context.Context, r event.Record) error {',
    '\t\tid, ok := Correlate(r)',
    '\t\tif !ok {',
    '\t\t\treturn nil',
    '\t\t}',
    '\t\tswitch r.Event.(type) {',
    ...(starts.length > 0
      ? [
          `\t\tcase ${starts.map((s) => layout.qualified('event', s)).join(', ')}:`,
          '\t\t\tin, _, err := c.Load(ctx, id)',
          '\t\t\tif errors.Is(err, statemachine.ErrUnknownInstance) {',
          '\t\t\t\treturn c.Start(ctx, id, State{}, r.Event)',
          '\t\t\t}',
          '\t\t\t// The instance exists: a second start message is delivered where it is taken, a redelivered one dropped.',
          '\t\t\tif err != nil || !c.Takes(in.State, statemachine.NameOf(r.Event)) {',
          '\t\t\t\treturn err',
          '\t\t\t}',
          '\t\t\treturn c.Handle(ctx, id, r.Event)',
        ]
      : []),
    ...(others.length > 0 ? [`\t\tcase ${others.map((e) => layout.qualified('event', e)).join(', ')}:`, '\t\t\treturn c.Handle(ctx, id, r.Event)'] : []),
    ...(starts.length + others.length === 0 ? ['\t\tdefault:', '\t\t\t_ = id // the process takes no event'] : []),
    '\t\t}',
    '\t\treturn nil',
    '\t})',
    '}',
  );
  return [
    { path: `${pkg.dir}/${pkg.name}.go`, text: go.text(), once: false },
    { path: `${pkg.dir}/${pkg.name}_test.go`, text: tests(design, layout, process, held, source), once: false },
  ];
}

const stateVar = (s: State): string => `state${exported(s.name)}`;

function tests(design: Design, layout: Layout, process: Process, held: Held, source: string): string {
  const pkg = layout.processPackage(process);
  const go = new GoSource(generatedHeader(source), pkg.name);
  go.use('context', 'testing', layout.importPath('platform/memory'), layout.importPath('platform/statemachine'));
  go.add('const id = "instance-1"');
  go.add(...sampleState(held, process, 'id'));
  go.add(
    '// newProcess returns the coordinator over an in-memory bus, stream and clock, the conditions given holding.',
    'func newProcess(holding ...string) (*statemachine.Coordinator[State], *memory.Log, *memory.Clock) {',
    '\tlog, clk := &memory.Log{}, memory.NewClock()',
    '\tc := New(memory.NewBus(log), memory.NewStream(log), clk)',
    '\tc.Guards = map[string]func(*State) bool{}',
    '\tfor _, condition := range holding {',
    '\t\tc.Guards[condition] = func(*State) bool { return true }',
    '\t}',
    '\treturn c, log, clk',
    '}',
  );
  go.add(
    '// tell delivers a message to the instance.',
    'func tell(t *testing.T, c *statemachine.Coordinator[State], m statemachine.Message) {',
    '\tt.Helper()',
    '\tif err := c.Handle(context.Background(), id, m); err != nil {',
    '\t\tt.Fatalf("%s: %v", statemachine.NameOf(m), err)',
    '\t}',
    '}',
  );
  go.add(
    "// tick moves the clock past a state's timeout and lets the coordinator see it.",
    'func tick(t *testing.T, c *statemachine.Coordinator[State], clk *memory.Clock, after time.Duration) {',
    '\tt.Helper()',
    '\tclk.Advance(after)',
    '\tif err := c.Tick(context.Background(), id); err != nil {',
    '\t\tt.Fatal(err)',
    '\t}',
    '}',
  );
  go.use('time');
  go.add(SENT_HELPER);
  go.add(
    '// published reports whether entries publish every one of names.',
    'func published(entries []string, names ...string) bool {',
    '\tfor _, n := range names {',
    '\t\tfound := false',
    '\t\tfor _, e := range entries {',
    '\t\t\tfound = found || e == "publish "+n',
    '\t\t}',
    '\t\tif !found {',
    '\t\t\treturn false',
    '\t\t}',
    '\t}',
    '\treturn true',
    '}',
  );
  const usePkg = (name: string) => go.use(layout.importPath((kindOf(design, name) === 'event' ? layout.eventPackage(name) : layout.commandPackage(name)).dir));
  const message = (name: string) => {
    usePkg(name);
    return delivered(design, layout, process, kindOf(design, name), name, 'id');
  };
  const used = new Set<string>();
  for (const walk of processManagerWalks(design, process)) {
    const { trace } = walk;
    let fn = `Test${exported(trace.point.id.replace('.', ' '))}`;
    for (let i = 2; used.has(fn); i++) fn = `${fn}${i}`;
    used.add(fn);
    const runs = [...new Set(trace.compensations.map((c) => c.run))];
    const lines = [
      `// ${fn}: ${trace.point.label}. Simulated by eda-advisor: ${runs.length > 0 ? `${runs.join(', then ')} sent` : 'nothing to undo'}${trace.outcome ? `; ends with ${trace.outcome}` : ''}.`,
      `func ${fn}(t *testing.T) {`,
    ];
    const plan = playable(process, walk);
    if ('skip' in plan) {
      go.add(...lines, `\tt.Skip(${quote(plan.skip)})`, '}');
      continue;
    }
    go.use('reflect');
    const ticks = [...plan.path, walk.failure, ...walk.then].some((e) => e.trigger === undefined);
    lines.push(
      `\tc, log, ${ticks ? 'clk' : '_'} := newProcess(${plan.holding.map(quote).join(', ')})`,
      `\tif err := c.Start(context.Background(), id, sample(), ${message(plan.start)}); err != nil {`,
      '\t\tt.Fatal(err)',
      '\t}',
    );
    const play = (e: Edge) => {
      if (e.trigger === undefined) lines.push(`\ttick(t, c, clk, ${durationLiteral(e.from.timeout?.after, true)})`);
      else lines.push(`\ttell(t, c, ${message(e.trigger)})`);
    };
    for (const e of plan.path) play(e);
    lines.push('\tmark := log.Len()');
    for (const e of [walk.failure, ...walk.then]) play(e);
    // What the run sends to undo, in the order the simulation has it (a batch: once per element).
    const want: string[] = [];
    for (const e of [walk.failure, ...walk.then]) {
      const acts: Action[] = [e.transition, ...(e.to !== e.from && e.to.onEntry ? [e.to.onEntry] : [])];
      for (const a of acts) for (const c of a.send) if (runs.includes(c.name)) for (let k = 0; k < (a.forEach ? ELEMENTS : 1); k++) want.push(c.name);
    }
    const last = walk.then[walk.then.length - 1] ?? walk.failure;
    const outcome = last.transition.publish.filter((e) => design.events.has(e.name)).map((e) => e.name);
    lines.push(
      '\tin, _, err := c.Load(context.Background(), id)',
      '\tif err != nil {',
      '\t\tt.Fatal(err)',
      '\t}',
      `\tif in.State != ${quote(last.to.name)} {`,
      `\t\tt.Errorf("the process is in %s, want ${last.to.name}", in.State)`,
      '\t}',
      `\tif got, want := sent(log.Since(mark)${runs.length > 0 ? `, ${runs.map(quote).join(', ')}` : ''}), []string{${want.map(quote).join(', ')}}; !reflect.DeepEqual(got, want) {`,
      '\t\tt.Errorf("compensations sent:\\n got %q\\nwant %q", got, want)',
      '\t}',
    );
    if (outcome.length > 0)
      lines.push(
        `\tif !published(log.Since(mark), ${outcome.map(quote).join(', ')}) {`,
        `\t\tt.Errorf("${outcome.join(', ')} not published: %q", log.Since(mark))`,
        '\t}',
      );
    lines.push('}');
    go.add(...lines);
  }
  return go.text();
}

/**
 * How a test plays a walk: the message that starts the process (taken at once when the initial
 * state handles it, so the walk's first edge is then the start), the edges after it, and the
 * conditions that must hold; or why it cannot be played.
 */
function playable(
  process: Process,
  walk: { path: readonly Edge[]; failure: Edge; then: readonly Edge[] },
): { start: string; path: Edge[]; holding: string[] } | { skip: string } {
  const initial = process.initial ? process.states.get(process.initial.name) : undefined;
  if (!initial || process.startedBy.length === 0) return { skip: 'the process declares no initial state or no starting message' };
  const handledAtStart = (m: string) => initial.on.some((h) => h.message.name === m);
  const first = walk.path[0] ?? walk.failure;
  let start: string | undefined;
  let path = [...walk.path];
  if (first.from === initial && first.trigger !== undefined && process.startedBy.some((s) => s.name === first.trigger)) {
    start = first.trigger;
    if (walk.path.length === 0) return { skip: `the failure is the start message itself (${first.trigger}), taken as the process is created` };
    path = path.slice(1);
  } else start = process.startedBy.find((s) => !handledAtStart(s.name))?.name;
  if (start === undefined) return { skip: `every start message is taken in '${initial.name}' at once: the process never waits there` };
  const taken = [...path, walk.failure, ...walk.then];
  const holding = new Set(taken.map((e) => e.transition.condition).filter((c): c is string => c !== undefined));
  for (const e of taken) {
    const alternatives = e.trigger === undefined ? [] : (e.from.on.find((h) => h.message.name === e.trigger)?.alternatives ?? []);
    const before = alternatives.slice(0, alternatives.indexOf(e.transition));
    const blocking = before.find((t) => t.condition === undefined || holding.has(t.condition));
    if (blocking)
      return {
        skip: `in '${e.from.name}', ${e.trigger ?? 'the timeout'} takes an earlier alternative ${blocking.condition ? `(if ${blocking.condition})` : ''} on this run`,
      };
  }
  return { start, path, holding: [...holding] };
}
