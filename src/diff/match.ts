import type { Design, Field, Process, State } from '../model/types.js';

/**
 * The renames between two designs, where the evidence is clear: one thing gone and one new, with
 * the same producer (or handler) and the same fields, and no other candidate on either side. A state
 * is renamed when one is gone and one new in the same process with the same messages and end.
 */
export interface Renames {
  /** Old name -> new name. */
  readonly events: ReadonlyMap<string, string>;
  readonly commands: ReadonlyMap<string, string>;
  /** Per process: old state -> new state. */
  readonly states: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const fieldKey = (fields: readonly Field[] | undefined) =>
  fields === undefined || fields.length === 0
    ? undefined
    : fields
        .map((f) => `${f.name}${f.optional ? '?' : ''}`)
        .sort()
        .join(',');

/** Pairs gone and new names by a key; only keys that one gone and one new name share. */
function pair(gone: readonly string[], added: readonly string[], key: (name: string, side: 'old' | 'new') => string | undefined): Map<string, string> {
  const byKey = (names: readonly string[], side: 'old' | 'new') => {
    const m = new Map<string, string[]>();
    for (const n of names) {
      const k = key(n, side);
      if (k !== undefined) m.set(k, [...(m.get(k) ?? []), n]);
    }
    return m;
  };
  const olds = byKey(gone, 'old');
  const news = byKey(added, 'new');
  const out = new Map<string, string>();
  for (const [k, o] of olds) {
    const n = news.get(k);
    if (o.length === 1 && n?.length === 1) out.set(o[0] as string, n[0] as string);
  }
  return out;
}

const goneFrom = <T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>) => [...a.keys()].filter((k) => !b.has(k));

function stateKey(s: State): string {
  return `${s.terminal ?? ''}|${s.on
    .map((h) => h.message.name)
    .sort()
    .join(',')}|${s.timeout ? 't' : ''}`;
}

export function findRenames(old: Design, now: Design): Renames {
  const events = pair(goneFrom(old.events, now.events), goneFrom(now.events, old.events), (name, side) => {
    const e = (side === 'old' ? old : now).events.get(name);
    const fields = fieldKey(e?.fields);
    return e && fields ? `${e.producedBy?.name ?? (e.fromOutside ? '(outside)' : '')}|${fields}` : undefined;
  });
  const commands = pair(goneFrom(old.commands, now.commands), goneFrom(now.commands, old.commands), (name, side) => {
    const c = (side === 'old' ? old : now).commands.get(name);
    const fields = fieldKey(c?.fields);
    return c && fields ? `${c.handledBy?.name ?? ''}|${fields}` : undefined;
  });
  const states = new Map<string, Map<string, string>>();
  for (const [name, p] of old.processes) {
    const q: Process | undefined = now.processes.get(name);
    if (!q || p.states.size === 0) continue;
    const found = pair(goneFrom(p.states, q.states), goneFrom(q.states, p.states), (s, side) => {
      const st = (side === 'old' ? p : q).states.get(s);
      return st && st.on.length > 0 ? stateKey(st) : undefined;
    });
    if (found.size > 0) states.set(name, found);
  }
  return { events, commands, states };
}
