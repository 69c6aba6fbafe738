import path from 'node:path';
import { InputError } from '../errors.js';
import type { Path } from '../findings.js';
import { loadSource } from '../parse/load.js';
import { parseYaml } from '../parse/yaml.js';

/**
 * An AsyncAPI 2.x or 3.x document as the converter reads it: operations, channels, messages,
 * payloads, servers and info, with `$ref`s followed (in the document, and to files beside it; a
 * remote reference is not fetched), traits applied, and each message named and placed as
 * @asyncapi/parser does (the same names, the same JSON pointers), without loading it.
 */

type Json = Record<string, unknown>;

export interface Model {
  meta(): { pointer?: string };
}
export interface AsyncApiMessage extends Model {
  id(): string | undefined;
  name(): string | undefined;
  title(): string | undefined;
  tags(): { all(): { name(): string }[] };
  extensions(): { get(id: string): { value(): unknown } | undefined };
  hasPayload(): boolean;
  payload(): (Model & { properties(): Record<string, unknown> | undefined; required(): string[] | undefined }) | undefined;
}
export type AsyncApiChannel = Model & { address(): string | null | undefined; id(): string };
export interface AsyncApiOperation extends Model {
  id(): string | undefined;
  isSend(): boolean;
  isReceive(): boolean;
  channels(): { all(): AsyncApiChannel[] };
  messages(): { all(): AsyncApiMessage[] };
  extensions(): { get(id: string): { value(): unknown } | undefined };
  /** AsyncAPI 3: what answers the request, on which channel. */
  reply?(): (Model & { messages(): { all(): AsyncApiMessage[] }; channel(): AsyncApiChannel | undefined }) | undefined;
}
export interface AsyncApiDocument {
  version(): string;
  info(): Model & {
    title(): string;
    version(): string;
    extensions(): { get(id: string): { value(): unknown } | undefined };
    tags(): { all(): { name(): string }[] };
  };
  servers(): { all(): (Model & { id(): string; protocol(): string })[] };
  operations(): { all(): AsyncApiOperation[] };
}

/** `/channels/a~1b/publish` → ['channels', 'a/b', 'publish']. */
export function pointerPath(pointer: string): Path {
  if (!pointer || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const tilde = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const entries = (v: unknown): [string, unknown][] => (isObject(v) ? Object.entries(v) : []);
const extensions = (o: Json) => ({ get: (id: string) => (id.startsWith('x-') && Object.hasOwn(o, id) ? { value: () => o[id] } : undefined) });

/** A reference to another host (http:, https:, …): never fetched. */
function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) && !ref.startsWith('file:');
}

/** What a `$ref` led to: the value, the file it is in, and its JSON pointer there. */
interface Target {
  readonly value: unknown;
  readonly file: string;
  readonly pointer?: string;
}

/** Follows `$ref`s: in the document, to files beside it (read once each), never over the network. */
export class Resolver {
  /** The remote documents asked for and not fetched, in order. */
  readonly remote: string[] = [];
  /** What could not be followed (a missing file, a pointer to nothing), one sentence each. */
  readonly broken: string[] = [];
  private readonly files = new Map<string, unknown>();

  constructor(
    private readonly rootFile: string,
    root: unknown,
    private readonly maxFileSize?: number,
  ) {
    this.files.set(rootFile, root);
    // Every remote reference of the document is named, also those no operation reaches.
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (Array.isArray(node)) for (let i = node.length - 1; i >= 0; i--) stack.push(node[i]);
      else if (isObject(node)) {
        const ref = node.$ref;
        if (typeof ref === 'string' && isRemote(ref)) this.remote.push(ref.split('#')[0] ?? ref);
        for (const v of Object.values(node).reverse()) stack.push(v);
      }
    }
  }

  /** The value behind `value` when it is a `{ $ref }` (through chains of them), else the value itself. */
  follow(value: unknown, file = this.rootFile): Target {
    let current: Target = { value, file };
    for (let hops = 0; hops < 32 && isObject(current.value) && typeof current.value.$ref === 'string'; hops++) {
      current = this.target(current.value.$ref, current.file);
    }
    return current;
  }

  private target(ref: string, from: string): Target {
    const hash = ref.indexOf('#');
    const base = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : decodeURIComponent(ref.slice(hash + 1));
    if (isRemote(base)) {
      if (!this.remote.includes(base)) this.remote.push(base);
      return { value: { description: `not fetched: ${ref}` }, file: from };
    }
    const file = base === '' ? from : path.resolve(path.dirname(from), base.replace(/^file:\/\//, ''));
    let root = this.files.get(file);
    if (root === undefined && !this.files.has(file)) {
      root = this.read(file, ref);
      this.files.set(file, root);
    }
    let node: unknown = root;
    for (const seg of pointerPath(pointer)) {
      node = Array.isArray(node) ? node[Number(seg)] : isObject(node) ? node[String(seg)] : undefined;
      if (node === undefined) break;
    }
    if (node === undefined) {
      this.broken.push(`the $ref '${ref}' points at nothing`);
      return { value: undefined, file };
    }
    return { value: node, file, ...(pointer.startsWith('/') ? { pointer } : {}) };
  }

  private read(file: string, ref: string): unknown {
    try {
      const parsed = parseYaml(loadSource(file, this.maxFileSize));
      if (parsed.problems.length > 0) this.broken.push(`the $ref '${ref}' leads to a file that is not valid YAML`);
      return parsed.value;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.broken.push(`the $ref '${ref}' cannot be followed: ${err.message}`);
      return undefined;
    }
  }
}

/** JSON Merge Patch (RFC 7386), as traits are applied. */
function mergePatch(origin: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Json = isObject(origin) ? { ...origin } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v);
  }
  return result;
}

