import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** The real path of a file, through symbolic links; the absolute path itself when it cannot be resolved. */
export function realPath(file: string): string {
  try {
    return realpathSync(path.resolve(file));
  } catch {
    return path.resolve(file);
  }
}

/**
 * The repository a folder is in: the nearest folder above it (itself included) with a `.git`
 * (a folder, or the file a worktree or submodule has), else the folder itself. Real paths, so that
 * a symbolic link does not make two repositories of one.
 */
export function repositoryOf(dir: string): string {
  const start = realPath(dir);
  for (let d = start; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return start;
  }
}
