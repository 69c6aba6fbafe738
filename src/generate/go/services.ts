import { belongsTo, failureOutcomes, isFailureEvent, stepCompensations, successOutcomes } from '../../model/graph.js';
import { isIdempotentHandling, retryFor } from '../../model/policies.js';
import type { Action, Command, Design, Event, Service } from '../../model/types.js';
import { comment, durationLiteral, exported, KEY, quote, unexported } from './gosrc.js';
import { fieldsOf, type GoField, type GoPackage, type Layout } from './layout.js';
import { literal, type Held } from './process.js';
import { GoSource, generatedHeader, onceHeader, type GoFile } from './writer.js';

/** How a service's messages leave its local transaction, as the generated plumbing does it. */
type Publishing = 'event-sourced' | 'outbox' | 'stream' | 'none';

function publishingOf(s: Service): Publishing {
  if (s.persistence === 'event-sourced') return 'event-sourced';
  if (s.publishing === 'outbox') return 'outbox';
  if (s.publishing === 'none') return 'none';
  return 'stream';
}

/** One package per bounded context: its messages (regenerated), each service's plumbing (regenerated) and business logic (written once). */
export function contextFiles(design: Design, layout: Layout, pkg: GoPackage, source: string): GoFile[] {
  const services = [...design.services.values()].filter((s) => layout.servicePackage(s.name) === pkg);
  const commands = [...design.commands.values()].filter((c) => layout.commandPackage(c.name) === pkg);
  const events = [...design.events.values()].filter((e) => layout.eventPackage(e.name) === pkg);
  if (services.length === 0 && commands.length === 0 && events.length === 0) return [];
  const files: GoFile[] = [{ path: `${pkg.dir}/messages.go`, text: messagesFile(design, pkg, source, commands, events), once: false }];
  const used = new Set(['messages', 'config']);
  for (const s of services) {
    let base = packageFile(s.name);
    for (let i = 2; used.has(base); i++) base = `${packageFile(s.name)}${i}`;
    used.add(base);
    const handled = commands.filter((c) => c.handledBy?.name === s.name);
    // A service that handles no command (a coordinator, a subscriber) has no handlers to write.
    if (handled.length === 0) continue;
    files.push({ path: `${pkg.dir}/${base}_platform.go`, text: plumbingFile(design, layout, pkg, s, handled, source), once: false });
    files.push({ path: `${pkg.dir}/${base}.go`, text: logicFile(design, layout, pkg, s, handled, source), once: true });
  }
  return files;
}

/** The exported names of each package's messages, built once per layout. */
const messageNames = new WeakMap<Layout, Map<GoPackage, Set<string>>>();

/** The service's Go type: its name, or `<name>Service` when a message of its package has that name. */
function serviceType(design: Design, layout: Layout, pkg: GoPackage, s: Service): string {
  let names = messageNames.get(layout);
  if (!names) {
    names = new Map();
    messageNames.set(layout, names);
    const add = (p: GoPackage, m: string) => {
      const set = names?.get(p) ?? new Set<string>();
      set.add(exported(m));
      names?.set(p, set);
    };
    for (const m of design.commands.keys()) add(layout.commandPackage(m), m);
    for (const m of design.events.keys()) add(layout.eventPackage(m), m);
  }
  const name = exported(s.name);
  return names.get(pkg)?.has(name) ? `${name}Service` : name;
}

const possessive = (name: string) => (name.endsWith('s') ? `${name}'` : `${name}'s`);