/**
 * An object with its traits applied: in 2.x each trait is merged over the object (a trait's value
 * wins), in 3.x the object is merged over its traits (its own value wins), as the parser does.
 */
function withTraits(r: Resolver, target: Target, major: number): Json {
  const o = isObject(target.value) ? target.value : {};
  if (!Array.isArray(o.traits)) return o;
  const traits = o.traits.map((t) => r.follow(t, target.file).value).filter(isObject);
  let out: Json = {};
  if (major === 2) {
    out = { ...o };
    for (const t of traits) for (const k of Object.keys(t)) out[k] = mergePatch(out[k], t[k]);
  } else {
    for (const t of [...traits, o]) for (const k of Object.keys(t)) out[k] = mergePatch(out[k], t[k]);
  }
  return out;
}

/** The key a `$ref` pointer ends with under a map (`#/components/messages/X` → X, under `messages`). */
function keyUnder(pointer: string | undefined, map: string): string | undefined {
  const p = pointerPath(pointer ?? '');
  return p.length >= 2 && p[p.length - 2] === map ? String(p[p.length - 1]) : undefined;
}

/** Reads a parsed AsyncAPI document into the model the converter walks. */
export function readDocument(root: Json, file: string, maxFileSize?: number): { document: AsyncApiDocument; resolver: Resolver } {
  const r = new Resolver(file, root, maxFileSize);
  const version = String(root.asyncapi ?? '');
  const major = Number(version.split('.')[0]);
  // A message object is named once, in the order operations give them (anonymous ones numbered), as the parser does.
  const names = new Map<object, string>();
  let anonymous = 0;
  // v2: a message a component defines is named by its key.
  const componentKeys = new Map<object, string>();
  for (const [key, m] of entries(r.follow(isObject(root.components) ? root.components.messages : undefined).value)) {
    const target = r.follow(m);
    if (isObject(target.value)) componentKeys.set(target.value, key);
  }

  const message = (ref: unknown, pointer: string, from: string, key?: string): AsyncApiMessage => {
    const target = r.follow(ref, from);
    const raw = isObject(target.value) ? target.value : {};
    const m = withTraits(r, target, major);
    // Its own id: 2.x's messageId or the component's key, 3.x's key in the map that defines it.
    const own = major === 2 ? (str(m.messageId) ?? componentKeys.get(raw)) : (key ?? keyUnder(target.pointer, 'messages'));
    // A message without a name or an id of its own is numbered now, in the order of the operations.
    if (str(m.name) === undefined && own === undefined && !names.has(raw)) names.set(raw, `<anonymous-message-${++anonymous}>`);
    return {
      id: () => own ?? names.get(raw),
      name: () => str(m.name),
      title: () => str(m.title),
      tags: () => ({
        all: () =>
          (Array.isArray(m.tags) ? m.tags : [])
            .map((t) => r.follow(t, target.file).value)
            .filter(isObject)
            .map((t) => ({ name: () => String(t.name ?? '') })),
      }),
      extensions: () => extensions(m),
      hasPayload: () => m.payload !== undefined && m.payload !== null,
      payload: () => {
        if (m.payload === undefined || m.payload === null) return undefined;
        let schema = r.follow(m.payload, target.file);
        // AsyncAPI 3's multi-format schema: { schemaFormat, schema }.
        if (major >= 3 && isObject(schema.value) && 'schemaFormat' in schema.value && 'schema' in schema.value)
          schema = r.follow(schema.value.schema, schema.file);
        const s = isObject(schema.value) ? schema.value : {};
        return {
          meta: () => ({ pointer: `${pointer}/payload` }),
          properties: () => {
            const p = r.follow(s.properties, schema.file).value;
            return isObject(p) ? p : undefined;
          },
          required: () => (Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : undefined),
        };
      },
      meta: () => ({ pointer }),
    };
  };

  const infoValue = r.follow(root.info).value;
  const info = isObject(infoValue) ? infoValue : {};
  const tagsOf = (list: unknown) => ({
    all: () =>
      (Array.isArray(list) ? list : [])
        .map((t) => r.follow(t).value)
        .filter(isObject)
        .map((t) => ({ name: () => String(t.name ?? '') })),
  });
  const document: AsyncApiDocument = {
    version: () => version,
    info: () => ({
      title: () => String(info.title ?? ''),
      version: () => String(info.version ?? ''),
      extensions: () => extensions(info),
      // 2.x keeps its tags at the root, 3.x in info.
      tags: () => tagsOf(major === 2 ? root.tags : info.tags),
      meta: () => ({ pointer: '/info' }),
    }),
    servers: () => ({
      all: () =>
        entries(r.follow(root.servers).value).map(([id, s]) => {
          const server = r.follow(s).value;
          return { id: () => id, protocol: () => String(isObject(server) ? (server.protocol ?? '') : ''), meta: () => ({ pointer: `/servers/${tilde(id)}` }) };
        }),
    }),
    operations: () => ({ all: () => (major === 2 ? operationsV2() : operationsV3()) }),
  };

  function operationsV2(): AsyncApiOperation[] {
    const out: AsyncApiOperation[] = [];
    for (const [address, ch] of entries(r.follow(root.channels).value)) {
      const channel = r.follow(ch);
      if (!isObject(channel.value)) continue;
      const c: AsyncApiChannel = { id: () => address, address: () => address, meta: () => ({ pointer: `/channels/${tilde(address)}` }) };
      for (const action of ['publish', 'subscribe'] as const) {
        const opTarget = r.follow(channel.value[action], channel.file);
        if (!isObject(opTarget.value)) continue;
        const op = withTraits(r, opTarget, 2);
        const pointer = `/channels/${tilde(address)}/${action}`;
        // Messages are read once, now: their anonymous names follow the order of the operations.
        const msgTarget = r.follow(op.message, opTarget.file);
        const list: AsyncApiMessage[] = [];
        if (isObject(msgTarget.value) && Array.isArray(msgTarget.value.oneOf))
          msgTarget.value.oneOf.forEach((m, i) => list.push(message(m, `${pointer}/message/oneOf/${i}`, msgTarget.file)));
        else if (op.message !== undefined) list.push(message(op.message, `${pointer}/message`, opTarget.file));
        out.push({
          id: () => str(op.operationId) ?? action,
          isSend: () => action === 'subscribe',
          isReceive: () => action === 'publish',
          channels: () => ({ all: () => [c] }),
          messages: () => ({ all: () => list }),
          extensions: () => extensions(op),
          reply: () => undefined,
          meta: () => ({ pointer }),
        });
      }
    }
    return out;
  }

  function channelOf(ref: unknown, from: string): { channel: AsyncApiChannel; value: Json; file: string; id: string } | undefined {
    const target = r.follow(ref, from);
    if (!isObject(target.value)) return undefined;
    const value = target.value;
    const id = keyUnder(target.pointer, 'channels') ?? '';
    const address = value.address === null ? null : str(value.address);
    return { channel: { id: () => id, address: () => address, meta: () => ({ pointer: `/channels/${tilde(id)}` }) }, value, file: target.file, id };
  }

  function operationsV3(): AsyncApiOperation[] {
    const out: AsyncApiOperation[] = [];
    for (const [opId, raw] of entries(r.follow(root.operations).value)) {
      const opTarget = r.follow(raw);
      if (!isObject(opTarget.value)) continue;
      const op = withTraits(r, opTarget, 3);
      const pointer = `/operations/${tilde(opId)}`;
      const ch = channelOf(op.channel, opTarget.file);
      const list: AsyncApiMessage[] = [];
      if (Array.isArray(op.messages)) op.messages.forEach((m, i) => list.push(message(m, `${pointer}/messages/${i}`, opTarget.file)));
      else if (ch)
        for (const [key, m] of entries(r.follow(ch.value.messages, ch.file).value))
          list.push(message(m, `/channels/${tilde(ch.id)}/messages/${tilde(key)}`, ch.file, key));
      const replyTarget = r.follow(op.reply, opTarget.file);
      const reply = isObject(replyTarget.value) ? replyTarget.value : undefined;
      let replyModel: ReturnType<NonNullable<AsyncApiOperation['reply']>>;
      if (reply) {
        const replyChannel = channelOf(reply.channel, replyTarget.file);
        const replies: AsyncApiMessage[] = [];
        if (Array.isArray(reply.messages)) reply.messages.forEach((m, i) => replies.push(message(m, `${pointer}/reply/messages/${i}`, replyTarget.file)));
        else if (replyChannel)
          for (const [key, m] of entries(r.follow(replyChannel.value.messages, replyChannel.file).value))
            replies.push(message(m, `/channels/${tilde(replyChannel.id)}/messages/${tilde(key)}`, replyChannel.file, key));
        replyModel = { messages: () => ({ all: () => replies }), channel: () => replyChannel?.channel, meta: () => ({ pointer: `${pointer}/reply` }) };
      }
      out.push({
        id: () => opId,
        isSend: () => op.action === 'send',
        isReceive: () => op.action === 'receive',
        channels: () => ({ all: () => (ch ? [ch.channel] : []) }),
        messages: () => ({ all: () => list }),
        extensions: () => extensions(op),
        reply: () => replyModel,
        meta: () => ({ pointer }),
      });
    }
    return out;
  }

  return { document, resolver: r };
}
