import { relationsOf } from '../../model/graph.js';
import type { Design } from '../../model/types.js';

/** A message a service consumes: a command it handles, or an event it receives. */
export interface Consumed {
  readonly name: string;
  readonly kind: 'command' | 'event';
}

const consumedCache = new WeakMap<Design, Map<string, Consumed[]>>();

/** Per service, every message it consumes: the commands it handles and the events it receives. */
export function consumedByService(design: Design): ReadonlyMap<string, readonly Consumed[]> {
  let map = consumedCache.get(design);
  if (map) return map;
  map = new Map<string, Consumed[]>();
  const out = map;
  // What each service already has, by name: a service may consume thousands of messages.
  const seen = new Map<string, Set<string>>();
  const add = (service: string, m: Consumed) => {
    const names = seen.get(service);
    if (!names) {
      seen.set(service, new Set([m.name]));
      out.set(service, [m]);
    } else if (!names.has(m.name)) {
      names.add(m.name);
      out.get(service)?.push(m);
    }
  };
  // forEach and an indexed loop: a for-of makes an iterator and a result for each step of cold code.
  design.commands.forEach((c) => {
    if (c.handledBy) add(c.handledBy.name, { name: c.name, kind: 'command' });
  });
  relationsOf(design).consumers.forEach((consumptions, event) => {
    for (let i = 0; i < consumptions.length; i++) add((consumptions[i] as { service: string }).service, { name: event, kind: 'event' });
  });
  consumedCache.set(design, map);
  return map;
}
