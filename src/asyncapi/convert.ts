import path from 'node:path';
import { Document, isMap, isPair, isScalar, isSeq, visit, type Pair, type YAMLMap } from 'yaml';
import type { Path } from '../findings.js';
import { locate } from '../parse/locate.js';
import { parseYaml, type ParsedFile } from '../parse/yaml.js';
import { pointerPath, readDocument, type AsyncApiDocument, type AsyncApiMessage } from './document.js';
import { ASYNCAPI_VERSIONS, validateAsyncApi } from './validate.js';

export { pointerPath };
import { isBaseVerb, isPastForm, words } from '../util/english.js';

/** A problem of the AsyncAPI document itself, where the parser saw it (0-based, as the parser gives it). */
export interface AsyncApiProblem {
  readonly message: string;
  readonly code: string;
  readonly path: Path;
  readonly line: number;
  readonly character: number;
}

/** An AsyncAPI document turned into a design, with where each part of it came from. */
export interface Converted {
  /**
   * The design as YAML, with `schemaLine` (the editor's `# yaml-language-server: $schema=…`, for the
   * file it is written to) at the top and TODO comments for what AsyncAPI cannot say. Made only when
   * asked: a review reads the value.
   */
  text(schemaLine: string): string;
  /** The design's plain value. */
  readonly value: Record<string, unknown>;
  /** Design path (JSON of its segments) → path in the AsyncAPI document it came from. */
  readonly origins: ReadonlyMap<string, Path>;
  /** What was not followed or not converted (remote $refs), one sentence each. */
  readonly notes: readonly string[];
  readonly asyncapiVersion: string;
}

/** The result, with the document as read (its positions locate the findings of the review). */
export type ConvertResult = ({ readonly ok: true; readonly converted: Converted } | { readonly ok: false; readonly problems: readonly AsyncApiProblem[] }) & {
  readonly parsed?: ParsedFile;
};

/** Protocol → the design format's broker, where there is one; otherwise `other` with the protocol in a comment. */
const BROKERS: Readonly<Record<string, string>> = {
  kafka: 'kafka',
  'kafka-secure': 'kafka',
  amqp: 'rabbitmq',
  amqps: 'rabbitmq',
  sqs: 'sqs',
  sns: 'sns',
  nats: 'nats',
  pulsar: 'pulsar',
  googlepubsub: 'google-pubsub',
  redis: 'redis',
};

