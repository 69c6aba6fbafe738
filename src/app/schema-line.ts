import { existsSync } from 'node:fs';
import path from 'node:path';
import { schemaFile } from '../util/package-root.js';

/**
 * Where an editor finds the design schema from a design in `dir`: the copy in the project's own
 * node_modules when eda-advisor is installed there (the nearest above `dir`), else the copy of the
 * eda-advisor that runs. Relative to `dir`, as yaml-language-server resolves a modeline against the
 * file it is in; so the line holds wherever the design lives.
 */
export function schemaPathFrom(dir: string): string {
  let schema = schemaFile('design');
  for (let d = dir; ; d = path.dirname(d)) {
    const local = path.join(d, 'node_modules', 'eda-advisor', 'schemas', 'design.schema.json');
    if (existsSync(local)) {
      schema = local;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  const relative = path.relative(dir, schema).split(path.sep).join('/');
  return relative.startsWith('.') || path.isAbsolute(relative) ? relative : `./${relative}`;
}

/** The first line of a YAML design written to `file` (standard output: the working folder). */
export function schemaLine(file: string | undefined, cwd: string): string {
  return `# yaml-language-server: $schema=${schemaPathFrom(file === undefined ? cwd : path.dirname(path.resolve(cwd, file)))}`;
}
