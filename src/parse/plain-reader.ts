import { blockEnd, MAP, SCALAR, SEQ, type PositionIndex } from './positions.js';

/**
 * A reader of the YAML that designs are written in, and only of that: block maps and lists, one-line
 * flow collections, one-line plain and quoted scalars, literal and folded blocks, comments. It reads
 * in one pass over the text, building the value and the PositionIndex together, which js-yaml's read
 * (a listener over js-yaml's own value) cannot: the 5,000-service design of the benchmark in about
 * 0.17 s against 0.25 s, and a small file, read while the process is still cold, in half the time
 * (Slack's AsyncAPI document in 3.6 ms). Whatever it does not know (a scalar over several lines, a
 * flow collection over several lines, an empty value, a tab, a directive, a duplicate key, an odd
 * indentation, …) makes it give up, and js-yaml (then the `yaml` library) reads the file: it never
 * guesses.
 *
 * What it gives is what js-yaml's read gives: the same value (plain scalars are resolved by js-yaml's
 * core-schema rules, resolvePlain) and every node at the same place. src/parse/plain-reader.test.ts checks
 * both on every fixture and on random edits of them.
 */
export function readPlainYaml(text: string, index: PositionIndex, maxDepth: number): { value: unknown } | undefined {
  // Characters it never reads: tabs, carriage returns, a byte-order mark, NUL and the other controls
  // js-yaml refuses; and a flow indicator touching '#', which only the `yaml` library judges.
  if (/[\0-\x09\x0b-\x1f\x7f\ufeff]|[[\]{},]#/.test(text)) return undefined;
  const reader = new Reader(text, index, maxDepth);
  try {
    const value = reader.document();
    return { value };
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

const GIVE_UP = Symbol('give up');
const giveUp = (): never => {
  throw GIVE_UP;
};

/**
 * A plain scalar as js-yaml's core schema reads it: null, a boolean, a number or the string. These
 * are js-yaml's own rules (lib/type/null.js, bool.js, int.js, float.js of js-yaml 4, MIT), written
 * out so that a design read here does not load js-yaml at all; plain-reader.test.ts holds them to
 * js-yaml's on generated scalars.
 */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Most scalars are names: a letter no core type starts with is a string.
  if (((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) && c !== 0x6e && c !== 0x4e && c !== 0x74 && c !== 0x54 && c !== 0x66 && c !== 0x46) return s;
  if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (isYamlInteger(s)) return yamlInteger(s);
  if (FLOAT.test(s) && !s.endsWith('_')) return yamlFloat(s);
  return s;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isOctal = (c: number) => c >= 0x30 && c <= 0x37;

/** js-yaml's resolveYamlInteger. */
function isYamlInteger(data: string): boolean {
  const max = data.length;
  if (max === 0) return false;
  let index = 0;
  let ch = data[index];
  if (ch === '-' || ch === '+') ch = data[++index];
  if (ch === '0') {
    if (index + 1 === max) return true;
    ch = data[++index];
    const digits = ch === 'b' ? (x: number) => x === 0x30 || x === 0x31 : ch === 'x' ? isHex : ch === 'o' ? isOctal : undefined;
    if (digits) {
      let hasDigits = false;
      for (index++; index < max; index++) {
        ch = data[index];
        if (ch === '_') continue;
        if (!digits(data.charCodeAt(index))) return false;
        hasDigits = true;
      }
      return hasDigits && ch !== '_';
    }
  }
  if (ch === '_') return false;
  let hasDigits = false;
  for (; index < max; index++) {
    ch = data[index];
    if (ch === '_') continue;
    if (!isDigit(data.charCodeAt(index))) return false;
    hasDigits = true;
  }
  return hasDigits && ch !== '_';
}

/** js-yaml's constructYamlInteger. */
function yamlInteger(data: string): number {
  let value = data.includes('_') ? data.replace(/_/g, '') : data;
  let sign = 1;
  let ch = value[0];
  if (ch === '-' || ch === '+') {
    if (ch === '-') sign = -1;
    value = value.slice(1);
    ch = value[0];
  }
  if (value === '0') return 0;
  if (ch === '0') {
    if (value[1] === 'b') return sign * Number.parseInt(value.slice(2), 2);
    if (value[1] === 'x') return sign * Number.parseInt(value.slice(2), 16);
    if (value[1] === 'o') return sign * Number.parseInt(value.slice(2), 8);
  }
  return sign * Number.parseInt(value, 10);
}

/** js-yaml's YAML_FLOAT_PATTERN. */
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** js-yaml's constructYamlFloat. */
function yamlFloat(data: string): number {
  let value = data.replace(/_/g, '').toLowerCase();
  const sign = value[0] === '-' ? -1 : 1;
  if (value[0] === '+' || value[0] === '-') value = value.slice(1);
  if (value === '.inf') return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === '.nan') return Number.NaN;
  return sign * Number.parseFloat(value);
}

/** Numbers that js-yaml reads otherwise than the core schema (with `_`, and `[-+].5`, checked apart). */
const SCHEMAS_APART = /^(?:[-+]?0b|[-+]0[xo]|-0$)/;

const SPACE = 0x20;
const LF = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

class Reader {
  private pos = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly index: PositionIndex,
    private readonly maxDepth: number,
  ) {}

  /**
   * Scratch stacks for the collection being read, shared by all of them (a nested one uses the part
   * above its owner's and gives it back): the node of each entry or item, the name of each key, and
   * the values of a list, copied out once it ends. A list built by push keeps room for 17 items,
   * and a design has tens of thousands of lists of two or three; the copy holds only its own.
   */
  private readonly nodes: number[] = [];
  private nodesTop = 0;
  private readonly names: string[] = [];
  private namesTop = 0;
  private readonly items: unknown[] = [];
  private itemsTop = 0;

  private pushNode(node: number): void {
    this.nodes[this.nodesTop++] = node;
  }

  private pushName(name: string): void {
    this.names[this.namesTop++] = name;
  }

  private pushItem(value: unknown): void {
    this.items[this.itemsTop++] = value;
  }

  /** The values of a list from `mark` up, as an array of their own; the stack given back. */
  private takeItems(mark: number): unknown[] {
    const out = this.items.slice(mark, this.itemsTop);
    this.items.fill(undefined, mark, this.itemsTop);
    this.itemsTop = mark;
    return out;
  }

  /**
   * One string per distinct plain scalar: a design writes the same names many times (a service, its
   * context, a policy), and one string for all is less for the collector to copy, and a map lookup
   * by a name then meets the very string it was stored under.
   */
  private readonly strings = new Map<string, string>();
  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /**
   * A plain scalar's value, by js-yaml's rules; gives up where those differ from YAML 1.2's core
   * schema, which the `yaml` library and so every message follow: 1_000, 0b101 and a signed -0x1f or
   * +0o7 are numbers to js-yaml and text to the core schema, -.5 the other way round, and -0 is 0 to
   * js-yaml (what NEEDS_FULL_PARSE in yaml.ts names for the whole text, judged here for each scalar).
   */
  private plain(raw: string): unknown {
    const s = this.intern(raw);
    const value = resolvePlain(s);
    const c = s.charCodeAt(0);
    // Names, the most of a design's scalars, start with a letter: no number does.
    if (c > 0x39) return value;
    if (typeof value === 'number' && (s.includes('_') || SCHEMAS_APART.test(s))) giveUp();
    if ((c === 0x2d || c === 0x2b) && s.charCodeAt(1) === 0x2e && isDigit(s.charCodeAt(2))) giveUp();
    return value;
  }

  document(): unknown {
    const text = this.text;
    const start = this.nextContent(0);
    if (start >= text.length) giveUp();
    this.checkLineStart(start);
    const indent = start - this.lineStartOf(start);
    const c = text.charCodeAt(start);
    let value: unknown;
    if (c === 0x7b || c === 0x5b) {
      this.pos = start;
      const node = this.index.size;
      value = this.flow();
      this.index.root = node;
      this.endOfLine(this.pos);
      if (this.nextContent(this.pos) < text.length) giveUp();
      return value;
    }
    const node = this.index.size;
    value = c === DASH && this.isSpaceOrEnd(start + 1) ? this.blockSeq(start, indent) : this.blockMap(start, indent);
    this.index.root = node;
    if (this.nextContent(this.pos) < text.length) giveUp();
    return value;
  }

  /** The first character at or after `from` that is not a space, a line break or in a comment. */
  private nextContent(from: number): number {
    const text = this.text;
    let i = from;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === SPACE || c === LF) i++;
      else if (c === HASH && (i === 0 || text.charCodeAt(i - 1) === SPACE || text.charCodeAt(i - 1) === LF)) {
        const eol = text.indexOf('\n', i);
        if (eol === -1) return text.length;
        i = eol + 1;
      } else return Number.isNaN(c) ? text.length : i;
    }
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }

  /** Directives and document markers are for the other readers. */
  private checkLineStart(at: number): void {
    const text = this.text;
    if (at !== this.lineStartOf(at)) return;
    const c = text.charCodeAt(at);
    if (c === 0x25 || ((c === DASH || c === 0x2e) && (text.startsWith('---', at) || text.startsWith('...', at)))) giveUp();
  }

  private isSpaceOrEnd(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return c === SPACE || c === LF || at >= this.text.length;
  }

  /** After a value on its line: spaces, then a comment or the line's end. Returns where the next line starts. */
  private endOfLine(from: number): number {
    const text = this.text;
    let i = from;
    while (text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    if (c === HASH) {
      if (i === from) giveUp(); // `"x"#`: a comment needs a space before it
      const eol = text.indexOf('\n', i);
      return eol === -1 ? text.length : eol + 1;
    }
    if (c === LF) return i + 1;
    if (i >= text.length) return text.length;
    return giveUp();
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) giveUp();
  }

  private blockMap(start: number, indent: number): Record<string, unknown> {
    this.enter();
    const text = this.text;
    const index = this.index;
    const map = index.add(MAP, start, start);
    const out: Record<string, unknown> = {};
    const nodeMark = this.nodesTop;
    const nameMark = this.namesTop;
    let at = start;
    for (;;) {
      this.checkLineStart(at);
      // The key: plain or quoted, on this line, then ':' and a space or the line's end.
      let key: number;
      let name: string;
      let afterKey: number;
      const c = text.charCodeAt(at);
      if (c === 0x22 || c === 0x27) {
        key = index.size;
        name = this.quotedScalar(at);
        afterKey = this.pos;
        while (text.charCodeAt(afterKey) === SPACE) afterKey++;
        if (text.charCodeAt(afterKey) !== COLON) giveUp();
      } else {
        this.startsPlain(at);
        let colon = at;
        for (;;) {
          const ch = text.charCodeAt(colon);
          if (ch === COLON && this.isSpaceOrEnd(colon + 1)) break;
          if (ch === LF || colon >= text.length) giveUp();
          if (ch === HASH && text.charCodeAt(colon - 1) === SPACE) giveUp();
          colon++;
        }
        let end = colon;
        while (text.charCodeAt(end - 1) === SPACE) end--;
        if (end === at || end - at > 1024) giveUp();
        const raw = text.slice(at, end);
        const resolved = this.plain(raw);
        if (resolved === null) giveUp(); // a null key: for the other readers
        key = index.add(SCALAR, at, end);
        name = String(resolved);
        afterKey = colon;
      }
      this.newKey(out, name);
      // The value: on this line, or the block below (more indented, or a list at the same column).
      // The value's node is the next one added, whatever the value is.
      const node = index.size;
      const value = this.valueAfter(afterKey + 1, indent, true);
      out[name] = value;
      this.pushNode(key);
      this.pushNode(node);
      this.pushName(name);
      // The next key, at the same column; a line less indented ends the map.
      const next = this.nextContent(this.pos);
      if (next >= text.length) break;
      const nextIndent = next - this.lineStartOf(next);
      if (nextIndent < indent) break;
      if (nextIndent > indent || (text.charCodeAt(next) === DASH && this.isSpaceOrEnd(next + 1))) giveUp();
      at = next;
    }
    this.linkMap(map, nodeMark, nameMark);
    index.ends[map] = blockEnd(text, index, map);
    this.depth--;
    return out;
  }

  private blockSeq(start: number, indent: number): unknown[] {
    this.enter();
    const text = this.text;
    const index = this.index;
    const seq = index.add(SEQ, start, start);
    const nodeMark = this.nodesTop;
    const itemMark = this.itemsTop;
    let at = start;
    for (;;) {
      this.checkLineStart(at);
      const node = index.size;
      const value = this.valueAfter(at + 1, indent, false);
      this.pushItem(value);
      this.pushNode(node);
      const next = this.nextContent(this.pos);
      if (next >= text.length) break;
      const nextIndent = next - this.lineStartOf(next);
      if (nextIndent < indent) break;
      if (nextIndent > indent || text.charCodeAt(next) !== DASH || !this.isSpaceOrEnd(next + 1)) {
        // A map's next key after a list written at the map's own column (`a:\n- x\nb: y`).
        if (nextIndent === indent && text.charCodeAt(next) !== DASH) break;
        giveUp();
      }
      at = next;
    }
    this.linkSeq(seq, nodeMark);
    index.ends[seq] = blockEnd(text, index, seq);
    this.depth--;
    return this.takeItems(itemMark);
  }

  /**
   * The value that starts after a map's ':' or a list's '-' (at `from`): on the same line (a scalar,
   * a flow collection, a block of text, or in a list a map written compactly), or below it.
   * `indent` is the owner's column. Leaves `pos` after the value.
   */
  private valueAfter(from: number, indent: number, inMap: boolean): unknown {
    const text = this.text;
    let at = from;
    while (text.charCodeAt(at) === SPACE) at++;
    const c = text.charCodeAt(at);
    if (c === LF || at >= text.length || (c === HASH && text.charCodeAt(at - 1) === SPACE)) {
      // The value is the block below: more indented, or (a map's value) a list at the same column.
      const next = this.nextContent(at);
      if (next >= text.length) giveUp();
      const nextIndent = next - this.lineStartOf(next);
      const isItem = text.charCodeAt(next) === DASH && this.isSpaceOrEnd(next + 1);
      if (!(nextIndent > indent || (inMap && nextIndent === indent && isItem))) giveUp(); // an empty value
      const value = isItem ? this.blockSeq(next, nextIndent) : this.blockMap(next, nextIndent);
      return value;
    }
    if (at === from && from < text.length) giveUp(); // `"key":value`, a quoted key with no space after its colon: not read here
    if (c === 0x7b || c === 0x5b) {
      this.pos = at;
      const value = this.flow();
      this.pos = this.endOfLine(this.pos);
      return value;
    }
    if (c === 0x22 || c === 0x27) {
      const value = this.quotedScalar(at);
      // Nothing but a comment may follow (`- "a": b`, a map written compactly, is not read here).
      this.pos = this.endOfLine(this.pos);
      return value;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(at, indent);
    if (!inMap && c === DASH && this.isSpaceOrEnd(at + 1)) giveUp(); // `- - x`
    // A plain scalar to the end of the line, or (in a list) `- key: value`, a map at this column.
    this.startsPlain(at);
    let end = at;
    for (;;) {
      const ch = text.charCodeAt(end);
      if (ch === LF || end >= text.length) break;
      if (ch === HASH && text.charCodeAt(end - 1) === SPACE) break;
      if (ch === COLON && this.isSpaceOrEnd(end + 1)) {
        if (inMap) giveUp();
        return this.blockMap(at, at - this.lineStartOf(at));
      }
      end++;
    }
    let last = end;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    const value = this.plain(text.slice(at, last));
    if (value === null) giveUp();
    this.index.add(SCALAR, at, last);
    this.pos = this.endOfLine(last);
    return value;
  }

  /** Gives up unless a plain scalar can start at `at`: no indicator, but `-` before anything but a space (`-1`). */
  private startsPlain(at: number): void {
    const c = this.text.charCodeAt(at);
    if (isIndicator(c) && !(c === DASH && !this.isSpaceOrEnd(at + 1))) giveUp();
  }

  /** A quoted scalar on one line, from its opening quote, as a node: its value; leaves `pos` after the closing quote. */
  private quotedScalar(at: number): string {
    const q = this.quoted(at);
    this.index.add(SCALAR, at, q.end);
    this.pos = q.end;
    return q.value;
  }

  /** A quoted scalar on one line, from its opening quote: its value and where it ends (after the closing quote). */
  private quoted(at: number): { value: string; end: number } {
    const text = this.text;
    const q = text.charCodeAt(at);
    let i = at + 1;
    let value = '';
    let from = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === LF || i >= text.length) giveUp(); // over several lines: the other readers judge
      if (c === q) {
        if (q === 0x27 && text.charCodeAt(i + 1) === 0x27) {
          value += text.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        value += text.slice(from, i);
        return { value, end: i + 1 };
      }
      if (q === 0x22 && c === 0x5c) {
        value += text.slice(from, i);
        const e = text.charCodeAt(i + 1);
        const simple = ESCAPES[e];
        if (simple !== undefined) {
          value += simple;
          i += 2;
        } else if (e === 0x75 || e === 0x78) {
          const digits = e === 0x75 ? 4 : 2;
          const hex = text.slice(i + 2, i + 2 + digits);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) giveUp();
          const code = Number.parseInt(hex, 16);
          if (code >= 0xd800 && code <= 0xdfff) giveUp(); // surrogates: js-yaml's own way
          value += String.fromCharCode(code);
          i += 2 + digits;
        } else giveUp();
        from = i;
        continue;
      }
      i++;
    }
  }

  /** A flow collection on one line, from `pos` at its bracket; leaves `pos` after the closing one. */
  private flow(): unknown {
    this.enter();
    const text = this.text;
    const index = this.index;
    const start = this.pos;
    const isMap = text.charCodeAt(start) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    const node = index.add(isMap ? MAP : SEQ, start, start);
    const map: Record<string, unknown> = {};
    const nodeMark = this.nodesTop;
    const nameMark = this.namesTop;
    const itemMark = this.itemsTop;
    let i = this.flowSpace(start + 1);
    if (text.charCodeAt(i) === close) i++;
    else {
      for (;;) {
        if (isMap) {
          const key = index.size;
          const name = this.flowKey(i);
          i = this.flowSpace(this.pos);
          if (text.charCodeAt(i) !== COLON) giveUp(); // `{ a }`: a key without a value
          this.newKey(map, name);
          const valueNode = index.size;
          map[name] = this.flowValue(this.flowSpace(i + 1));
          this.pushNode(key);
          this.pushNode(valueNode);
          this.pushName(name);
        } else {
          const item = index.size;
          this.pushItem(this.flowValue(i));
          this.pushNode(item);
        }
        i = this.flowSpace(this.pos);
        const c = text.charCodeAt(i);
        if (c === close) {
          i++;
          break;
        }
        if (c !== 0x2c) giveUp();
        i = this.flowSpace(i + 1);
        if (text.charCodeAt(i) === close || text.charCodeAt(i) === 0x2c) giveUp(); // a trailing or doubled comma
      }
    }
    if (isMap) this.linkMap(node, nodeMark, nameMark);
    else this.linkSeq(node, nodeMark);
    index.ends[node] = i;
    this.pos = i;
    this.depth--;
    return isMap ? map : this.takeItems(itemMark);
  }

  /** Gives up on a key the map has already, and on the keys js-yaml reads otherwise (`__proto__`, a merge `<<`). */
  private newKey(map: Record<string, unknown>, name: string): void {
    if (name === '__proto__' || name === '<<' || Object.hasOwn(map, name)) giveUp();
  }

  /**
   * A map's entries, linked once the map is read (its values' own children come first): the node
   * stack holds key, value, key, value, … from `nodeMark`, the name stack each key's name from
   * `nameMark`. Both are given back.
   */
  private linkMap(map: number, nodeMark: number, nameMark: number): void {
    const { nodes, names, index } = this;
    const count = this.namesTop - nameMark;
    for (let k = 0; k < count; k++) {
      index.linkKey(nodes[nodeMark + 2 * k] as number, names[nameMark + k] as string);
      index.link(nodes[nodeMark + 2 * k + 1] as number);
    }
    index.children(map, count * 2);
    this.nodesTop = nodeMark;
    this.namesTop = nameMark;
  }

  /** A list's items, linked once the list is read, from `nodeMark` of the node stack, which is given back. */
  private linkSeq(seq: number, nodeMark: number): void {
    const { nodes, index } = this;
    const count = this.nodesTop - nodeMark;
    for (let k = 0; k < count; k++) index.link(nodes[nodeMark + k] as number);
    index.children(seq, count);
    this.nodesTop = nodeMark;
  }

  private flowSpace(from: number): number {
    let i = from;
    while (this.text.charCodeAt(i) === SPACE) i++;
    const c = this.text.charCodeAt(i);
    if (c === LF || i >= this.text.length) giveUp(); // over several lines
    return i;
  }

  /** A key in a flow map: its name; leaves `pos` after it. */
  private flowKey(at: number): string {
    return String(this.flowScalar(at));
  }

  private flowValue(at: number): unknown {
    const c = this.text.charCodeAt(at);
    if (c === 0x7b || c === 0x5b) {
      this.pos = at;
      return this.flow();
    }
    const value = this.flowScalar(at);
    // `[a: b]` (a map of one pair in a list) and `{ a: b: c }` are for the other readers.
    if (this.text.charCodeAt(this.flowSpace(this.pos)) === COLON) giveUp();
    return value;
  }

  /** A quoted or plain scalar in a flow collection: its value (a plain one resolved); leaves `pos` after it. */
  private flowScalar(at: number): unknown {
    const c = this.text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) return this.quotedScalar(at);
    const end = this.flowPlainEnd(at);
    const value = this.plain(this.text.slice(at, end));
    if (value === null) giveUp(); // an empty value, or a null key: for the other readers
    this.index.add(SCALAR, at, end);
    this.pos = end;
    return value;
  }

  /** Where a plain scalar in a flow collection ends: before `,`, a bracket, `: ` or ` #`; its trailing spaces excluded. */
  private flowPlainEnd(at: number): number {
    const text = this.text;
    this.startsPlain(at);
    let i = at;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === 0x2c || ch === 0x5b || ch === 0x5d || ch === 0x7b || ch === 0x7d || ch === LF || i >= text.length) break;
      if (ch === COLON) {
        const n = text.charCodeAt(i + 1);
        if (n === SPACE || n === 0x2c || n === 0x5d || n === 0x7d || n === LF) break;
      }
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) giveUp();
      i++;
    }
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    if (end === at) giveUp();
    return end;
  }

  /**
   * A literal (`|`) or folded (`>`) block, from its indicator: without an indentation digit, with
   * no blank line before its text and no line of spaces only; a folded block with no line indented
   * past the others. `indent` is its owner's column.
   */
  private blockScalar(at: number, indent: number): string {
    const text = this.text;
    const folded = text.charCodeAt(at) === 0x3e;
    let i = at + 1;
    let chomp = 0; // 0 clip, 1 keep, -1 strip
    const h = text.charCodeAt(i);
    if (h === 0x2b || h === DASH) {
      chomp = h === 0x2b ? 1 : -1;
      i++;
    }
    const header = text.charCodeAt(i);
    if (header !== SPACE && header !== LF) giveUp(); // an indentation digit, or more
    let lineStart = this.endOfLine(i);
    let textIndent = -1;
    let value = '';
    let emptyLines = 0;
    let lastContentEnd = at + 1;
    let readContent = false;
    for (;;) {
      if (lineStart >= text.length) break;
      let j = lineStart;
      while (text.charCodeAt(j) === SPACE) j++;
      const c = text.charCodeAt(j);
      if (c === LF || j >= text.length) {
        if (j !== lineStart || !readContent) giveUp(); // a line of spaces, or a blank line before the text
        emptyLines++;
        lineStart = j + 1;
        continue;
      }
      const lineIndent = j - lineStart;
      if (textIndent === -1) {
        if (lineIndent <= indent) giveUp(); // an empty block
        textIndent = lineIndent;
      }
      if (lineIndent < textIndent) {
        if (lineIndent > indent) giveUp(); // less indented than its text, more than its owner
        break;
      }
      if (folded && lineIndent > textIndent) giveUp(); // folding around a more-indented line
      const eol = text.indexOf('\n', j);
      const lineEnd = eol === -1 ? text.length : eol;
      if (readContent) value += folded ? (emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines)) : '\n'.repeat(1 + emptyLines);
      value += text.slice(lineStart + textIndent, lineEnd);
      readContent = true;
      emptyLines = 0;
      lastContentEnd = lineEnd;
      lineStart = eol === -1 ? text.length : eol + 1;
    }
    if (!readContent) giveUp();
    if (chomp === 1) value += '\n'.repeat(1 + emptyLines);
    else if (chomp === 0) value += '\n';
    // Where js-yaml's read puts it: from the indicator to the text's last character that is not a space.
    let end = lastContentEnd;
    while (end > at + 1 && text.charCodeAt(end - 1) === SPACE) end--;
    this.index.add(SCALAR, at, end);
    // The next line that is not blank: where the owner goes on.
    this.pos = lineStart;
    return value;
  }
}

/** Characters that cannot start a plain scalar (YAML's indicators; `-` only before a space). */
function isIndicator(c: number): boolean {
  return (
    c === DASH ||
    c === 0x3f ||
    c === COLON ||
    c === 0x2c ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === HASH ||
    c === 0x26 ||
    c === 0x2a ||
    c === 0x21 ||
    c === 0x7c ||
    c === 0x3e ||
    c === 0x27 ||
    c === 0x22 ||
    c === 0x25 ||
    c === 0x40 ||
    c === 0x60
  );
}

/** The escapes of a double-quoted scalar that stand for one character (YAML 1.2, as js-yaml reads them). */
const ESCAPES: Record<number, string> = {
  0x30: '\0',
  0x61: '\x07',
  0x62: '\b',
  0x74: '\t',
  0x6e: '\n',
  0x76: '\v',
  0x66: '\f',
  0x72: '\r',
  0x65: '\x1b',
  0x20: ' ',
  0x22: '"',
  0x2f: '/',
  0x5c: '\\',
  0x4e: '\x85',
  0x5f: '\xa0',
  0x4c: '\u2028',
  0x50: '\u2029',
};