/** `Streetlights MQTT API` → `StreetlightsMqttApi`; `lightMeasured` → `LightMeasured`: a name in the design's style. */
export function pascal(name: string): string {
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const out = parts
    .map((p) => (p === p.toUpperCase() && p.length > 1 ? p.charAt(0) + p.slice(1).toLowerCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join('');
  return /^[A-Za-z]/.test(out) ? out : `M${out}`;
}

function kebab(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'imported-asyncapi'
  );
}

/**
 * Command or event, by name: past tense reads as an event (LightMeasured), a verb in the imperative
 * as a command (TurnOn, DimLight). A message tagged `command` or `event`, or with `x-eda-kind`, says so itself.
 */
export function messageKind(name: string, tags: readonly string[]): 'command' | 'event' {
  const said = tags.map((t) => t.toLowerCase()).find((t) => t === 'command' || t === 'event');
  if (said) return said as 'command' | 'event';
  const w = words(name);
  if (w.some((x) => isPastForm(x))) return 'event';
  return w[0] && isBaseVerb(w[0]) ? 'command' : 'event';
}

interface Message {
  readonly name: string;
  readonly original: string;
  kind: 'command' | 'event';
  readonly fields: string[];
  readonly pointer: Path;
  readonly payloadPointer?: Path;
  readonly channels: string[];
  sent: boolean;
  received: boolean;
  /** An AsyncAPI 3 operation's reply: the requests (commands) it answers. */
  readonly replyTo: string[];
}

/**
 * Reads an AsyncAPI 2.x or 3.x document (YAML or JSON), validates it against the official JSON
 * Schema of its version (@asyncapi/specs, precompiled), follows its `$ref`s (files beside it;
 * remote references are not fetched: nothing goes over the network), and turns it into a design:
 * the documented application → a service; servers → messaging; operations and channels → who sends
 * and receives which message; messages → events or commands; payload properties → fields;
 * `x-context` (or `x-bounded-context`, or a tag `context:<Name>`) on info → the context. What
 * AsyncAPI cannot say (processes, compensations, retries, outbox, delivery) is left as TODO comments.
 */
export async function convertAsyncApi(file: string, text: string, maxFileSize?: number): Promise<ConvertResult> {
  const version = versionProblem(text);
  if (version) return { ok: false, problems: [version] };
  const source = { file, text };
  const parsed = parseYaml(source);
  const at = (p: Path, message: string, code: string): AsyncApiProblem => {
    const pos = locate(parsed, { file, path: p });
    return { message, code, path: p, line: pos.line - 1, character: pos.column - 1 };
  };
  const syntax = parsed.problems[0];
  if (syntax) {
    const pos = parsed.lines.linePos(syntax.start);
    return { ok: false, parsed, problems: [{ message: syntax.message, code: 'yaml-syntax', path: [], line: pos.line - 1, character: pos.col - 1 }] };
  }
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, parsed, problems: [at([], 'an AsyncAPI document is a map of keys (asyncapi, info, channels, …)', 'asyncapi-document')] };
  const doc = value as Record<string, unknown>;
  const asyncapiVersion = String(doc.asyncapi);
  if (!ASYNCAPI_VERSIONS.includes(asyncapiVersion)) {
    return {
      ok: false,
      parsed,
      problems: [
        at(
          ['asyncapi'],
          `asyncapi: '${asyncapiVersion}' is not a version this tool reads; the versions are ${ASYNCAPI_VERSIONS.join(', ')}`,
          'asyncapi-version',
        ),
      ],
    };
  }
  const problems = await validateAsyncApi(doc, asyncapiVersion);
  if (problems.length > 0) {
    const located = problems.map((p) => at(p.path, p.message, 'asyncapi-schema')).sort((x, y) => x.line - y.line || x.character - y.character);
    return { ok: false, parsed, problems: located };
  }
  const base = file === '-' || file === '<stdin>' ? path.join(path.resolve('.'), 'stdin.yaml') : path.resolve(file);
  const { document, resolver } = readDocument(doc, base, maxFileSize);
  const converted = build(document, file, resolver.remote, resolver.broken);
  return { ok: true, parsed, converted };
}

