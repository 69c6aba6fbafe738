import { startsProcess, stepCompensations } from '../../model/graph.js';
import { elementName } from '../../sim/dataflow.js';
import type { Design, Process, Step } from '../../model/types.js';
import { failurePlan, needsNoCompensation, pivotIndex, sagaTraces } from '../../sim/saga.js';
import { durationMs } from '../../util/duration.js';
import { comment, durationLiteral, exported, quote } from './gosrc.js';
import type { Layout } from './layout.js';
import { applyFunc, builder, correlateFunc, delivered, heldBy, KEEP_HELPERS, kv, literal, names, sampleState, stateStruct, type Held } from './process.js';
import { GoSource, generatedHeader, type GoFile } from './writer.js';

/** Elements of each batch in a generated test (sample() gives every list two). */
const ELEMENTS = 2;

/** A saga as a table for platform/saga, and one Go test per failure point that simulate finds. */
export function sagaFiles(design: Design, layout: Layout, process: Process, source: string): GoFile[] {
  const pkg = layout.processPackage(process);
  const received = process.steps.flatMap((s) => [
    ...(s.onSuccess ? [s.onSuccess.name] : []),
    ...s.onFailure.map((e) => e.name),
    ...stepCompensations(design, s).flatMap((c) => [...(c.onSuccess ? [c.onSuccess.name] : []), ...c.onFailure.map((e) => e.name)]),
  ]);
  const held = heldBy(design, process, received, process.steps);
  const platform = (p: string) => layout.importPath(`platform/${p}`);
  const go = new GoSource(
    generatedHeader(source),
    pkg.name,
    `// Package ${pkg.name} coordinates the saga ${process.name}${process.coordinator ? `, run by ${process.coordinator.name}` : ''}: its steps as a\n// table for platform/saga, compensations in ${process.compensationOrder === 'parallel' ? 'parallel' : 'reverse order'}${pivotIndex(process) === undefined ? '' : ', the pivot respected'}.`,
  );
  go.use('context', platform('command'), platform('event'), platform('saga'));
  if (process.startedBy.some((st) => design.events.has(st.name))) go.use('errors');
  const usePackages = () => {
    // Events only: a command that starts the saga fills its state where it is handled.
    for (const r of held.received) if (r.kind === 'event') go.use(layout.importPath(layout.eventPackage(r.name).dir));
    // Only what the design declares: a name it does not (unknown-reference) has no type to use.
    for (const s of process.steps) for (const c of s.commands) if (design.commands.has(c.name)) go.use(layout.importPath(layout.commandPackage(c.name).dir));
    for (const s of process.steps)
      for (const c of stepCompensations(design, s)) {
        if (c.command && design.commands.has(c.command.name)) go.use(layout.importPath(layout.commandPackage(c.command.name).dir));
        if (c.event && design.events.has(c.event.name)) go.use(layout.importPath(layout.eventPackage(c.event.name).dir));
      }
    for (const e of [process.completesWith, process.failsWith]) if (e && design.events.has(e.name)) go.use(layout.importPath(layout.eventPackage(e.name).dir));
  };
  usePackages();
  if ([...held.fields.values()].some((f) => f.time)) go.use('time');
  go.add(...stateStruct(held, `the saga ${process.name}`));
  go.add(...applyFunc(design, layout, held, 'event.Event'));
  for (const h of KEEP_HELPERS) go.add(h);

  const pivot = pivotIndex(process);
  const rows: string[] = [];
  process.steps.forEach((s, i) => {
    const id = exported(s.name);
    const started = startsProcess(process, s);
    const comps = declaredCompensations(design, s);
    const sendable = s.commands.filter((c) => design.commands.has(c.name));
    const row = ['\t{', kv('\t\t', 'Name', quote(s.name))];
    if (started) row.push(kv('\t\t', 'Started', 'true'));
    else if (sendable.length > 0) {
      const fn = `send${id}`;
      go.add(
        ...builder(
          design,
          layout,
          held,
          { name: fn, doc: `${fn} builds the commands of step '${s.name}'${s.forEach ? `, one per element of ${s.forEach}` : ''}.`, result: 'command.Command' },
          sendable.map((c) => ({ kind: 'command' as const, name: c.name })),
          { map: s.map, sets: s.sets, ...(s.forEach ? { forEach: s.forEach } : {}), ...(s.as ? { as: s.as } : {}) },
        ),
      );
      row.push(kv('\t\t', 'Send', fn));
    }
    if (s.onSuccess) row.push(kv('\t\t', 'OnSuccess', quote(s.onSuccess.name)));
    if (s.onFailure.length > 0) row.push(kv('\t\t', 'OnFailure', `[]string{${names(s.onFailure)}}`));
    if (comps.length > 0 && !s.coveredBy) {
      const fn = `undo${id}`;
      go.add(...undoFunc(design, layout, held, s, fn));
      row.push(kv('\t\t', 'Undo', fn));
    }
    if (failurePlan(design, process, i)[0] === s) row.push(kv('\t\t', 'UndoOnFailure', 'true'));
    if (needsNoCompensation(design, s)) row.push(kv('\t\t', 'NoUndo', 'true'));
    if (s.forEach && s.partialFailure === 'continue') row.push(kv('\t\t', 'Continue', 'true'));
    if (s.timeout && durationMs(s.timeout)) {
      go.use('time');
      row.push(kv('\t\t', 'Timeout', durationLiteral(s.timeout)));
    }
    row.push('\t},');
    rows.push(row.join('\n'));
  });
  const outcome = (fn: string, e: string | undefined, what: string) => {
    if (!e || !design.events.has(e)) return undefined;
    const built = literal(design, layout, held, 'event', e, { map: {}, sets: [] });
    go.add(`// ${fn} builds ${what}.`, `func ${fn}(s *State) event.Event {`, ...built.todos.map((t) => comment('\t', t)), `\treturn ${built.expr}`, '}');
    return fn;
  };
  const completed = outcome('completed', process.completesWith?.name, `the event the saga completes with, ${process.completesWith?.name ?? ''}`);
  const failed = outcome('failed', process.failsWith?.name, `the event the saga fails with, ${process.failsWith?.name ?? ''}`);
  go.add(
    `// Definition is the saga's table: its steps in order, what undoes each, the pivot.`,
    'func Definition() *saga.Definition[State] {',
    '\treturn &saga.Definition[State]{',
    kv('\t\t', 'Name', quote(process.name)),
    kv('\t\t', 'Service', quote(process.coordinator?.name ?? process.name)),
    kv('\t\t', 'Steps', 'steps'),
    ...(process.compensationOrder === 'parallel' ? [kv('\t\t', 'Parallel', 'true')] : []),
    kv('\t\t', 'Pivot', String(pivot ?? -1)),
    kv('\t\t', 'Apply', 'apply'),
    ...(completed ? [kv('\t\t', 'Completed', completed)] : []),
    ...(failed ? [kv('\t\t', 'Failed', failed)] : []),
    '\t}',
    '}',
  );
  go.add(`var steps = []saga.Step[State]{`, ...rows, '}');
  go.add(
    '// New returns the coordinator of the saga over a bus and a stream.',
    `// ${startHint(design, process)}`,
    'func New(bus command.Bus, stream event.Stream) *saga.Coordinator[State] {',
    '\treturn &saga.Coordinator[State]{Definition: Definition(), Bus: bus, Stream: stream}',
    '}',
  );
  go.add(...correlateFunc(design, layout, process, held));
  go.add(...subscribeFunc(design, layout, process, held));
  return [
    { path: `${pkg.dir}/${pkg.name}.go`, text: go.text(), once: false },
    { path: `${pkg.dir}/${pkg.name}_test.go`, text: sagaTests(design, layout, process, held, source), once: false },
  ];
}

