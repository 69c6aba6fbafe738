import type { Document, ErrorCode, Node, YAMLError, YAMLParseError } from 'yaml';
import type { Source } from './load.js';
import { syntaxWords, type SchemaData, type SyntaxData, type SyntaxKind } from './problems.js';
import { ALIAS, blockEnd, EMPTY, Lines, MAP, PositionIndex, SCALAR, SEQ } from './positions.js';
import { loadJsYaml, loadYaml } from '../util/host.js';
import { readPlainYaml } from './plain-reader.js';

/** What a syntax problem is: the `yaml` library's codes, and ours for the limits it does not know. */
export type SyntaxCode = ErrorCode | 'TOO_DEEP' | 'ALIAS_EXPANSION';

/**
 * A YAML syntax problem: its code, the kind of sentence it says and the data that fills it
 * (problems.ts), and the range it covers. `message` is that sentence, made once.
 */
export type SyntaxProblem = {
  readonly [K in SyntaxKind]: {
    readonly code: SyntaxCode;
    readonly kind: K;
    readonly data: ReturnType<typeof syntaxWords<K>>['data'];
    readonly message: string;
    readonly hint?: string;
    /** How many more times the same problem occurs below (said once, at the first). */
    readonly repeats?: number;
    readonly start: number;
    readonly end: number;
  };
}[SyntaxKind];

function syntaxProblem<K extends SyntaxKind>(
  code: SyntaxCode,
  kind: K,
  data: SyntaxData<K>,
  span: { start: number; end: number },
  hint?: string,
  repeats = 0,
): SyntaxProblem {
  return { code, kind, ...syntaxWords(kind, data, repeats), ...(hint ? { hint } : {}), ...(repeats > 0 ? { repeats } : {}), ...span } as SyntaxProblem;
}

export interface Comment {
  readonly offset: number;
  /** The comment's text after '#'. */
  readonly text: string;
}

/** A design file after the YAML parse: where each node is, and the plain value for the model. */
export interface ParsedFile {
  readonly source: Source;
  /** Where every node of the document is (see positions.ts). */
  readonly index: PositionIndex;
  readonly lines: Lines;
  /** The document's plain value; undefined when syntax problems make it unreliable. */
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  /** Comments that may be suppressions (those that mention eda-advisor-ignore). */
  readonly comments: readonly Comment[];
  /**
   * Which reader read it: plain-reader.ts for most designs, js-yaml for the rest of plain YAML, the
   * `yaml` library for anything else; `value` for a conversion's design, taken as it is (parsedFromValue).
   */
  readonly reader: 'plain' | 'js-yaml' | 'yaml' | 'value';
  /** Nodes a tag turned into what a design cannot hold (!!omap, !!set, …): schema findings. */
  readonly tags?: readonly TagProblem[];
}

/** A node whose tag makes it something other than a plain map, list or scalar. */
export interface TagProblem {
  readonly path: readonly (string | number)[];
  /** What fills the `tag` schema sentence (problems.ts). */
  readonly data: SchemaData<'tag'>;
}

/** Aliases may repeat a node at most this many times over before the document is refused. */
const MAX_ALIAS_COUNT = 1000;
/** Maps and lists may nest this deep; a design needs about ten levels. */
export const MAX_DEPTH = 64;

/** How deep maps and lists nest in a plain value, counted without recursion (a deep value must not overflow the stack). */
function depthOf(value: unknown): number {
  // Two parallel stacks and for-in: a large design has hundreds of thousands of nodes, and
  // allocating a tuple or an array of values for each would cost more than the walk itself.
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  let deepest = 0;
  while (nodes.length > 0) {
    const v = nodes.pop();
    const d = depths.pop() as number;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > deepest) {
      deepest = d + 1;
      if (deepest > MAX_DEPTH) return deepest;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const child = o[k];
      if (child !== null && typeof child === 'object') {
        nodes.push(child);
        depths.push(d + 1);
      }
    }
  }
  return deepest;
}

/**
 * What js-yaml reads otherwise than YAML 1.2's core schema (which the `yaml` library and so every
 * message about the file follow), or what needs that library's checks: anchors and aliases (the
 * alias-expansion limit), tags, explicit `?` keys, numbers such as 1_000, 0b101 or a signed -0x1f
 * that js-yaml reads and the core schema keeps as strings (and -.5, which is the other way round;
 * -0, which js-yaml reads as 0), `---x` at the start of a line (text to the core schema, a document
 * marker to js-yaml), and a document marker after the first line (js-yaml reads a `---` inside a
 * block scalar at the root as text; the core schema ends the document there). The plain reader
 * judges these scalar by scalar itself; this is for js-yaml's read, after it gives up.
 */