/** A document whose `asyncapi:` is not a version such as 2.6.0 or 3.1.0: said plainly, before the parser stumbles on it. */
function versionProblem(text: string): AsyncApiProblem | undefined {
  const lines = text.split(/\r?\n/);
  const line = lines.findIndex((l) => /^\uFEFF?\s*\{?\s*["']?asyncapi["']?\s*:/.test(l));
  if (line === -1) return undefined;
  const m = /asyncapi["']?\s*:\s*["']?([^"',}\s]*)/.exec(lines[line] ?? '');
  const value = m?.[1] ?? '';
  if (/^[23]\.\d+\.\d+$/.test(value)) return undefined;
  const character = (lines[line] ?? '').indexOf('asyncapi');
  return {
    message: `asyncapi: '${value}' is not an AsyncAPI version this tool reads; write 2.x.y or 3.x.y, such as 2.6.0 or 3.0.0`,
    code: 'asyncapi-version',
    path: ['asyncapi'],
    line,
    character: Math.max(0, character),
  };
}

function build(doc: AsyncApiDocument, file: string, remote: readonly string[], broken: readonly string[] = []): Converted {
  const origins = new Map<string, Path>();
  const origin = (designPath: Path, from: Path) => origins.set(JSON.stringify(designPath), from);
  const info = doc.info();
  const app = pascal(info.title() || 'Application');
  // The bounded context: x-context (or x-bounded-context) on info, else an info tag `context:<Name>`.
  const tagged = info
    .tags()
    .all()
    .map((t) => /^(?:bounded-)?context:\s*(.+)$/i.exec(t.name())?.[1])
    .find((c) => c !== undefined);
  const contextValue = info.extensions().get('x-context')?.value() ?? info.extensions().get('x-bounded-context')?.value() ?? tagged;
  const context = typeof contextValue === 'string' && contextValue.trim() !== '' ? pascal(contextValue) : undefined;

  // Messages in the order the operations give them; one entry per name.
  const messages = new Map<string, Message>();
  const entryOf = (m: AsyncApiMessage, kindOf: (original: string, tags: string[]) => Message['kind']): Message => {
    const original = m.name() ?? m.id() ?? m.title() ?? `Message${messages.size + 1}`;
    const name = pascal(original);
    const found = messages.get(name);
    if (found) return found;
    const kindExt = m.extensions().get('x-eda-kind')?.value();
    const tags = [
      ...m
        .tags()
        .all()
        .map((t) => t.name()),
      ...(typeof kindExt === 'string' ? [kindExt] : []),
    ];
    const payload = m.hasPayload() ? m.payload() : undefined;
    const required = new Set(payload?.required() ?? []);
    const fields = Object.keys(payload?.properties() ?? {}).map((f) => (required.has(f) ? f : `${f}?`));
    const payloadPointer = payload?.meta().pointer;
    const entry: Message = {
      name,
      original,
      kind: kindOf(original, tags),
      fields,
      pointer: pointerPath(m.meta().pointer ?? ''),
      ...(payloadPointer ? { payloadPointer: pointerPath(payloadPointer) } : {}),
      channels: [],
      sent: false,
      received: false,
      replyTo: [],
    };
    messages.set(name, entry);
    return entry;
  };
  for (const op of doc.operations().all()) {
    const channels = op
      .channels()
      .all()
      .map((c) => c.address() ?? c.id());
    const all = op.messages().all();
    const byName = all.map((m) => messageKind(m.name() ?? m.id() ?? '', []));
    // An operation that carries mostly events (Slack's one channel of 40 kinds of message) is an
    // event stream: its ambiguous names (channelArchive) are events too.
    const stream = all.length > 1 && byName.filter((k) => k === 'event').length * 2 > all.length;
    const requests: Message[] = [];
    for (const m of all) {
      const entry = entryOf(m, (original, tags) => (stream && !tags.some((t) => t.toLowerCase() === 'command') ? 'event' : messageKind(original, tags)));
      for (const c of channels) if (!entry.channels.includes(c)) entry.channels.push(c);
      if (op.isSend()) entry.sent = true;
      if (op.isReceive()) entry.received = true;
      requests.push(entry);
    }
    // AsyncAPI 3 request/reply (1.1): the request is a command, each reply message an event that
    // replies to it, sent back by whoever handles the request.
    const reply = op.reply?.();
    if (reply && requests.length > 0) {
      for (const r of requests) r.kind = 'command';
      const channel = reply.channel();
      const address = channel ? (channel.address() ?? channel.id()) : undefined;
      for (const m of reply.messages().all()) {
        const entry = entryOf(m, () => 'event');
        entry.kind = 'event';
        if (address && !entry.channels.includes(address)) entry.channels.push(address);
        for (const r of requests) if (!entry.replyTo.includes(r.name)) entry.replyTo.push(r.name);
        // The application that sends the request receives the reply, and the other way round.
        if (op.isSend()) entry.received = true;
        if (op.isReceive()) entry.sent = true;
      }
    }
  }

  const value: Record<string, unknown> = { version: 1, name: kebab(info.title() || path.basename(file)) };
  value.description = `${info.title()} ${info.version()}, imported from AsyncAPI ${doc.version()} (${path.basename(file)}).`;
  if (context) {
    value.contexts = { [context]: {} };
    origin(['contexts', context], ['info']);
  }
  // A reply is sent back to the requester, not published: nobody subscribes to it.
  const receivedEvents = [...messages.values()].filter((m) => m.kind === 'event' && m.received && m.replyTo.length === 0).map((m) => m.name);
  const service: Record<string, unknown> = { ...(context ? { context } : {}), 'x-asyncapi': { title: info.title(), version: info.version() } };
  if (receivedEvents.length > 0) service.subscribes = receivedEvents;
  const services: Record<string, unknown> = { [app]: service };
  origin(['services', app], ['info', 'title']);
  const sentCommands = [...messages.values()].filter((m) => m.kind === 'command' && m.sent && !m.received);
  const peers = `${app}Receivers`;
  if (sentCommands.length > 0) {
    services[peers] = {
      ...(context ? { context } : {}),
      description: `Stands for the applications that receive ${sentCommands.map((m) => m.name).join(', ')}: the AsyncAPI document does not name them.`,
    };
    origin(['services', peers], sentCommands[0]?.pointer ?? []);
  }
  value.services = services;

  const commands: Record<string, unknown> = {};
  const events: Record<string, unknown> = {};
  for (const m of messages.values()) {
    const trace = { message: m.original, channels: m.channels };
    if (m.kind === 'command') {
      commands[m.name] = { handledBy: m.received ? app : peers, ...(m.fields.length > 0 ? { fields: m.fields } : {}), 'x-asyncapi': trace };
      origin(['commands', m.name], m.pointer);
      if (m.payloadPointer) origin(['commands', m.name, 'fields'], m.payloadPointer);
    } else {
      const handler = (command: string) => (messages.get(command)?.received ? app : peers);
      const e: Record<string, unknown> =
        m.replyTo.length > 0
          ? { producedBy: m.sent ? app : handler(m.replyTo[0] as string), replyTo: m.replyTo.length === 1 ? m.replyTo[0] : m.replyTo }
          : m.sent
            ? { producedBy: app, visibility: 'external' }
            : { source: 'external' };
      if (m.fields.length > 0) e.fields = m.fields;
      e['x-asyncapi'] = trace;
      events[m.name] = e;
      origin(['events', m.name], m.pointer);
      if (m.payloadPointer) origin(['events', m.name, 'fields'], m.payloadPointer);
    }
  }
  receivedEvents.forEach((e, i) => {
    const m = messages.get(e);
    if (m) origin(['services', app, 'subscribes', i], m.pointer);
  });
  if (Object.keys(commands).length > 0) value.commands = commands;
  if (Object.keys(events).length > 0) value.events = events;

  const server = doc.servers().all()[0];
  const protocol = server?.protocol() ?? '';
  if (server) {
    value.infrastructure = { messaging: { broker: BROKERS[protocol.toLowerCase()] ?? 'other' } };
    origin(['infrastructure'], pointerPath(server.meta().pointer ?? ''));
    origin(['infrastructure', 'messaging'], [...pointerPath(server.meta().pointer ?? ''), 'protocol']);
  }

  const notes = [
    ...[...new Set(remote)].map((u) => `the remote $ref ${u} was not fetched (eda-advisor does not use the network); its content is missing.`),
    ...new Set(broken.map((b) => `${b}; what it names is missing.`)),
  ];
  return {
    text: (schemaLine) => render(value, file, doc.version(), app, peers, protocol, notes, schemaLine),
    value,
    origins,
    notes,
    asyncapiVersion: doc.version(),
  };
}

function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap).items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** The design as YAML with the schema line, the source named, and TODOs where AsyncAPI is silent. */
function render(
  value: Record<string, unknown>,
  file: string,
  version: string,
  app: string,
  peers: string,
  protocol: string,
  notes: readonly string[],
  schemaLine: string,
): string {
  const doc = new Document(value);
  // Lists of names on one line, as designs are written by hand: fields: [orderId, total?].
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'x-asyncapi' && isMap(pair.value)) {
        pair.value.flow = true;
        for (const item of pair.value.items) if (isSeq(item.value)) item.value.flow = true;
      }
    },
  });
  const comment = (pair: Pair | undefined, text: string) => {
    if (pair && isScalar(pair.key)) pair.key.commentBefore = text;
  };
  const services = pairOf(doc.contents, 'services');
  comment(
    pairOf(services?.value, app),
    [
      ` The application ${path.basename(file)} describes.`,
      ' TODO persistence: event-sourced | state-stored | none — AsyncAPI does not say.',
      ' TODO publishing: outbox | event-store | direct — how its messages leave its local transaction.',
      ' TODO consumers: { idempotent: true, retry: <policy>, deadLetter: <queue> }',
    ].join('\n'),
  );
  comment(pairOf(services?.value, peers), ' TODO replace with the services that handle these commands, one handledBy each.');
  comment(
    pairOf(doc.contents, 'events'),
    ' Events received from elsewhere are source: external until their producers are in the design.\n TODO version: the contract version of each external event.',
  );
  comment(
    pairOf(doc.contents, 'infrastructure'),
    ` From the first server (protocol ${protocol || 'not given'}).\n TODO durable, delivery (at-least-once?), deadLetter, retryPolicies, observability: AsyncAPI does not say.`,
  );
  doc.commentBefore = [
    schemaLine.replace(/^#/, ''),
    ` Imported by eda-advisor from ${path.basename(file)} (AsyncAPI ${version}). Names are in PascalCase;`,
    ' x-asyncapi keeps the message and channel each came from.',
    ...notes.map((n) => ` NOTE ${n}`),
  ].join('\n');
  doc.comment = [
    ' TODO processes: AsyncAPI describes messages, not the distributed processes that use them.',
    ' Add the sagas, process managers or choreographies here (see eda-advisor init).',
    ' TODO compensations: how each command that changes state is undone.',
  ].join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