/** What undoes a step, but what names a command or an event the design does not declare (unknown-reference says so). */
const declaredCompensations = (design: Design, s: Step) =>
  stepCompensations(design, s).filter((c) => (c.command ? design.commands.has(c.command.name) : c.event !== undefined && design.events.has(c.event.name)));

/** Who starts an instance: Subscribe for a starting event; the handler of a starting command, in its local transaction. */
function startHint(design: Design, process: Process): string {
  const commands = process.startedBy.filter((s) => design.commands.has(s.name)).map((s) => s.name);
  if (commands.length === 0) return 'Subscribe starts an instance on its starting event.';
  return `The handler of ${commands.join(' or ')} starts an instance (c.Start) in its own local transaction.`;
}

function undoFunc(design: Design, layout: Layout, held: Held, s: Step, fn: string): string[] {
  const batch = s.forEach ? held.fields.get(s.forEach) : undefined;
  const element = batch && s.forEach ? { field: elementName(s.forEach, s.as), variable: 'element', type: batch.type.slice(2) } : undefined;
  const indent = element ? '\t\t' : '\t';
  const todos: string[] = [];
  const parts: string[] = [];
  for (const c of declaredCompensations(design, s)) {
    const kind = c.command ? ('command' as const) : ('event' as const);
    const built = literal(design, layout, held, kind, (c.command ?? c.event)?.name ?? '', {
      map: { ...s.map, ...c.map },
      sets: [...s.sets, ...c.sets],
      ...(element ? { element } : {}),
    });
    todos.push(...built.todos.map((t) => comment(indent, t)));
    parts.push(`saga.Compensation{${kind === 'command' ? 'Command' : 'Event'}: ${built.expr}${c.onSuccess ? `, OnSuccess: ${quote(c.onSuccess.name)}` : ''}}`);
  }
  const lines = [
    `// ${fn} builds what undoes step '${s.name}'${s.forEach ? `, one per element of ${s.forEach}` : ''}.`,
    `func ${fn}(s *State) []saga.Compensation {`,
  ];
  if (batch && element)
    lines.push(
      `\tout := make([]saga.Compensation, 0, len(s.${batch.goName}))`,
      `\tfor _, element := range s.${batch.goName} {`,
      ...todos,
      `\t\tout = append(out, ${parts.join(', ')})`,
      '\t}',
      '\treturn out',
      '}',
    );
  else lines.push(...todos, `\treturn []saga.Compensation{${parts.map((p) => p.replace(/^saga\.Compensation/, '')).join(', ')}}`, '}');
  return lines;
}