const NEEDS_FULL_PARSE =
  /(?:^|[\s[{,:-])[&*!][^\s,[\]{}]|\d_\d|\b0b[01]|[-+]\.\d|[-+]0[xo]|-0(?=[\s,\]}]|$)|(?:^|[\n{,[])[ \t]*\?(?:[ \t\r\n]|$)|(?:^|\n)(?:---|\.\.\.)[^ \t\r\n]|\n(?:---|\.\.\.)(?=[ \t\r\n]|$)/;

/**
 * Parses one design file, once. A plain design is read by the plain reader (plain-reader.ts), which
 * builds the value and every node's position in one pass; what it does not read, by js-yaml, which
 * reports every node it opens and closes. Either way the positions are kept in a PositionIndex as
 * the value is built. Anything else (what NEEDS_FULL_PARSE names, and whatever js-yaml refuses or
 * reads ambiguously) is read by the `yaml` library, so that every problem is reported in one voice,
 * with positions.
 */
export function parseYaml(source: Source): ParsedFile {
  // The plain reader judges what NEEDS_FULL_PARSE names for itself, where it meets it (an anchor, a
  // tag or an alias it does not read; a number the two schemas read apart): the text is not scanned
  // for it first.
  const plain = readPlain(source);
  if (plain) return plain;
  if (!needsFullParse(source.text)) {
    const fast = readWithJsYaml(source);
    if (fast) return fast;
  }
  return parseYamlFully(source);
}

/**
 * The design as plain-reader.ts reads it (most designs: block maps and lists, one-line scalars and
 * flow collections), or undefined for js-yaml to read. Nested no deeper than half the limit, so
 * that a document near the limit is judged by the readers that report it.
 */
export function readPlain(source: Source): ParsedFile | undefined {
  const text = source.text;
  const index = new PositionIndex(Math.max(1024, text.length >> 3));
  const read = readPlainYaml(text, index, MAX_DEPTH / 2);
  return read ? fastRead(source, index, read.value, 'plain') : undefined;
}

/** A text the plain reader or js-yaml read without a problem, with its suppression comments found in it. */
function fastRead(source: Source, index: PositionIndex, value: unknown, reader: 'plain' | 'js-yaml'): ParsedFile {
  const text = source.text;
  const comments = text.includes('eda-advisor-ignore') ? scanComments(text, index) : [];
  return { source, index, lines: new Lines(text), value, problems: [], comments, reader };
}

/**
 * A design built in memory (an AsyncAPI document's or an imported workflow's conversion) as a parsed
 * file, without reading text: its findings are moved to the file it came from, so its own nodes are
 * all at the start. The value is taken as its JSON text (`source.text`) says, as a read of that text
 * would give it; JSON holds no comments, so nothing in it is suppressed.
 */
export function parsedFromValue(source: Source): ParsedFile {
  const value: unknown = JSON.parse(source.text);
  const index = new PositionIndex();
  const add = (v: unknown): number => {
    if (v === null || typeof v !== 'object') return index.add(v === null ? EMPTY : SCALAR, 0, 0);
    if (Array.isArray(v)) {
      const node = index.add(SEQ, 0, 0);
      const items = v.map(add);
      for (const item of items) index.link(item);
      index.children(node, items.length);
      return node;
    }
    const node = index.add(MAP, 0, 0);
    const entries = Object.entries(v).map(([name, child]) => [index.add(SCALAR, 0, 0), name, add(child)] as const);
    for (const [key, name, child] of entries) {
      index.linkKey(key, name);
      index.link(child);
    }
    index.children(node, entries.length * 2);
    return node;
  };
  index.root = add(value);
  return { source, index, lines: new Lines(source.text), value, problems: [], comments: [], reader: 'value' };
}

/** Whether only the `yaml` library can read the text as the core schema does (see NEEDS_FULL_PARSE). */
export function needsFullParse(text: string): boolean {
  return NEEDS_FULL_PARSE.test(text);
}

const NO_NODE = -1;

let jsYamlModule: typeof import('js-yaml') | undefined;
let yamlModule: typeof import('yaml') | undefined;
/** The `yaml` library, loaded the first time a file needs the full parse (src/util/host.ts). */
function yamlLib(): typeof import('yaml') {
  return (yamlModule ??= loadYaml());
}

/** js-yaml's read of the text with every node's position, or undefined when only the full parse can say. */
export function readWithJsYaml(source: Source): ParsedFile | undefined {
  const text = source.text;
  // `[#…`: js-yaml reads a comment where a flow indicator touches '#'; YAML (and the `yaml` library)
  // needs a space before a comment. The full parser judges such a file.
  if (/[[\]{},]#/.test(text)) return undefined;
  // A tab in a line's indentation: js-yaml takes some for separation (`\t>` is an empty block of
  // text to it), the `yaml` library refuses every one. The full parser judges such a file.
  if (/(?:^|\n) *\t/.test(text)) return undefined;
  const index = new PositionIndex(Math.max(1024, text.length >> 3));
  // The nodes open now, and the children closed so far of each (with their values, for key names).
  const open: number[] = [];
  const bases: number[] = [];
  const kids: number[] = [];
  const kidValues: unknown[] = [];
  const closeAts: number[] = [];
  // The children on the stack: kids[0, top). The arrays are reused, not truncated (cheaper).
  let top = 0;
  let ok = true;
  // The next line break at or after an offset, remembered: a design on one line (10 MB of JSON) has
  // hundreds of thousands of flow collections, and searching to the end of the line for each would
  // be quadratic. No break lies in [eolFrom, eolAt).
  let eolFrom = -1;
  let eolAt = -1;
  const eolAfter = (from: number): number => {
    if (from >= eolFrom && from <= eolAt) return eolAt;
    const e = text.indexOf('\n', from);
    eolFrom = from;
    eolAt = e === -1 ? text.length : e;
    return eolAt;
  };
  const listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }) => {
    if (event === 'open') {
      open.push(index.add(EMPTY, state.position, state.position));
      bases.push(top);
      return;
    }
    const node = open.pop() as number;
    const base = bases.pop() as number;
    // js-yaml reads the text with a line break added at its end when it has none: no node ends past the text.
    const at = Math.min(state.position, text.length);
    const kind = state.kind;
    const result = state.result;
    if (kind === 'scalar') {
      const start = skipSeparation(text, index.starts[node] as number, at);
      index.starts[node] = start;
      index.ends[node] = trimEnd(text, start, at);
      index.kinds[node] = result === null ? EMPTY : SCALAR;
      // `"x"#…`: a comment must be separated by a space (the `yaml` library says so, js-yaml does not).
      if (text.charCodeAt(index.ends[node] as number) === 0x23) ok = false;
      // A quoted string over several lines has indentation rules js-yaml does not check: the full parser judges.
      const q = text.charCodeAt(start);
      if ((q === 0x22 || q === 0x27) && eolAfter(start) < (index.ends[node] as number)) ok = false;
    } else if ((kind === 'mapping' || kind === 'sequence') && top - base === 1 && kidValues[base] === result) {
      // js-yaml tried a block map at a list item or a value and found the collection inside it:
      // the same node twice, and the inner one is the one with children.
      const inner = kids[base] as number;
      index.kinds[node] = index.kinds[inner] as number;
      index.starts[node] = index.starts[inner] as number;
      index.ends[node] = index.ends[inner] as number;
      index.linkStart[node] = index.linkStart[inner] as number;
      index.linkCount[node] = index.linkCount[inner] as number;
    } else if (kind === 'mapping' || kind === 'sequence') {
      if (open.length + 1 > MAX_DEPTH) ok = false; // too deep: the full parser says so, with its message
      const start = skipSeparation(text, index.starts[node] as number, at);
      index.starts[node] = start;
      const count =
        kind === 'mapping' ? linkPairs(text, index, node, kids, kidValues, closeAts, base, top, result) : linkItems(index, node, kids, base, top, result);
      if (count < 0) ok = false;
      const flow = text.charCodeAt(start) === 0x7b || text.charCodeAt(start) === 0x5b;
      index.ends[node] = flow ? trimEnd(text, start, at) : blockEnd(text, index, node);
      if (flow && text.charCodeAt(index.ends[node] as number) === 0x23) ok = false;
      if (flow) {
        const eol = eolAfter(start);
        if (eol < at && !flowIndentedEnough(text, index, open, start, eol, at)) ok = false;
      }
      index.kinds[node] = kind === 'mapping' ? MAP : SEQ;
    }
    kids[base] = node;
    kidValues[base] = result;
    closeAts[base] = at;
    top = base + 1;
    if (open.length === 0) index.root = node;
  };
  let value: unknown;
  try {
    const jsYaml = (jsYamlModule ??= loadJsYaml());
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false, listener });
  } catch {
    return undefined;
  }
  // An empty document (blank, or comments only) has no node to place: the full parser reads it, so both readers say the same.
  if (!ok || open.length > 0 || value === undefined || value === null) return undefined;
  return fastRead(source, index, value, 'js-yaml');
}

