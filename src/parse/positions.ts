/**
 * Where every node of a YAML document is, kept in flat typed arrays: what a finding needs to be
 * located, at a fraction of the memory of a document of objects. Built as the plain reader reads
 * the text (plain-reader.ts), or while js-yaml reads it (its `listener` reports each node it opens and
 * closes), or from a `yaml` Document when the full parser had to read the file. Nodes are small
 * integers; -1 is "no node".
 */

export const EMPTY = 0;
export const SCALAR = 1;
export const MAP = 2;
export const SEQ = 3;
export const ALIAS = 4;
export type NodeKind = typeof EMPTY | typeof SCALAR | typeof MAP | typeof SEQ | typeof ALIAS;

export type Range = readonly [number, number];

/** A map's entry: its key's node, and its value's node (-1 for a key without a value node, as in `{ a }`). */
export interface Entry {
  readonly key: number;
  readonly value: number;
}

/** A collection used as a key ([a, b]: …) is a string in the plain value; compare such keys without spaces and quotes. */
const loose = (key: string) => `\u0000${key.replace(/[\s"']/g, '')}`;

/** Up to how many keys a map is looked through rather than indexed. */
const SCANNED = 8;

export class PositionIndex {
  /** The document's root node, or -1 for an empty document. */
  root = -1;
  /** How many nodes there are. */
  size = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** For a map or a list: where its children start in `links` and how many there are; for an alias: its target in `links`. */
  linkStart: Int32Array;
  linkCount: Int32Array;
  /** Maps: key, value, key, value, …; lists: item, item, …; aliases: the node named. */
  links: Int32Array;
  linkSize = 0;
  /** The name of the key at a position of `links`, as the plain value has it. */
  names: (string | undefined)[];
  /** Whether the map's key names are in `loose` form too (a key that is a collection). */
  private readonly looseKeys = new Set<number>();
  private readonly keyIndexes = new Map<number, Map<string, number>>();

  constructor(capacity = 1024) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.linkStart = new Int32Array(capacity);
    this.linkCount = new Int32Array(capacity);
    this.links = new Int32Array(capacity * 2);
    // As long as `links` from the start: a list's items leave gaps in it, and a JavaScript array
    // grown past a gap is slow to write (15 ms of the 5,000-service design's read).
    this.names = new Array<string | undefined>(capacity * 2);
  }

  /** Adds a node and returns it; its kind and end may be set later (see `close`). */
  add(kind: NodeKind, start: number, end: number): number {
    if (this.size === this.kinds.length) this.grow();
    const i = this.size++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    // linkStart and linkCount are 0 already: nodes are only ever added, and typed arrays start zeroed.
    return i;
  }

  /** Appends to `links`; a collection's children are appended together, right after each other. */
  link(node: number): void {
    if (this.linkSize === this.links.length) {
      const bigger = new Int32Array(this.links.length * 2);
      bigger.set(this.links);
      this.links = bigger;
      const names = new Array<string | undefined>(bigger.length);
      for (let i = 0; i < this.linkSize; i++) names[i] = this.names[i];
      this.names = names;
    }
    this.links[this.linkSize++] = node;
  }

  /** Marks the last `count` links as the children of `node`. */
  children(node: number, count: number): void {
    this.linkStart[node] = this.linkSize - count;
    this.linkCount[node] = count;
  }

  /** Appends a map's key (-1 for a key with no node) under its name, as the plain value has it. */
  linkKey(keyNode: number, name: string): void {
    this.link(keyNode);
    this.names[this.linkSize - 1] = name;
  }

  /** A key of the map is a collection: find its keys by their loose form too. */
  looseMap(map: number): void {
    this.looseKeys.add(map);
  }

  kind(node: number): NodeKind {
    return node < 0 ? EMPTY : (this.kinds[node] as NodeKind);
  }

  range(node: number): Range | undefined {
    return node < 0 ? undefined : [this.starts[node] as number, this.ends[node] as number];
  }

  /** A map's entry for `key`, the first when a key repeats. */
  entry(map: number, key: string): Entry | undefined {
    let index = this.keyIndexes.get(map);
    if (!index && (this.linkCount[map] as number) <= 2 * SCANNED && !this.looseKeys.has(map)) {
      // A small map is looked through: a finding names a few keys of each of thousands of small maps.
      const from = this.linkStart[map] as number;
      const to = from + (this.linkCount[map] as number);
      for (let at = from; at < to; at += 2) {
        if ((this.names[at] ?? '') === key) return { key: this.links[at] as number, value: this.links[at + 1] as number };
      }
      return undefined;
    }
    if (!index) {
      index = new Map();
      const from = this.linkStart[map] as number;
      const to = from + (this.linkCount[map] as number);
      const loosely = this.looseKeys.has(map);
      for (let at = from; at < to; at += 2) {
        const name = this.names[at] ?? '';
        if (!index.has(name)) index.set(name, at);
        if (loosely && !index.has(loose(name))) index.set(loose(name), at);
      }
      this.keyIndexes.set(map, index);
    }
    const at = index.get(key) ?? (this.looseKeys.has(map) ? index.get(loose(key)) : undefined);
    return at === undefined ? undefined : { key: this.links[at] as number, value: this.links[at + 1] as number };
  }

  /** A list's item, or -1. */
  item(seq: number, index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= (this.linkCount[seq] as number)) return -1;
    return this.links[(this.linkStart[seq] as number) + index] as number;
  }

  /** The node an alias names. */
  target(alias: number): number {
    return (this.linkCount[alias] as number) === 1 ? (this.links[this.linkStart[alias] as number] as number) : -1;
  }

  /** The scalar `offset` falls inside (so that a `#` there may be text, not a comment), or -1. */
  scalarAt(offset: number): number {
    // Nodes are numbered in document order and a scalar holds no node: the last scalar that starts
    // at or before the offset is the only one that can hold it. Binary search over the starts of all
    // nodes, then walk back to a scalar.
    let lo = 0;
    let hi = this.size - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = found; i >= 0; i--) {
      if (this.kinds[i] !== SCALAR) continue;
      return offset < (this.ends[i] as number) ? i : -1;
    }
    return -1;
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const widen = <T extends Uint8Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.kinds = widen(this.kinds);
    this.starts = widen(this.starts);
    this.ends = widen(this.ends);
    this.linkStart = widen(this.linkStart);
    this.linkCount = widen(this.linkCount);
  }
}

/**
 * Where a block collection's text ends, the same for both readers: where its last entry's does (an
 * entry without a value ends after its colon), not counting the comments that follow it.
 */
export function blockEnd(text: string, index: PositionIndex, node: number): number {
  const from = index.linkStart[node] as number;
  const count = index.linkCount[node] as number;
  if (count === 0) return index.ends[node] as number;
  const last = index.links[from + count - 1] as number;
  const hasText = last !== -1 && !(index.kinds[last] === EMPTY && index.ends[last] === index.starts[last]);
  if (hasText || index.kinds[node] !== MAP) return last === -1 ? (index.ends[node] as number) : (index.ends[last] as number);
  const key = index.links[from + count - 2] as number;
  if (key === -1) return index.ends[node] as number;
  let end = index.ends[key] as number;
  while (text.charCodeAt(end) === 0x20 || text.charCodeAt(end) === 0x09) end++;
  return text.charCodeAt(end) === 0x3a ? end + 1 : (index.ends[key] as number);
}

/** 1-based line and column of an offset, from the line starts of the text (found on first use). */
export class Lines {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  linePos(offset: number): { line: number; col: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