const packageFile = (name: string) => unexported(name).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function messagesFile(design: Design, pkg: GoPackage, source: string, commands: readonly Command[], events: readonly Event[]): string {
  const what = design.contexts.has(pkg.owner)
    ? `the bounded context ${pkg.owner}`
    : pkg.owner === 'external'
      ? 'the third parties the design hears from'
      : `the service ${pkg.owner}`;
  const go = new GoSource(
    generatedHeader(source),
    pkg.name,
    `// Package ${pkg.name} holds the messages and the command handlers of ${what}${pkg.description ? ` (${pkg.description})` : ''}.`,
  );
  const keys = correlationKeys(design);
  const struct = (name: string, fields: readonly GoField[]) => {
    if ([...fields].some((f) => f.time)) go.use('time');
    return fields.length === 0
      ? [`type ${exported(name)} struct{}`]
      : [`type ${exported(name)} struct {`, ...fields.map((f) => `\t${f.goName}\u000b${f.type}`), '}'];
  };
  const marks = (name: string, fields: readonly GoField[], idempotencyKey?: string) => {
    const out: string[] = [];
    const optional = fields.filter((f) => f.optional).map((f) => f.goName);
    if (idempotencyKey) out.push(`// Its idempotency key is ${exported(idempotencyKey)}: a redelivery with the same key takes effect once.`);
    for (const [process, key] of keys.get(name) ?? []) {
      const f = fields.find((x) => x.name === key);
      if (f) out.push(`// The process ${process} correlates it by ${f.goName}.`);
    }
    if (optional.length > 0) out.push(`// Optional: ${optional.join(', ')}.`);
    return out;
  };
  for (const c of commands) {
    const fields = fieldsOf(c);
    go.add(
      `// ${exported(c.name)} is a command handled by ${c.handledBy?.name ?? 'no service yet'}${c.readOnly ? ' (read-only: nothing to undo)' : ''}.`,
      ...marks(c.name, fields, c.idempotencyKey?.name),
      ...struct(c.name, fields),
    );
    go.add(
      '// CommandName returns the name the design gives the command.',
      `func (${exported(c.name)}) CommandName() string {`,
      `\treturn ${quote(c.name)}`,
      '}',
    );
  }
  for (const e of events) {
    const fields = fieldsOf(e);
    const by = e.fromOutside ? 'from outside the design' : `produced by ${e.producedBy?.name ?? 'no service yet'}`;
    const kind =
      e.replyTo.length > 0
        ? `a reply to ${e.replyTo.map((r) => r.name).join(', ')}`
        : e.visibility === 'external'
          ? `an external event${e.version !== undefined ? `, version ${e.version}` : ''}`
          : 'an internal event';
    go.add(`// ${exported(e.name)} is ${kind}, ${by}.`, ...marks(e.name, fields), ...struct(e.name, fields));
    go.add('// EventName returns the name the design gives the event.', `func (${exported(e.name)}) EventName() string {`, `\treturn ${quote(e.name)}`, '}');
  }
  return go.text();
}

/** message -> [process, the field it is correlated by]. */
const correlationIndexes = new WeakMap<Design, Map<string, [string, string][]>>();

function correlationKeys(design: Design): Map<string, [string, string][]> {
  const known = correlationIndexes.get(design);
  if (known) return known;
  const out = new Map<string, [string, string][]>();
  correlationIndexes.set(design, out);
  for (const p of design.processes.values()) {
    if (!p.correlationKey) continue;
    const names = new Set<string>([
      ...p.startedBy.map((s) => s.name),
      ...p.steps.flatMap((s) => [...s.commands.map((c) => c.name), ...(s.onSuccess ? [s.onSuccess.name] : []), ...s.onFailure.map((e) => e.name)]),
      ...[...p.states.values()].flatMap((st) => [...st.on.map((h) => h.message.name), ...(st.onEntry?.send ?? []).map((c) => c.name)]),
      ...p.reactions.flatMap((r) => [r.when.name, ...(r.command ? [r.command.name] : []), ...r.emits.map((e) => e.name)]),
    ]);
    for (const n of names) out.set(n, [...(out.get(n) ?? []), [p.name, p.correlateBy.get(n)?.name ?? p.correlationKey]]);
  }
  return out;
}

/** Every command's candidate outcomes, gathered in one pass over the design (not once per command). */
const outcomeIndexes = new WeakMap<Design, Map<string, { success: string[]; failure: string[] }>>();