/**
 * Pairs a map's children into key and value: a child is a value when the one before it is a key
 * followed by ':'; any other child is a key (`{ a }` has no value) or, when empty, a look-ahead of
 * js-yaml that found nothing. The pairs must name exactly the keys of the map js-yaml built;
 * otherwise (-1) the full parser reads the file.
 */
function linkPairs(
  text: string,
  index: PositionIndex,
  map: number,
  kids: readonly number[],
  values: readonly unknown[],
  closeAts: readonly number[],
  base: number,
  top: number,
  result: unknown,
): number {
  if (result === null || typeof result !== 'object') return -1;
  let pairs = 0;
  let skipped = false;
  let pendingKey = NO_NODE;
  for (let k = base; k < top; k++) {
    const child = kids[k] as number;
    if (pendingKey !== NO_NODE) {
      index.link(child);
      pendingKey = NO_NODE;
      continue;
    }
    const kind = index.kinds[child];
    if (kind === EMPTY) {
      skipped = true;
      continue;
    }
    if (kind !== SCALAR) return -1;
    const name = String(values[k]);
    if (!Object.hasOwn(result, name)) return -1;
    index.linkKey(child, name);
    pairs++;
    if (colonFollows(text, closeAts[k] as number)) pendingKey = child;
    else index.link(NO_NODE);
  }
  if (pendingKey !== NO_NODE) index.link(NO_NODE);
  // Every child that is not a value is a key js-yaml stored (checked above); only a child skipped as
  // empty (a null key?) can leave a key of the map without a node.
  if (skipped && pairs !== Object.keys(result).length) return -1;
  index.children(map, pairs * 2);
  return pairs;
}

