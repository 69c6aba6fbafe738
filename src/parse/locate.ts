import type { Path, Position, Ref } from '../findings.js';
import { ALIAS, EMPTY, MAP, SEQ, type Range } from './positions.js';
import type { ParsedFile } from './yaml.js';

/**
 * The source range a finding about `ref` points at. A scalar value points at itself; a map or list
 * points at its key (the `GuestStays:` line), which is where a reader looks for it; a list item at itself.
 * A path that runs past the document (a missing key) points at the deepest node that exists.
 */
export function locateRange(file: ParsedFile, ref: Ref): Range {
  const index = file.index;
  let node = index.root;
  let keyRange: Range | undefined;
  let pairRange: Range | undefined;
  for (const seg of ref.path) {
    let next = -1;
    let nextKey: Range | undefined;
    let nextPair: Range | undefined;
    const kind = index.kind(node);
    // Inside an alias the fix belongs where the alias is written (`Payments: *stateful`), not at its anchor.
    if (kind === ALIAS) return index.range(node) ?? keyRange ?? [0, 1];
    if (kind === MAP) {
      const entry = index.entry(node, String(seg));
      if (entry) {
        next = entry.value;
        nextKey = index.range(entry.key);
        nextPair = nextKey;
      }
    } else if (kind === SEQ && typeof seg === 'number') {
      next = index.item(node, seg);
      nextPair = undefined;
    }
    if (next === -1 && nextKey === undefined) {
      // The path leaves the document here: point at the owner of what is missing.
      return keyRange ?? index.range(node) ?? [0, 1];
    }
    node = next;
    keyRange = nextKey;
    pairRange = nextPair;
  }
  if (ref.at === 'key' && pairRange) return pairRange;
  const own = index.range(node);
  const kind = index.kind(node);
  if (keyRange && (!own || kind === MAP || kind === SEQ || kind === EMPTY)) return keyRange;
  return own ?? keyRange ?? [0, 1];
}

export function locate(file: ParsedFile, ref: Ref): Position {
  const [start, end] = locateRange(file, ref);
  // A block collection's range runs to the next line; the finding's ends where its text does.
  const text = file.source.text;
  let last = end;
  while (last > start + 1 && isSpace(text.charCodeAt(last - 1))) last--;
  return toPosition(file, start, last);
}

/** What `/\s/` matches, by character code (this runs for every finding). */
function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function toPosition(file: ParsedFile, start: number, end: number): Position {
  const a = file.lines.linePos(start);
  const b = file.lines.linePos(Math.max(end, start));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/**
 * The node a path names (through aliases): null for a key written without a value (`{ a }`),
 * undefined when the path leaves the document.
 */
export function nodeAt(file: ParsedFile, path: Path): number | null | undefined {
  const index = file.index;
  let node = index.root;
  if (node === -1) return undefined;
  for (const seg of path) {
    if (index.kind(node) === ALIAS) node = index.target(node);
    const kind = index.kind(node);
    if (kind === MAP) {
      const entry = index.entry(node, String(seg));
      if (!entry) return undefined;
      if (entry.value === -1) return null;
      node = entry.value;
    } else if (kind === SEQ && typeof seg === 'number') {
      node = index.item(node, seg);
      if (node === -1) return undefined;
    } else return undefined;
  }
  return node;
}