function outcomeIndex(design: Design): Map<string, { success: string[]; failure: string[] }> {
  const known = outcomeIndexes.get(design);
  if (known) return known;
  const index = new Map<string, { success: string[]; failure: string[] }>();
  outcomeIndexes.set(design, index);
  const of = (command: string) => {
    let entry = index.get(command);
    if (!entry) index.set(command, (entry = { success: [], failure: [] }));
    return entry;
  };
  for (const e of design.events.values()) for (const r of e.replyTo) (isFailureEvent(design, e.name) ? of(r.name).failure : of(r.name).success).push(e.name);
  for (const p of design.processes.values()) {
    for (const s of p.steps) {
      for (const c of s.commands) {
        if (s.onSuccess) of(c.name).success.push(s.onSuccess.name);
        of(c.name).failure.push(...s.onFailure.map((e) => e.name));
      }
      for (const c of stepCompensations(design, s)) {
        if (!c.command) continue;
        if (c.onSuccess) of(c.command.name).success.push(c.onSuccess.name);
        of(c.command.name).failure.push(...c.onFailure.map((e) => e.name));
      }
    }
    // A process manager waits, where it sends the command, for the events that tell how it went.
    for (const st of p.states.values()) {
      const sending = [
        ...(st.onEntry ? [{ a: st.onEntry, at: st }] : []),
        ...st.on.flatMap((h) => h.alternatives.map((t) => ({ a: t as Action, at: (t.goto && p.states.get(t.goto.name)) || st }))),
      ];
      for (const { a, at } of sending)
        for (const c of a.send)
          for (const h of at.on) {
            const e = design.events.get(h.message.name);
            if (!e) continue;
            if (isFailureEvent(design, e.name)) {
              if (belongsTo(design, e, c.name)) of(c.name).failure.push(e.name);
            } else if (e.replyTo.length === 0 || e.replyTo.some((r) => r.name === c.name)) of(c.name).success.push(e.name);
          }
    }
    for (const r of p.reactions) {
      if (!r.command) continue;
      of(r.command.name).success.push(...successOutcomes(design, r).map((e) => e.name));
      of(r.command.name).failure.push(...failureOutcomes(design, r).map((e) => e.name));
    }
  }
  return index;
}

/** What a command's handler publishes when it took effect, and when it did not: events of its own package. */
function outcomesOf(design: Design, layout: Layout, pkg: GoPackage, command: string): { success?: string; failure?: string } {
  const { success, failure } = outcomeIndex(design).get(command) ?? { success: [], failure: [] };
  const own = (list: string[]) => list.find((e) => design.events.has(e) && layout.eventPackage(e) === pkg);
  const s = own(success);
  const f = own(failure.filter((e) => e !== s));
  return { ...(s ? { success: s } : {}), ...(f ? { failure: f } : {}) };
}

const commandHeld = (c: Command): Held => ({ fields: new Map(fieldsOf(c).map((f) => [f.name, f])), received: [] });