function linkItems(index: PositionIndex, seq: number, kids: readonly number[], base: number, top: number, result: unknown): number {
  const count = top - base;
  if (!Array.isArray(result) || result.length !== count) return -1;
  for (let k = base; k < top; k++) index.link(kids[k] as number);
  index.children(seq, count);
  return count;
}

/**
 * A flow collection over several lines inside a block collection must be indented more than that
 * block (the `yaml` library says so; js-yaml does not look); its closing bracket may sit at the
 * block's indentation, and its line ends after that bracket. True when the outermost flow collection
 * starting at `start` is written so; false lets the full parser judge.
 */
function flowIndentedEnough(text: string, index: PositionIndex, open: readonly number[], start: number, eol: number, end: number): boolean {
  let block = -1;
  for (let k = open.length - 1; k >= 0; k--) {
    const ancestor = open[k] as number;
    const at = skipSeparation(text, index.starts[ancestor] as number, start);
    if (at === start) continue; // the same node, as js-yaml reports it twice
    const c = text.charCodeAt(at);
    if (c === 0x7b || c === 0x5b) return true; // inside an outer flow collection, which checks its lines
    block = at;
    break;
  }
  if (block === -1) return true; // a flow collection at the root (a JSON design) has no block to indent past
  // After its closing bracket, its line holds nothing but a comment: in `}services:` the next key is
  // written on the bracket's line, which js-yaml reads and the `yaml` library refuses.
  let after = end;
  while (text.charCodeAt(after) === 0x20) after++;
  const next = text.charCodeAt(after);
  if (!(next === 0x0a || next === 0x0d || next === 0x23 || after >= text.length)) return false;
  const indent = block - (text.lastIndexOf('\n', block - 1) + 1);
  for (let lineStart = eol + 1; lineStart < end;) {
    let i = lineStart;
    while (text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    const blank = c === 0x0a || c === 0x0d || c === 0x23 || i >= text.length;
    if (!blank && i - lineStart <= indent && !(i - lineStart === indent && i === end - 1 && (c === 0x5d || c === 0x7d))) return false;
    if (text.startsWith('---', lineStart) || text.startsWith('...', lineStart)) return false;
    const next = text.indexOf('\n', lineStart);
    if (next === -1) break;
    lineStart = next + 1;
  }
  return true;
}

/** Past spaces, line breaks and comments: where a node's own text starts. */
function skipSeparation(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 && (i === from || isSpace(text.charCodeAt(i - 1)))) {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? limit : eol + 1;
    } else break;
  }
  return i;
}

/** Back over trailing whitespace, keeping at least one character. */
function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start + 1 && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function colonFollows(text: string, from: number): boolean {
  let i = from;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  return text.charCodeAt(i) === 0x3a;
}

/**
 * The comments that mention eda-advisor-ignore, found in the text: a `#` at the start of a line or
 * after a space opens a comment unless it is inside a scalar (a quoted string, a block of text).
 */
