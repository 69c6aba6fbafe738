import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The installed package's own folder, which holds rules/ and schemas/: found above this module,
 * wherever it runs from (src/util in tests, dist/ or dist/chunks in the bundle).
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'schemas', 'design.schema.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  root = dir;
  return dir;
}

/** A schema of the package: schemas/design.schema.json or schemas/config.schema.json. */
export function schemaFile(name: 'design' | 'config'): string {
  return path.join(packageRoot(), 'schemas', `${name}.schema.json`);
}
