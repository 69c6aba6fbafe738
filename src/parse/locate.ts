import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Path, Position, Ref } from '../findings.js';
import type { ParsedFile } from './yaml.js';

type Range = readonly [number, number];

const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A collection used as a key ([a, b]: …) is a string in the plain value; compare such keys without spaces and quotes. */
const loose = (key: string) => `\u0000${key.replace(/[\s"']/g, '')}`;

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      // The same key the plain value has: an empty or null key is '' there (yaml's toJS).
      const raw: unknown = isScalar(item.key) ? item.key.value : item.key;
      const k = raw === null || raw === undefined ? '' : String(raw);
      if (!index.has(k)) index.set(k, item);
      if (!isScalar(item.key) && item.key !== null && !index.has(loose(k))) index.set(loose(k), item);
    }
    keyIndexes.set(map, index);
  }
  return index.get(key) ?? index.get(loose(key));
}

/**
 * The source range a finding about `ref` points at. A scalar value points at itself; a map or list
 * points at its key (the `GuestStays:` line), which is where a reader looks for it; a list item at itself.
 * A path that runs past the document (a missing key) points at the deepest node that exists.
 */
export function locateRange(file: ParsedFile, ref: Ref): Range {
  let node: unknown = file.doc?.contents;
  let keyRange: Range | undefined;
  let pairRange: Range | undefined;
  for (const seg of ref.path) {
    let next: unknown;
    let nextKey: Range | undefined;
    let nextPair: Range | undefined;
    // Inside an alias the fix belongs where the alias is written (`Payments: *stateful`), not at its anchor.
    if (isAlias(node)) return rangeOf(node) ?? keyRange ?? [0, 1];
    if (isMap(node)) {
      const pair = pairOf(node, String(seg));
      if (pair) {
        next = pair.value;
        nextKey = rangeOf(pair.key);
        nextPair = nextKey;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (isPair(item)) {
        next = item.value;
        nextKey = rangeOf(item.key);
      } else {
        next = item;
      }
      nextPair = undefined;
    }
    if (next === undefined && nextKey === undefined) {
      // The path leaves the document here: point at the owner of what is missing.
      return keyRange ?? rangeOf(node) ?? [0, 1];
    }
    node = next;
    keyRange = nextKey;
    pairRange = nextPair;
  }
  if (ref.at === 'key' && pairRange) return pairRange;
  const own = rangeOf(node);
  if (keyRange && (!own || isMap(node) || isSeq(node) || isEmptyScalar(node))) return keyRange;
  return own ?? keyRange ?? [0, 1];
}

export function locate(file: ParsedFile, ref: Ref): Position {
  const [start, end] = locateRange(file, ref);
  // A block collection's range runs to the next line; the finding's ends where its text does.
  const text = file.source.text;
  let last = end;
  while (last > start + 1 && /\s/.test(text[last - 1] ?? '')) last--;
  return toPosition(file, start, last);
}

export function toPosition(file: ParsedFile, start: number, end: number): Position {
  const a = file.lineCounter.linePos(start);
  const b = file.lineCounter.linePos(Math.max(end, start));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** The node a path names, or undefined when the path leaves the document. */
export function nodeAt(file: ParsedFile, path: Path): unknown {
  let node: unknown = file.doc?.contents;
  for (const seg of path) {
    if (isAlias(node) && file.doc) node = node.resolve(file.doc);
    if (isMap(node)) node = pairOf(node, String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

function rangeOf(node: unknown): Range | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}