function scanComments(text: string, index: PositionIndex): Comment[] {
  const out: Comment[] = [];
  let lastLine = -1;
  for (let at = text.indexOf('eda-advisor-ignore'); at !== -1; at = text.indexOf('eda-advisor-ignore', at + 1)) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (lineStart === lastLine) continue;
    for (let i = text.indexOf('#', lineStart); i !== -1 && i < at; i = text.indexOf('#', i + 1)) {
      if (i > lineStart && !isSpace(text.charCodeAt(i - 1))) continue;
      const scalar = index.scalarAt(i);
      if (scalar !== -1 && !onBlockHeader(text, index.starts[scalar] as number, i)) continue;
      const eol = text.indexOf('\n', i);
      out.push({ offset: i, text: text.slice(i + 1, eol === -1 ? text.length : eol).replace(/\r$/, '') });
      lastLine = lineStart;
      break;
    }
  }
  return out;
}

/** `key: > # comment`: a comment on the header line of a block scalar, which the scalar's range covers. */
function onBlockHeader(text: string, start: number, at: number): boolean {
  const c = text.charCodeAt(start);
  return (c === 0x7c || c === 0x3e) && text.lastIndexOf('\n', at) < start;
}

/**
 * Parses one design file with the `yaml` library, keeping every node's source range. Nothing here
 * throws for bad input: syntax errors, duplicate keys, several documents and alias bombs come back as
 * problems. Duplicate keys are found with a hash set per map (the library's own check scans the map
 * for every key, which is quadratic in a large map).
 */
export function parseYamlFully(source: Source): ParsedFile {
  const { Composer, Parser } = yamlLib();
  const tags: TagProblem[] = [];
  const text = source.text;
  const problems: SyntaxProblem[] = [];
  const comments: Comment[] = [];
  let doc: Document.Parsed | undefined;
  try {
    let tokens: Iterable<unknown> = new Parser().parse(text);
    if (text.includes('eda-advisor-ignore')) {
      tokens = Array.from(tokens);
      collectComments(tokens, comments);
    }
    // Documents are composed one by one, and no further than the second with content: a file of
    // 100,000 documents is said to be several without composing them all.
    let second: Document.Parsed | undefined;
    for (const d of new Composer({ logLevel: 'error', uniqueKeys: false }).compose(
      tokens as Parameters<InstanceType<typeof Composer>['compose']>[0],
      true,
      text.length,
    )) {
      if (!doc) doc = d;
      else if (d.contents !== null) {
        second = d;
        break;
      }
    }
    if (second) {
      const more = text.slice(second.range[0]).match(/^---(?=[ \t\r\n]|$)/gm)?.length ?? 0;
      problems.push(
        syntaxProblem(
          'MULTIPLE_DOCS',
          'multiple-docs',
          { count: Math.max(2, more + 1) },
          { start: second.range[0], end: second.range[0] + 1 },
          'Put each design in its own file (a design can span files with `imports:`).',
        ),
      );
    }
    if (doc) {
      const errors = [...doc.errors, ...duplicateKeys(doc)].sort((a, b) => a.pos[0] - b.pos[0]);
      const found = errors.map((err) => fromYamlError(err, text));
      problems.push(...onceEach(found.some((p) => p.code === 'TAB_AS_INDENT') ? withoutTabEchoes(text, found) : found));
      // Said whether or not the library's own recursion ran out of stack on it (where it does depends
      // on what the stack held when the parse began).
      if (!problems.some((p) => p.kind === 'too-deep') && nestsTooDeep(doc)) problems.push(TOO_DEEP);
    }
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    problems.push(TOO_DEEP);
    doc = undefined;
  }
  let value: unknown;
  // The alias limit counts uses; the expanded size counts what they expand to (one large anchor used 999 times).
  if (doc && problems.length === 0 && aliasTargets(doc).size > 0 && expandedSize(doc) > MAX_EXPANDED_NODES) {
    problems.push(aliasProblem(doc, `more than ${MAX_EXPANDED_NODES.toLocaleString('en')} nodes, more`));
  }
  if (doc && problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (depthOf(value) > MAX_DEPTH) {
        problems.push(TOO_DEEP);
        value = undefined;
      } else {
        // `processes: !!omap` would make the processes vanish from the model (and a flawed design
        // pass): each such tag is a schema finding at the node it turns (see the engine).
        for (const t of taggedValues(value))
          tags.push({
            path: t.path,
            data: { node: t.path.length === 0 ? 'The document' : `'${t.path.join('.')}'`, tag: t.tag, what: t.what },
          });
      }
    } catch (err) {
      if (!(err instanceof ReferenceError || err instanceof RangeError)) throw err;
      problems.push(aliasProblem(doc, 'more nodes'));
    }
  }
  return {
    source,
    index: doc ? indexDocument(doc, text) : new PositionIndex(1),
    lines: new Lines(text),
    value,
    problems,
    comments,
    reader: 'yaml',
    ...(tags.length > 0 ? { tags } : {}),
  };
}

