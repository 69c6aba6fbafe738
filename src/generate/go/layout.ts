import type { Command, Design, Event, Field, Process } from '../../model/types.js';
import { exported, goType, packageName } from './gosrc.js';

/** A Go package of the generated code: its folder under the output and its import path. */
export interface GoPackage {
  readonly name: string;
  /** Folder, relative to the output directory, with forward slashes. */
  readonly dir: string;
  /** The bounded context (or the service, in a design without contexts) it holds, as the design names it. */
  readonly owner: string;
  readonly description?: string;
}

/** Where everything goes: a package per bounded context (per service without contexts), one per process. */
export interface Layout {
  readonly module: string;
  /** The import path of a folder under the output directory. */
  importPath(dir: string): string;
  readonly packages: ReadonlyMap<string, GoPackage>;
  /** Package of a service, a command (its handler's), an event (its producer's). */
  servicePackage(service: string): GoPackage;
  commandPackage(command: string): GoPackage;
  eventPackage(event: string): GoPackage;
  processPackage(process: Process): GoPackage;
  /** `inventory.ReserveStock`; `ReserveStock` from its own package (`from`). */
  qualified(kind: 'command' | 'event', name: string, from?: GoPackage): string;
}

const EXTERNAL = 'external';

export function layoutOf(design: Design, importPrefix: string): Layout {
  const packages = new Map<string, GoPackage>();
  const taken = new Set<string>();
  const add = (owner: string, description?: string): GoPackage => {
    const known = packages.get(owner);
    if (known) return known;
    let name = packageName(owner);
    for (let i = 2; taken.has(name); i++) name = `${packageName(owner)}${i}`;
    taken.add(name);
    const pkg: GoPackage = { name, dir: name, owner, ...(description ? { description } : {}) };
    packages.set(owner, pkg);
    return pkg;
  };
  const byContext = design.contexts.size > 0;
  for (const [name, c] of design.contexts) add(name, c.owner ? `owned by ${c.owner}` : undefined);
  const ownerOf = (service: string | undefined): string => {
    const s = service === undefined ? undefined : design.services.get(service);
    if (!s) return EXTERNAL;
    return byContext ? (s.context?.name ?? s.name) : s.name;
  };
  for (const s of design.services.values()) add(ownerOf(s.name));
  const processPackages = new Map<string, GoPackage>();
  for (const p of design.processes.values()) {
    let name = packageName(p.name);
    for (let i = 2; taken.has(name); i++) name = `${packageName(p.name)}${i}`;
    taken.add(name);
    processPackages.set(p.name, { name, dir: `processes/${name}`, owner: p.name });
  }
  const commandPackage = (command: string) => add(ownerOf(design.commands.get(command)?.handledBy?.name));
  const eventPackage = (event: string) => add(ownerOf(design.events.get(event)?.producedBy?.name));
  const importPath = (dir: string) => `${importPrefix}/${dir}`;
  return {
    module: importPrefix,
    importPath,
    packages,
    servicePackage: (service) => add(ownerOf(service)),
    commandPackage,
    eventPackage,
    processPackage: (p) => processPackages.get(p.name) as GoPackage,
    qualified: (kind, name, from) => {
      const pkg = kind === 'command' ? commandPackage(name) : eventPackage(name);
      return pkg === from ? exported(name) : `${pkg.name}.${exported(name)}`;
    },
  };
}

/** A message's fields as Go fields: their names, and types from the design's field map (else string). */
export interface GoField {
  readonly name: string;
  readonly goName: string;
  readonly type: string;
  readonly optional: boolean;
  readonly time: boolean;
}

export function goFields(fields: readonly Field[] | undefined): GoField[] {
  const seen = new Set<string>();
  const out: GoField[] = [];
  for (const f of fields ?? []) {
    let goName = exported(f.name);
    for (let i = 2; seen.has(goName); i++) goName = `${exported(f.name)}${i}`;
    seen.add(goName);
    const t = goType(f.type);
    out.push({ name: f.name, goName, type: t.type, optional: f.optional, time: t.time });
  }
  return out;
}

export const fieldsOf = (m: Command | Event | undefined): GoField[] => goFields(m?.fields);