function subscribeFunc(design: Design, layout: Layout, process: Process, held: Held): string[] {
  const starts = process.startedBy.filter((s) => design.events.has(s.name)).map((s) => s.name);
  const others = held.received.filter((r) => r.kind === 'event' && !starts.includes(r.name)).map((r) => r.name);
  const lines = [
    '// Subscribe feeds the coordinator the events of its instances from stream: a starting event',
    '// starts one (once), every event the saga awaits goes to the instance it correlates to.',
    'func Subscribe(ctx context.Context, c *saga.Coordinator[State], stream event.Stream) (func(), error) {',
    '\treturn stream.Subscribe(ctx, func(ctx context.Context, r event.Record) error {',
    '\t\tid, ok := Correlate(r)',
    '\t\tif !ok {',
    '\t\t\treturn nil',
    '\t\t}',
    '\t\tswitch r.Event.(type) {',
  ];
  if (starts.length > 0)
    lines.push(
      `\t\tcase ${starts.map((s) => layout.qualified('event', s)).join(', ')}:`,
      '\t\t\tif _, _, err := c.Load(ctx, id); !errors.Is(err, saga.ErrUnknownInstance) {',
      '\t\t\t\treturn err // started already: a redelivered start',
      '\t\t\t}',
      '\t\t\tvar s State',
      '\t\t\tapply(&s, r.Event)',
      '\t\t\treturn c.Start(ctx, id, s)',
    );
  if (others.length > 0) lines.push(`\t\tcase ${others.map((e) => layout.qualified('event', e)).join(', ')}:`, '\t\t\treturn c.Handle(ctx, id, r.Event)');
  if (starts.length + others.length === 0) lines.push('\t\tdefault:', '\t\t\t_ = id // the saga awaits no event');
  lines.push('\t\t}', '\t\treturn nil', '\t})', '}');
  return lines;
}