const targetsOf = new WeakMap<object, Map<unknown, unknown>>();

/**
 * What each alias of a document names: the last node before it with that anchor, found in one pass
 * in document order (the library's Alias.resolve searches the whole document for every alias).
 */
function aliasTargets(doc: Document.Parsed): Map<unknown, unknown> {
  const known = targetsOf.get(doc);
  if (known) return known;
  const { isAlias, visit } = yamlLib();
  const targets = new Map<unknown, unknown>();
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if ((node as { anchor?: string }).anchor) anchors.set((node as { anchor: string }).anchor, node);
    },
  });
  targetsOf.set(doc, targets);
  return targets;
}

/** Aliases may expand a document to at most this many nodes (a design of 5,000 services has about 150,000 without any). */
const MAX_EXPANDED_NODES = 100_000;

/** How many nodes the document has once every alias is expanded, counted on the nodes (each anchor's size once), stopping past the limit. */
function expandedSize(doc: Document.Parsed): number {
  const { isAlias, isMap, isPair, isSeq } = yamlLib();
  const sizes = new Map<unknown, number>();
  const size = (node: unknown, depth: number): number => {
    if (node === null || node === undefined || depth > MAX_DEPTH * 2) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a cycle counts once
    let n = 1;
    if (isAlias(node)) n = size(aliasTargets(doc).get(node), depth + 1);
    else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        n += isPair(item) ? size(item.key, depth + 1) + size(item.value, depth + 1) : size(item, depth + 1);
        if (n > MAX_EXPANDED_NODES) break;
      }
    }
    sizes.set(node, n);
    return n;
  };
  return size(doc.contents, 0);
}

/** The values tags turned into something other than a plain map, list or scalar (!!omap, !!set, !!timestamp, !!binary), at most 100. */
function taggedValues(value: unknown): { path: (string | number)[]; tag: string; what: string }[] {
  const out: { path: (string | number)[]; tag: string; what: string }[] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0 && out.length < 100) {
    const { v, path } = stack.pop() as { v: unknown; path: (string | number)[] };
    if (v === null || typeof v !== 'object') continue;
    if (v instanceof Map) out.push({ path, tag: '!!omap', what: 'an ordered map' });
    else if (v instanceof Set) out.push({ path, tag: '!!set', what: 'a set' });
    else if (v instanceof Date) out.push({ path, tag: '!!timestamp', what: 'a date' });
    else if (ArrayBuffer.isView(v)) out.push({ path, tag: '!!binary', what: 'binary data' });
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    else for (const [k, child] of Object.entries(v).reverse()) stack.push({ v: child, path: [...path, k] });
  }
  return out;
}

/** The library's DUPLICATE_KEY errors (same code, message and position), found with a set per map. */
function duplicateKeys(doc: Document.Parsed): YAMLParseError[] {
  const { isScalar, visit, YAMLParseError } = yamlLib();
  const found: YAMLParseError[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      const nodes = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        // The library's test: the same node, or scalars with the same value.
        const id = isScalar(key) ? key.value : key;
        if (isScalar(key) ? seen.has(id) : nodes.has(key)) {
          const start = (key as Node | null)?.range?.[0] ?? map.range?.[0] ?? 0;
          found.push(new YAMLParseError([start, start + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
        }
        if (isScalar(key)) seen.add(id);
        else nodes.add(key);
      }
    },
  });
  return found;
}

/**
 * A key's name as the plain value has it. A collection used as a key is named by its source text
 * (found by its loose form, see PositionIndex.entry), never stringified: a key of 800 nested maps
 * would make a string too long to build.
 */
function keyName(key: unknown, text: string): string {
  const { isScalar } = yamlLib();
  if (key === null || key === undefined) return '';
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  const range = (key as Node).range;
  return range && range[1] - range[0] <= 1000 ? text.slice(range[0], range[1]) : '';
}

