import type { Design, Process, Reaction } from '../../model/types.js';
import { choreographyWalks } from '../../sim/choreography.js';
import { comment, exported, quote } from './gosrc.js';
import { fieldsOf, type Layout } from './layout.js';
import { delivered, literal, type Held, SENT_HELPER } from './process.js';
import { GoSource, generatedHeader, type GoFile } from './writer.js';

/** A choreography as subscribers: each reaction runs its service's command on the event it reacts to. One Go test per simulated failure point. */
export function choreographyFiles(design: Design, layout: Layout, process: Process, source: string): GoFile[] {
  const pkg = layout.processPackage(process);
  const platform = (p: string) => layout.importPath(`platform/${p}`);
  const go = new GoSource(
    generatedHeader(source),
    pkg.name,
    `// Package ${pkg.name} wires the choreography ${process.name}: no coordinator, each reaction a subscriber\n// that runs its service's command.`,
  );
  go.use('context', platform('command'), platform('event'));
  const byEvent = new Map<string, Reaction[]>();
  for (const r of process.reactions) byEvent.set(r.when.name, [...(byEvent.get(r.when.name) ?? []), r]);
  const conditions = [...new Set(process.reactions.map((r) => r.condition).filter((c): c is string => c !== undefined))];
  const cases: string[] = [];
  let usesEvent = false;
  let dispatches = 0;
  for (const [when, reactions] of byEvent) {
    if (!design.events.has(when)) continue;
    go.use(layout.importPath(layout.eventPackage(when).dir));
    const held: Held = { fields: new Map(fieldsOf(design.events.get(when)).map((f) => [f.name, f])), received: [] };
    const body: string[] = [];
    for (const r of reactions) {
      if (!r.command || !design.commands.has(r.command.name)) {
        body.push(
          comment('\t\t', `${r.service.name} reacts with no command of its own: its code publishes ${r.emits.map((e) => e.name).join(', ') || 'nothing'}.`),
        );
        continue;
      }
      go.use(layout.importPath(layout.commandPackage(r.command.name).dir));
      dispatches++;
      go.use('fmt');
      const built = literal(design, layout, held, 'command', r.command.name, { map: r.map, sets: r.sets }, 'e');
      if (/\be\./.test(built.expr)) usesEvent = true;
      const indent = r.condition ? '\t\t\t' : '\t\t';
      body.push(
        comment(
          '\t\t',
          `${r.service.name} runs ${r.command.name}${r.emits.length > 0 ? `, and says so with ${r.emits.map((e) => e.name).join(' or ')}` : ''}.`,
        ),
      );
      if (r.condition) body.push(`\t\tif holds(guards, ${quote(r.condition)}, r) {`);
      body.push(
        ...built.todos.map((t) => comment(indent, t)),
        `${indent}if err := bus.Dispatch(ctx, ${built.expr}, md); err != nil {`,
        `${indent}\treturn fmt.Errorf("${r.service.name} on ${when}: %w", err)`,
        `${indent}}`,
      );
      if (r.condition) body.push('\t\t}');
    }
    cases.push(`\tcase ${layout.qualified('event', when)}:`, ...body);
  }
  go.add(
    "// Guards decides the reactions' conditions, by their text. Each is yours to write: until then it does not hold.",
    'func Guards() map[string]func(event.Record) bool {',
    conditions.length === 0
      ? '\treturn map[string]func(event.Record) bool{}'
      : [
          '\treturn map[string]func(event.Record) bool{',
          ...conditions.flatMap((c) => [`\t\t// TODO: decide ${quote(c)}.`, `\t\t${quote(c)}: never,`]),
          '\t}',
        ].join('\n'),
    '}',
  );
  if (conditions.length > 0) {
    go.add('func never(event.Record) bool {', '\treturn false', '}');
    go.add(
      'func holds(guards map[string]func(event.Record) bool, condition string, r event.Record) bool {',
      '\tguard := guards[condition]',
      '\treturn guard != nil && guard(r)',
      '}',
    );
  }
  go.add(
    '// Subscribe subscribes the reactions to stream: on each event, every service that reacts to it runs',
    '// its command on bus, with the correlation the event carries.',
    'func Subscribe(ctx context.Context, bus command.Bus, stream event.Stream, guards map[string]func(event.Record) bool) (func(), error) {',
    '\treturn stream.Subscribe(ctx, func(ctx context.Context, r event.Record) error {',
    ...(dispatches > 0
      ? [
          '\t\tmd := command.Metadata{',
          `\t\t\tcommand.CorrelationID:\u0001r.Metadata[command.CorrelationID],`,
          `\t\t\tcommand.CausationID:\u0001fmt.Sprintf("%s/%d", r.Stream, r.Version),`,
          '\t\t}',
        ]
      : []),
    ...(conditions.length === 0 ? ['\t\t_ = guards'] : []),
    `\t\tswitch ${usesEvent ? 'e := ' : ''}r.Event.(type) {`,
    ...cases.map((l) => `\t${l}`),
    '\t\t}',
    '\t\treturn nil',
    '\t})',
    '}',
  );
  return [
    { path: `${pkg.dir}/${pkg.name}.go`, text: go.text(), once: false },
    { path: `${pkg.dir}/${pkg.name}_test.go`, text: tests(design, layout, process, source), once: false },
  ];
}