/** The service's struct, its handlers' registration and, per command, the guard, the catch-all and the publishing around its business logic. */
function plumbingFile(design: Design, layout: Layout, pkg: GoPackage, s: Service, handled: readonly Command[], source: string): string {
  const go = new GoSource(generatedHeader(source), pkg.name);
  const name = serviceType(design, layout, pkg, s);
  const publishing = publishingOf(s);
  const idempotent = handled.some((c) => isIdempotentHandling(design, c.name) === true);
  const platform = (p: string) => layout.importPath(`platform/${p}`);
  go.use('context', platform('command'));
  if (publishing === 'event-sourced' || publishing === 'stream') go.use(platform('event'));
  const deps: string[] = [];
  if (publishing === 'event-sourced')
    deps.push('\t// Stream holds its aggregates, one stream each, and is where its events are published.', `\tStream\u000bevent.Stream`);
  if (publishing === 'stream')
    deps.push(
      `\t// Stream is where its events are published${s.publishing === 'direct' ? ' (publishing: direct, after its state is saved: a dual write)' : ''}.`,
      `\tStream\u000bevent.Stream`,
    );
  if (publishing === 'outbox') {
    go.use(platform('outbox'));
    deps.push('\t// Tx runs its local transactions; Outbox writes its messages in them.', `\tTx\u000boutbox.Transactor`, `\tOutbox\u000boutbox.Writer`);
  }
  if (idempotent) deps.push('\t// Seen remembers what it has handled, so that a redelivery takes effect once.', `\tSeen\u000bcommand.Deduplicator`);
  go.add(
    `// ${name} is the service ${s.name}${s.persistence === 'event-sourced' ? ' (event-sourced)' : ''}: what it depends on, injected.`,
    deps.length === 0 ? `type ${name} struct{}` : [`type ${name} struct {`, ...deps, '}'].join('\n'),
  );
  if (handled.length > 0) {
    go.use('fmt');
    go.add(
      `// Register registers ${possessive(s.name)} command handlers on bus.`,
      `func (s *${name}) Register(bus command.Bus) error {`,
      ...handled.flatMap((c) => [
        `\tif err := bus.Register(${quote(c.name)}, command.HandlerFunc(s.handle${exported(c.name)})); err != nil {`,
        '\t\treturn err',
        '\t}',
      ]),
      '\treturn nil',
      '}',
    );
  }
  if (publishing === 'event-sourced') {
    go.add(
      `// load reads the aggregate id's stream: its history and its version.`,
      `func (s *${name}) load(ctx context.Context, id string) ([]event.Event, int, error) {`,
      `\trecords, err := s.Stream.Read(ctx, ${quote(`${s.name}-`)}+id)`,
      '\tif err != nil {',
      '\t\treturn nil, 0, err',
      '\t}',
      '\thistory := make([]event.Event, len(records))',
      '\tfor i, r := range records {',
      '\t\thistory[i] = r.Event',
      '\t}',
      '\treturn history, len(records), nil',
      '}',
    );
    go.add(
      "// save appends new events to the aggregate's stream if it is still at version: the events are the state, and the publication.",
      `func (s *${name}) save(ctx context.Context, id string, version int, md command.Metadata, events ...event.Event) error {`,
      '\tif len(events) == 0 {',
      '\t\treturn nil',
      '\t}',
      `\t_, err := s.Stream.Append(ctx, ${quote(`${s.name}-`)}+id, version, md, events...)`,
      '\treturn err',
      '}',
    );
  }
  // publish is for a failure event, and for every event of a service that neither writes an outbox nor appends to its aggregates.
  if (publishing === 'stream' || publishing === 'none' || handled.some((c) => outcomesOf(design, layout, pkg, c.name).failure))
    go.use(platform('event')).add(...publishFunc(name, s, publishing));
  for (const c of handled) go.add(...handlerFunc(design, layout, pkg, s, c, publishing));
  const retries = handled.flatMap((c) => {
    // A compensating command is retried as its compensation says, where it says so.
    const own = [...design.compensations.values()].find((x) => x.command?.name === c.name && x.retry)?.retry;
    const r = retryFor(design, c.name, own);
    return r && design.infrastructure.retryPolicies.has(r.policy) ? [`\t${quote(c.name)}:${KEY}config.${exported(r.policy)},`] : [];
  });
  if (retries.length > 0) {
    go.use(layout.importPath('config'), platform('retry'));
    go.add(
      `// ${name}Retries is the retry policy of each of ${possessive(s.name)} commands: the consumer retries transient failures with it.`,
      `var ${name}Retries = map[string]retry.Policy{`,
      ...retries,
      '}',
    );
  }
  return go.text();
}

function publishFunc(name: string, s: Service, publishing: Publishing): string[] {
  const head = `// publish sends events ${s.name} records outside a command's own transaction (a failure event).`;
  const sig = `func (s *${name}) publish(ctx context.Context, md command.Metadata, events ...event.Event) error {`;
  if (publishing === 'outbox')
    return [
      head,
      sig,
      '\treturn s.Tx.InTransaction(ctx, func(ctx context.Context, tx outbox.Tx) error {',
      '\t\treturn s.Outbox.Write(ctx, tx, outbox.Events(md, events...)...)',
      '\t})',
      '}',
    ];
  if (publishing === 'none') return [head.replace('sends events', 'would send events (it publishes none)'), sig, '\treturn nil', '}'];
  return [head, sig, `\t_, err := s.Stream.Append(ctx, ${quote(s.name)}, event.AnyVersion, md, events...)`, '\treturn err', '}'];
}