/** A PositionIndex of a `yaml` Document, numbered in document order as js-yaml's read is. */
function indexDocument(doc: Document.Parsed, text: string): PositionIndex {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
  const index = new PositionIndex();
  const ids = new Map<unknown, number>();
  const add = (node: unknown, depth: number): number => {
    if (node === null || node === undefined) return NO_NODE;
    const range = (node as Node).range ?? [0, 0];
    if (isAlias(node)) {
      const i = index.add(ALIAS, range[0], range[1]);
      const target = ids.get(aliasTargets(doc).get(node));
      if (target !== undefined) {
        index.link(target);
        index.children(i, 1);
      }
      return i;
    }
    if (isScalar(node)) {
      const i = index.add(node.value === null ? EMPTY : SCALAR, range[0], range[1]);
      ids.set(node, i);
      return i;
    }
    if (isMap(node) || isSeq(node)) {
      const i = index.add(isMap(node) ? MAP : SEQ, range[0], range[1]);
      ids.set(node, i);
      // A document nested deeper than a design can be is refused anyway; its positions stop there.
      if (depth > MAX_DEPTH * 2) return i;
      if (isMap(node)) {
        const entries: [number, string, number][] = [];
        let collectionKey = false;
        for (const pair of node.items) {
          const name = keyName(pair.key, text);
          let key = NO_NODE;
          if (isScalar(pair.key)) key = add(pair.key, depth + 1);
          else if (pair.key !== null && pair.key !== undefined) {
            // A collection as a key is one thing to point at; what is inside it is not a design's.
            const r = (pair.key as Node).range ?? [0, 0];
            key = index.add(SCALAR, r[0], r[1]);
            collectionKey = true;
          }
          entries.push([key, name, add(pair.value, depth + 1)]);
        }
        for (const [key, name, value] of entries) {
          index.linkKey(key, name);
          index.link(value);
        }
        index.children(i, entries.length * 2);
        if (collectionKey) index.looseMap(i);
        if (!node.flow) index.ends[i] = blockEnd(text, index, i);
      } else {
        const items = node.items.map((item) => {
          if (!isPair(item)) return add(item, depth + 1);
          // `[a: 1]`: a pair in a flow list is a map of one entry.
          const r = [(item.key as Node | null)?.range?.[0] ?? 0, (item.value as Node | null)?.range?.[1] ?? 0] as const;
          const m = index.add(MAP, r[0], r[1]);
          const key = add(item.key, depth + 2);
          const value = add(item.value, depth + 2);
          index.linkKey(key, keyName(item.key, text));
          index.link(value);
          index.children(m, 2);
          return m;
        });
        for (const item of items) index.link(item);
        index.children(i, items.length);
        if (!node.flow) index.ends[i] = blockEnd(text, index, i);
      }
      return i;
    }
    return NO_NODE;
  };
  index.root = add(doc.contents, 0);
  return index;
}

/**
 * A problem said once, where it first occurs, with how often it recurs: one unclosed bracket makes
 * the same error at every line after it, and a key written 100,000 times is one mistake.
 */
/**
 * One tab in an indentation makes the parser report it and then, from the same line on, the
 * structure it broke (implicit keys, compact mappings, items out of column): echoes that a reader
 * fixes by fixing the tab. The tabs are replaced by the indentation the lines most likely meant
 * (the line above's, or two more; two or four spaces a tab), the text read again, and of the
 * other problems only those that remain on some such reading are kept.
 */
function withoutTabEchoes(text: string, problems: readonly SyntaxProblem[]): SyntaxProblem[] {
  const { Composer, Parser } = yamlLib();
  const lines = text.split('\n');
  const lineOf = new Lines(text);
  const tabbed = new Set(problems.filter((p) => p.code === 'TAB_AS_INDENT').map((p) => lineOf.linePos(p.start).line - 1));
  const indentOf = (line: string) => /^ */.exec(line)?.[0].length ?? 0;
  const above = (i: number) => {
    for (let j = i - 1; j >= 0; j--) if ((lines[j] ?? '').trim() !== '' && !tabbed.has(j)) return indentOf(lines[j] ?? '');
    return 0;
  };
  const readings: ((i: number, tabs: string) => number)[] = [(i) => above(i), (i) => above(i) + 2, (_, tabs) => tabs.length * 2, (_, tabs) => tabs.length * 4];
  let best: Set<string> | undefined;
  for (const width of readings) {
    const repaired = lines.map((line, i) => {
      if (!tabbed.has(i)) return line;
      const m = /^[ \t]*/.exec(line)?.[0] ?? '';
      return `${' '.repeat(width(i, m.replace(/ /g, '')))}${line.slice(m.length)}`;
    });
    const fixed = repaired.join('\n');
    const keys = new Set<string>();
    const fixedLines = new Lines(fixed);
    for (const d of new Composer({ logLevel: 'error', uniqueKeys: false }).compose(new Parser().parse(fixed), true, fixed.length)) {
      for (const e of d.errors) keys.add(`${e.code}:${fixedLines.linePos(e.pos[0]).line}`);
      break;
    }
    if (!best || keys.size < best.size) best = keys;
  }
  const remain = best ?? new Set<string>();
  return problems.filter((p) => {
    if (p.code === 'TAB_AS_INDENT') return true;
    const line = lineOf.linePos(p.start).line;
    return !tabbed.has(line - 1) && remain.has(`${p.code}:${line}`);
  });
}

