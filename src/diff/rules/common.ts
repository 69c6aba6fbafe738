import type { Ref } from '../../findings.js';
import { relationsOf } from '../../model/graph.js';
import type { Design, Field } from '../../model/types.js';

/** A path in the new design: the node's own file when it is there, else the root's (the owner of what is gone is found from it). */
export function at(design: Design, path: readonly (string | number)[], own?: Ref): Ref {
  return { file: own?.file ?? design.file, path: [...path] };
}

/** Who reads an event or sends a command in a design, in a few words: "read by Shipping and Billing; used by PlaceOrder". */
export function hurts(design: Design, message: string): string {
  const r = relationsOf(design);
  const readers = [...new Set((r.consumers.get(message) ?? []).map((c) => c.service))].sort();
  const processes = [...new Set([...r.sends].filter(([, sends]) => sends.some((s) => s.command === message)).map(([p]) => p))];
  for (const c of r.consumers.get(message) ?? []) if (c.process && !processes.includes(c.process)) processes.push(c.process);
  const parts = [...(readers.length > 0 ? [`read by ${readers.join(', ')}`] : []), ...(processes.length > 0 ? [`used by ${processes.sort().join(', ')}`] : [])];
  return parts.length > 0 ? parts.join('; ') : 'no reader in the design';
}

export const names = (fields: readonly Field[] | undefined) => new Map((fields ?? []).map((f) => [f.name, f]));

/** What both designs have under one name, with its two sides: [name, before, after]. */
export function* inBoth<T>(old: ReadonlyMap<string, T>, now: ReadonlyMap<string, T>): Generator<[string, T, T]> {
  for (const [name, after] of now) {
    const before = old.get(name);
    if (before !== undefined) yield [name, before, after];
  }
}