function handlerFunc(design: Design, layout: Layout, pkg: GoPackage, s: Service, c: Command, publishing: Publishing): string[] {
  const name = serviceType(design, layout, pkg, s);
  const cmd = exported(c.name);
  const logic = unexported(c.name);
  const { failure } = outcomesOf(design, layout, pkg, c.name);
  const idempotent = isIdempotentHandling(design, c.name) === true;
  const key = c.idempotencyKey && fieldsOf(c).find((f) => f.name === c.idempotencyKey?.name);
  const lines = [
    `// handle${cmd} handles ${c.name}: ${idempotent ? 'once per key, ' : ''}its business logic${publishing === 'outbox' ? ' and its outbox write in one local transaction' : ''}${failure ? `; whatever goes wrong, an error or a panic, is answered with ${failure}` : ''}.`,
    `func (s *${name}) handle${cmd}(ctx context.Context, c command.Command, md command.Metadata) (err error) {`,
    `\tcmd, ok := c.(${cmd})`,
    '\tif !ok {',
    `\t\treturn fmt.Errorf("${s.name}: ${c.name} expected, got %s", c.CommandName())`,
    '\t}',
    '\tdefer func() {',
    '\t\tif r := recover(); r != nil {',
    `\t\t\terr = fmt.Errorf("${c.name}: %v", r)`,
    '\t\t}',
  ];
  if (failure) {
    const reason = Object.fromEntries(['reason', 'error', 'message', 'cause', 'failureReason', 'errorMessage'].map((f) => [f, 'err.Error()']));
    const built = literal(design, layout, commandHeld(c), 'event', failure, { map: {}, sets: [], from: pkg, exprs: reason }, 'cmd');
    lines.push('\t\tif err != nil {', ...built.todos.map((t) => comment('\t\t\t', t)), `\t\t\terr = s.publish(ctx, md, ${built.expr})`, '\t\t}');
  }
  lines.push('\t}()');
  if (idempotent) {
    lines.push(
      `\tkey := ${key ? `fmt.Sprint(cmd.${key.goName})` : 'md[command.MessageID]'}`,
      `\tif seen, err := s.Seen.Seen(ctx, ${quote(c.name)}, key); err != nil || seen {`,
      '\t\treturn err',
      '\t}',
    );
  }
  const remember = idempotent ? `return s.Seen.Remember(ctx, ${quote(c.name)}, key)` : 'return nil';
  if (publishing === 'outbox') {
    lines.push(
      '\treturn s.Tx.InTransaction(ctx, func(ctx context.Context, tx outbox.Tx) error {',
      `\t\tevents, err := s.${logic}(ctx, tx, cmd)`,
      '\t\tif err != nil {',
      '\t\t\treturn err',
      '\t\t}',
      '\t\tif err := s.Outbox.Write(ctx, tx, outbox.Events(md, events...)...); err != nil {',
      '\t\t\treturn err',
      '\t\t}',
      `\t\t${remember}`,
      '\t})',
      '}',
    );
    return lines;
  }
  if (publishing === 'event-sourced') {
    const id = aggregateKey(c);
    lines.push(
      `\tid := ${id ? `fmt.Sprint(cmd.${id.goName})` : 'md[command.CorrelationID]'}`,
      '\thistory, version, err := s.load(ctx, id)',
      '\tif err != nil {',
      '\t\treturn err',
      '\t}',
      `\tevents, err := s.${logic}(ctx, history, cmd)`,
      '\tif err != nil {',
      '\t\treturn err',
      '\t}',
      '\tif err := s.save(ctx, id, version, md, events...); err != nil {',
      '\t\treturn err',
      '\t}',
    );
  } else {
    lines.push(
      `\tevents, err := s.${logic}(ctx, cmd)`,
      '\tif err != nil {',
      '\t\treturn err',
      '\t}',
      '\tif err := s.publish(ctx, md, events...); err != nil {',
      '\t\treturn err',
      '\t}',
    );
  }
  lines.push(`\t${remember}`, '}');
  return lines;
}

/** The field an event-sourced aggregate is found by: the command's idempotency key, else its first field. */
const aggregateKey = (c: Command): GoField | undefined => {
  const fields = fieldsOf(c);
  return fields.find((f) => f.name === c.idempotencyKey?.name) ?? fields[0];
};

