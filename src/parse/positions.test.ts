import { describe, expect, it } from 'vitest';
import { MAP, PositionIndex, SCALAR } from './positions.js';

/** A map of `names` (in order, repeats kept), each key and value a scalar: the map's node and each value's node. */
function mapOf(names: readonly string[]): { index: PositionIndex; map: number; values: number[] } {
  const index = new PositionIndex(4);
  const map = index.add(MAP, 0, 0);
  const pairs = names.map((_, i) => [index.add(SCALAR, i * 10, i * 10 + 1), index.add(SCALAR, i * 10 + 3, i * 10 + 4)] as const);
  pairs.forEach(([key, value], i) => {
    index.linkKey(key, names[i] as string);
    index.link(value);
  });
  index.children(map, names.length * 2);
  return { index, map, values: pairs.map(([, v]) => v) };
}

describe("a map's entries", () => {
  // A small map is looked through, a large one indexed: both give the same answers.
  for (const size of [3, 8, 9, 40]) {
    it(`finds each key of a map of ${size}, the first of a repeated one, and no absent one`, () => {
      const names = Array.from({ length: size }, (_, i) => `k${i}`);
      names.push('k1', 'k0');
      const { index, map, values } = mapOf(names);
      for (let i = 0; i < size; i++) expect(index.entry(map, `k${i}`)?.value).toBe(values[i]);
      expect(index.entry(map, 'k1')?.value).toBe(values[1]);
      expect(index.entry(map, 'missing')).toBeUndefined();
      expect(index.entry(map, '')).toBeUndefined();
    });
  }
});