/** One test per failure point of the simulation: start, confirm the steps before it, fail it, confirm the compensations; then what was sent and published. */
function sagaTests(design: Design, layout: Layout, process: Process, held: Held, source: string): string {
  const pkg = layout.processPackage(process);
  const go = new GoSource(generatedHeader(source), pkg.name);
  go.use('context', 'strings', 'testing', layout.importPath('platform/event'), layout.importPath('platform/memory'), layout.importPath('platform/saga'));
  go.add('const id = "instance-1"');
  go.add(...sampleState(held, process, 'id'));
  go.add(
    '// newSaga returns the coordinator over an in-memory bus and stream, and the log they share.',
    'func newSaga() (*saga.Coordinator[State], *memory.Log) {',
    '\tlog := &memory.Log{}',
    '\treturn New(memory.NewBus(log), memory.NewStream(log)), log',
    '}',
  );
  go.add(
    '// tell delivers an event to the instance.',
    'func tell(t *testing.T, c *saga.Coordinator[State], e event.Event) {',
    '\tt.Helper()',
    '\tif err := c.Handle(context.Background(), id, e); err != nil {',
    '\t\tt.Fatalf("%s: %v", e.EventName(), err)',
    '\t}',
    '}',
  );
  go.add(
    "// effects keeps what was sent and published, without the coordinator's own records.",
    'func effects(entries []string) []string {',
    '\tout := []string{}',
    '\tfor _, e := range entries {',
    '\t\tif !strings.HasPrefix(e, "record ") {',
    '\t\t\tout = append(out, e)',
    '\t\t}',
    '\t}',
    '\treturn out',
    '}',
  );
  const pivot = pivotIndex(process);
  const usePkg = (kind: 'command' | 'event', name: string) =>
    go.use(layout.importPath((kind === 'event' ? layout.eventPackage(name) : layout.commandPackage(name)).dir));
  const tellEvent = (name: string) => {
    usePkg('event', name);
    return `\ttell(t, c, ${delivered(design, layout, process, 'event', name, 'id')})`;
  };
  for (const trace of sagaTraces(design, process, false)) {
    const j = process.steps.findIndex((s) => s.name === trace.point.id);
    const failing = process.steps[j] as Step;
    const fn = `TestStep${exported(failing.name)}FailsForGood`;
    const elements = (s: Step) => (s.forEach && held.fields.get(s.forEach)?.type.startsWith('[]') ? ELEMENTS : 1);
    const summary = trace.compensations.map((c) => c.run).join(', then ') || 'nothing to undo';
    const lines = [
      `// ${fn}: step '${failing.name}' fails for good. Simulated by eda-advisor: ${summary}${trace.outcome ? `; ${trace.outcome} published` : ''}.`,
      `func ${fn}(t *testing.T) {`,
    ];
    const skip = skipReason(failing);
    if (skip) {
      lines.push(`\tt.Skip(${quote(skip)})`, '}');
      go.add(...lines);
      continue;
    }
    go.use('reflect');
    lines.push('\tc, log := newSaga()', '\tif err := c.Start(context.Background(), id, sample()); err != nil {', '\t\tt.Fatal(err)', '\t}');
    // A step is confirmed by its success event, or, declaring none, by the platform (Complete).
    const confirm = (s: Step) =>
      s.onSuccess ? tellEvent(s.onSuccess.name) : ['\tif err := c.Complete(context.Background(), id); err != nil {', '\t\tt.Fatal(err)', '\t}'].join('\n');
    for (const s of process.steps.slice(0, j)) {
      if (startsProcess(process, s) || !s.commands.some((c) => design.commands.has(c.name))) continue;
      // Once per command sent: per element of a batch, per command of a step of several.
      const sent = elements(s) * s.commands.filter((c) => design.commands.has(c.name)).length;
      lines.push(comment('\t', `step '${s.name}' is confirmed${sent > 1 ? `, for each of the ${sent} commands it sent` : ''}`));
      for (let k = 0; k < sent; k++) lines.push(confirm(s));
    }
    lines.push('\tmark := log.Len()');
    if (elements(failing) > 1) lines.push(comment('\t', `one element of step '${failing.name}' succeeds, the next fails`), confirm(failing));
    const failure = failing.onFailure[0]?.name;
    if (failure) lines.push(tellEvent(failure));
    else
      lines.push(
        comment('\t', `step '${failing.name}' has no failure event: its retries are spent, and the handler of its dead letters gives up`),
        '\tif err := c.GiveUp(context.Background(), id); err != nil {',
        '\t\tt.Fatal(err)',
        '\t}',
      );
    const want: string[] = [];
    const after = pivot !== undefined && j > pivot;
    if (!after) {
      for (const run of trace.compensations) {
        const s = process.steps.find((x) => x.name === run.at) as Step;
        const c = stepCompensations(design, s).find((x) => (x.command ?? x.event)?.name === run.run);
        for (let k = 0; k < elements(s); k++) {
          want.push(`${c?.command ? 'send' : 'publish'} ${run.run}`);
          if (c?.onSuccess && process.compensationOrder !== 'parallel') lines.push(comment('\t', `${run.run} is confirmed`), tellEvent(c.onSuccess.name));
        }
      }
      if (process.compensationOrder === 'parallel') {
        for (const run of trace.compensations) {
          const s = process.steps.find((x) => x.name === run.at) as Step;
          const c = stepCompensations(design, s).find((x) => (x.command ?? x.event)?.name === run.run);
          if (c?.onSuccess) for (let k = 0; k < elements(s); k++) lines.push(comment('\t', `${run.run} is confirmed`), tellEvent(c.onSuccess.name));
        }
      }
      if (trace.outcome && design.events.has(trace.outcome)) want.push(`publish ${trace.outcome}`);
    }
    lines.push(
      `\twant := []string{${want.map(quote).join(', ')}}`,
      '\tif got := effects(log.Since(mark)); !reflect.DeepEqual(got, want) {',
      `\t\tt.Errorf("after step '${failing.name}' failed:\\n got %q\\nwant %q", got, want)`,
      '\t}',
      '\tin, _, err := c.Load(context.Background(), id)',
      '\tif err != nil {',
      '\t\tt.Fatal(err)',
      '\t}',
      `\tif in.Status != saga.${after ? 'Stuck' : 'Failed'} {`,
      `\t\tt.Errorf("the saga is %s, want ${after ? 'stuck' : 'failed'}", in.Status)`,
      '\t}',
      '}',
    );
    go.add(...lines);
  }
  return go.text();
}

/** Why a failure point cannot be played in memory, or undefined when it can. */
function skipReason(failing: Step): string | undefined {
  if (failing.forEach && failing.partialFailure === 'continue')
    return `step '${failing.name}' keeps the elements that succeeded (partialFailure: continue): an element's failure is not the step's`;
  return undefined;
}