function tests(design: Design, layout: Layout, process: Process, source: string): string {
  const pkg = layout.processPackage(process);
  const go = new GoSource(generatedHeader(source), pkg.name);
  const platform = (p: string) => layout.importPath(`platform/${p}`);
  go.use('context', 'testing', platform('command'), platform('event'), platform('memory'));
  go.add('const id = "instance-1"');
  go.add(
    '// world returns an in-memory bus and stream with the reactions subscribed, each condition holding',
    '// once (as the simulation follows each reaction once: a guarded cycle goes round one time).',
    'func world(t *testing.T) (*memory.Bus, *memory.Stream, *memory.Log) {',
    '\tlog := &memory.Log{}',
    '\tbus, stream := memory.NewBus(log), memory.NewStream(log)',
    '\tguards := map[string]func(event.Record) bool{}',
    '\tfor condition := range Guards() {',
    '\t\tholds := true',
    '\t\tguards[condition] = func(event.Record) bool {',
    '\t\t\tonce := holds',
    '\t\t\tholds = false',
    '\t\t\treturn once',
    '\t\t}',
    '\t}',
    '\tif _, err := Subscribe(context.Background(), bus, stream, guards); err != nil {',
    '\t\tt.Fatal(err)',
    '\t}',
    '\treturn bus, stream, log',
    '}',
  );
  go.add(
    '// answer plays a service: it handles a command by publishing events, as the simulated run has it.',
    'func answer(t *testing.T, bus *memory.Bus, stream *memory.Stream, name, service string, events ...event.Event) {',
    '\tt.Helper()',
    '\terr := bus.Register(name, command.HandlerFunc(func(ctx context.Context, _ command.Command, md command.Metadata) error {',
    '\t\t_, err := stream.Append(ctx, service, event.AnyVersion, md, events...)',
    '\t\treturn err',
    '\t}))',
    '\tif err != nil {',
    '\t\tt.Fatal(err)',
    '\t}',
    '}',
  );
  go.add(
    '// react plays a service that reacts to an event with no command: it publishes events.',
    'func react(t *testing.T, stream *memory.Stream, when, service string, events ...event.Event) {',
    '\tt.Helper()',
    '\t_, err := stream.Subscribe(context.Background(), func(ctx context.Context, r event.Record) error {',
    '\t\tif r.Event.EventName() != when {',
    '\t\t\treturn nil',
    '\t\t}',
    '\t\t_, err := stream.Append(ctx, service, event.AnyVersion, r.Metadata, events...)',
    '\t\treturn err',
    '\t})',
    '\tif err != nil {',
    '\t\tt.Fatal(err)',
    '\t}',
    '}',
  );
  go.add(SENT_HELPER);
  const event = (name: string) => {
    go.use(layout.importPath(layout.eventPackage(name).dir));
    return delivered(design, layout, process, 'event', name, 'id');
  };
  const used = new Set<string>();
  for (const walk of choreographyWalks(design, process)) {
    const { trace } = walk;
    let fn = `Test${exported(trace.point.id.replaceAll('.', ' '))}`;
    for (let i = 2; used.has(fn); i++) fn = `${fn}${i}`;
    used.add(fn);
    const runs: string[] = [];
    for (const c of trace.compensations) if (runs[runs.length - 1] !== c.run) runs.push(c.run);
    const lines = [
      `// ${fn}: ${trace.point.label}. Simulated by eda-advisor: ${runs.length > 0 ? `${runs.join(', then ')} run` : 'nothing to undo'}${trace.outcome ? `; ends with ${trace.outcome}` : ''}.`,
      `func ${fn}(t *testing.T) {`,
    ];
    // What each service answers on this run: along the way, the next event; the failing one, its
    // failure; those the failure sets off, everything they can say.
    const answers = new Map<Reaction, string[]>();
    walk.before.forEach((x, i) => answers.set(x, [walk.before[i + 1]?.when.name ?? walk.reaction.when.name]));
    answers.set(walk.reaction, [walk.failure]);
    for (const x of walk.after)
      if (!answers.has(x))
        answers.set(
          x,
          x.emits.map((e) => e.name),
        );
    const byCommand = new Map<string, string>();
    let skip: string | undefined;
    for (const [x, events] of answers) {
      if (!x.command) continue;
      const known = byCommand.get(x.command.name);
      if (known !== undefined && known !== events.join()) skip = `${x.command.name} answers differently in two reactions on this run`;
      byCommand.set(x.command.name, events.join());
    }
    const first = walk.before[0]?.when.name ?? walk.reaction.when.name;
    if (!design.events.has(first)) skip = `the event that starts the run, ${first}, is not declared`;
    if (skip) {
      go.add(...lines, `\tt.Skip(${quote(skip)})`, '}');
      continue;
    }
    if (trace.problems.some((p) => p.kind === 'loop')) go.use('strings');
    const loops = trace.problems.some((p) => p.kind === 'loop');
    lines.push(`\tbus, stream, ${loops ? '_' : 'log'} := world(t)`);
    const done = new Set<string>();
    for (const [x, events] of answers) {
      const list = events.filter((e) => design.events.has(e)).map(event);
      if (x.command) {
        if (done.has(x.command.name)) continue;
        done.add(x.command.name);
        lines.push(`\tanswer(t, bus, stream, ${quote(x.command.name)}, ${quote(x.service.name)}${list.map((l) => `, ${l}`).join('')})`);
      } else lines.push(`\treact(t, stream, ${quote(x.when.name)}, ${quote(x.service.name)}${list.map((l) => `, ${l}`).join('')})`);
    }
    const loop = trace.problems.find((p) => p.kind === 'loop');
    lines.push(
      `\t_, err := stream.Append(context.Background(), "start", event.AnyVersion, event.Metadata{command.CorrelationID: id}, ${event(first)})`,
      ...(loop
        ? [
            comment('\t', `The simulation finds a defect here: ${loop.message}.`),
            '\tif err == nil || !strings.Contains(err.Error(), "go round") {',
            '\t\tt.Fatalf("the reactions were to go round, as simulated; they stopped (%v)", err)',
            '\t}',
          ]
        : ['\tif err != nil {', '\t\tt.Fatal(err)', '\t}']),
    );
    if (!loop) {
      go.use('reflect');
      lines.push(
        `\tif got, want := sent(log.Entries()${runs.length > 0 ? `, ${[...new Set(runs)].map(quote).join(', ')}` : ''}), []string{${runs.map(quote).join(', ')}}; !reflect.DeepEqual(got, want) {`,
        '\t\tt.Errorf("compensations run:\\n got %q\\nwant %q", got, want)',
        '\t}',
      );
    }
    if (trace.outcome && !loop && design.events.has(trace.outcome)) {
      lines.push(
        '\tfound := false',
        '\tfor _, e := range log.Entries() {',
        `\t\tfound = found || e == ${quote(`publish ${trace.outcome}`)}`,
        '\t}',
        '\tif !found {',
        `\t\tt.Errorf("${trace.outcome} not published: %q", log.Entries())`,
        '\t}',
      );
    }
    lines.push('}');
    go.add(...lines);
  }
  return go.text();
}