/** The business logic of each command, with TODOs: written once, the user's from then on. */
function logicFile(design: Design, layout: Layout, pkg: GoPackage, s: Service, handled: readonly Command[], source: string): string {
  const go = new GoSource(onceHeader(source), pkg.name);
  const publishing = publishingOf(s);
  go.use('context', layout.importPath('platform/event'));
  if (publishing === 'outbox') go.use(layout.importPath('platform/outbox'));
  for (const c of handled) {
    const { success } = outcomesOf(design, layout, pkg, c.name);
    const params =
      publishing === 'outbox'
        ? 'ctx context.Context, tx outbox.Tx, cmd'
        : publishing === 'event-sourced'
          ? 'ctx context.Context, history []event.Event, cmd'
          : 'ctx context.Context, cmd';
    const built = success ? literal(design, layout, commandHeld(c), 'event', success, { map: {}, sets: [], from: pkg }, 'cmd') : undefined;
    const where =
      publishing === 'outbox'
        ? ' within tx (the outbox write joins it)'
        : publishing === 'event-sourced'
          ? ' from its history (the events it returns are appended to it)'
          : '';
    go.add(
      `// ${unexported(c.name)} is the business logic of ${c.name}: it returns the events that record what it did,`,
      '// or an error when it could not.',
      `func (s *${serviceType(design, layout, pkg, s)}) ${unexported(c.name)}(${params} ${exported(c.name)}) ([]event.Event, error) {`,
      `\t_ = ctx${publishing === 'outbox' ? '\n\t_ = tx' : publishing === 'event-sourced' ? '\n\t_ = history' : ''}`,
      comment('\t', `TODO: business logic: decide on ${c.name}${where}.`),
      ...(built ? built.todos.map((t) => comment('\t', t)) : []),
      built ? `\treturn []event.Event{${built.expr}}, nil` : `\t_ = cmd\n\treturn nil, nil`,
      '}',
    );
  }
  return go.text();
}

/** config: the design's retry policies and dead-letter settings. */
export function configFile(design: Design, layout: Layout, source: string): GoFile {
  const go = new GoSource(generatedHeader(source), 'config', "// Package config holds the design's retry policies and dead-letter settings.");
  go.use(layout.importPath('platform/retry'));
  for (const p of design.infrastructure.retryPolicies.values()) {
    const parts = [`Name: ${quote(p.name)}`];
    if (p.maxAttempts !== undefined) parts.push(`MaxAttempts: ${p.maxAttempts === 'unlimited' ? 'retry.Unlimited' : p.maxAttempts}`);
    if (p.backoff) parts.push(`Backoff: retry.${exported(p.backoff)}`);
    if (p.initialDelay) parts.push(`InitialDelay: ${durationLiteral(p.initialDelay)}`);
    if (p.maxDelay) parts.push(`MaxDelay: ${durationLiteral(p.maxDelay)}`);
    if (p.intervals?.length) parts.push(`Intervals: []time.Duration{${p.intervals.map((d) => durationLiteral(d)).join(', ')}}`);
    if (p.jitter) parts.push('Jitter: true');
    if (p.nonRetryable?.length) parts.push(`NonRetryable: []string{${p.nonRetryable.map(quote).join(', ')}}`);
    if (/time\./.test(parts.join())) go.use('time');
    go.add(`// ${exported(p.name)} is the retry policy ${p.name}.`, `var ${exported(p.name)} = retry.Policy{${parts.join(', ')}}`);
  }
  if (design.infrastructure.defaultRetry)
    go.add('// DefaultRetry applies wherever the design names no retry policy.', `var DefaultRetry = ${exported(design.infrastructure.defaultRetry.name)}`);
  const dl = design.infrastructure.deadLetter;
  const rows = [...design.services.values()].map((s) => {
    const own = s.consumers?.deadLetter;
    const queue = own === false ? '' : (own ?? (dl ? dl.queue : ''));
    const max = dl && own !== false && dl.maxDeliveries !== undefined ? `, MaxDeliveries: ${dl.maxDeliveries}` : '';
    return `\t${quote(s.name)}:${KEY}{Queue: ${quote(queue)}${queue ? max : ''}},`;
  });
  go.add(
    "// DeadLetters is where each service's unprocessable messages go (an empty Queue: the design says there is none).",
    'var DeadLetters = map[string]retry.DeadLetter{',
    ...rows,
    '}',
  );
  return { path: 'config/config.go', text: go.text(), once: false };
}