function onceEach(problems: readonly SyntaxProblem[]): SyntaxProblem[] {
  const first = new Map<string, { problem: SyntaxProblem; count: number }>();
  for (const p of problems) {
    const key = `${p.code}\u0000${p.message}`;
    const seen = first.get(key);
    if (seen) seen.count++;
    else first.set(key, { problem: p, count: 1 });
  }
  return [...first.values()].map(({ problem: p, count }) =>
    count === 1 ? p : syntaxProblem(p.code, p.kind, p.data as never, { start: p.start, end: p.end }, p.hint, count - 1),
  );
}

const HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'Names in a map are unique: merge the two entries or rename one.',
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tabs.',
  BAD_INDENT: 'Align this line with its siblings (spaces only).',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; a missing colon or quote above may cause this.',
  MISSING_CHAR: 'A closing quote, bracket or brace is missing.',
  BLOCK_AS_IMPLICIT_KEY: 'A missing colon or wrong indentation may cause this.',
};

function fromYamlError(err: YAMLError, text: string): SyntaxProblem {
  let [start, end] = err.pos;
  const said = err.message.split('\n')[0] ?? err.message;
  let hint = HINTS[err.code];
  const quote = /^Missing closing (["'])quote/.exec(said)?.[1];
  const span = () => ({ start, end: Math.max(end, start + 1) });
  if (said.includes('Maximum call stack size exceeded')) return syntaxProblem(err.code, 'too-deep', { limit: MAX_DEPTH }, span(), hint);
  if (err.code === 'DUPLICATE_KEY') {
    const key = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(start, start + 1100))?.[1];
    return key
      ? syntaxProblem(err.code, 'duplicate-key', { key: key.replace(/^["']|["']$/g, '') }, span(), hint)
      : syntaxProblem(err.code, 'duplicate-key-unnamed', {}, span(), hint);
  }
  if (quote) {
    // The parser notices at the end of the input; the fix belongs where the string opens.
    const open = openingQuote(text, start, quote);
    if (open !== undefined) [start, end] = [open, open + 1];
    return syntaxProblem(err.code, 'unclosed-quote', { quote }, span());
  }
  if (/end with an? [\]}]/.test(said)) hint = 'A closing bracket or brace is missing.';
  // The parser's own words, without the full stop the sentence's end adds.
  return syntaxProblem(err.code, 'parser', { said: said.replace(/\.$/, '') }, span(), hint);
}

/** The last quote before `before` that opens a scalar: after a key's colon, a list dash, a bracket or a comma. */
function openingQuote(text: string, before: number, quote: string): number | undefined {
  for (let i = Math.min(before, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    const lead = text.slice(text.lastIndexOf('\n', i - 1) + 1, i).trimEnd();
    if (lead === '' || /[:\-[{,]$/.test(lead)) return i;
  }
  return undefined;
}

/** Whether maps and lists nest more than MAX_DEPTH levels in the document's nodes, counted without recursion. */
function nestsTooDeep(doc: Document.Parsed): boolean {
  const { isMap, isPair, isSeq } = yamlLib();
  const stack: [unknown, number][] = [[doc.contents, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_DEPTH) return true;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return false;
}

const TOO_DEEP: SyntaxProblem = syntaxProblem('TOO_DEEP', 'too-deep', { limit: MAX_DEPTH }, { start: 0, end: 1 });

/** Aliases that expand too far, said at the first alias of the document. */
function aliasProblem(doc: Document.Parsed, howFar: string): SyntaxProblem {
  const first = aliasTargets(doc).keys().next().value as Node | undefined;
  return syntaxProblem(
    'ALIAS_EXPANSION',
    'alias-expansion',
    { howFar },
    { start: first?.range?.[0] ?? 0, end: first?.range?.[1] ?? 1 },
    'Write the repeated parts out, or reference them by name.',
  );
}

/** Comment tokens sit in many places of the CST; walk it generically rather than by node kind. */
function collectComments(node: unknown, out: Comment[]): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const cur = stack.pop();
    if (Array.isArray(cur)) {
      for (const item of cur) stack.push(item);
    } else if (cur !== null && typeof cur === 'object') {
      const tok = cur as { type?: unknown; offset?: unknown; source?: unknown };
      if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
        if (tok.source.includes('eda-advisor-ignore')) out.push({ offset: tok.offset, text: tok.source.slice(1) });
        continue;
      }
      for (const value of Object.values(cur)) if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  out.sort((a, b) => a.offset - b.offset);
}
