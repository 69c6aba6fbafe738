import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { realPath } from '../util/paths.js';
import { WriteRefused, writeFileAtomic } from '../util/write.js';

/** What a write must not do: replace a file being read, or follow a link out of the working folder unasked. */
export interface WriteGuard {
  /** The files the command reads (designs, their imports): never written over. */
  readonly inputs?: readonly string[];
  /** --force: a symbolic link that leaves the working folder may be written through. */
  readonly force?: boolean;
}

/**
 * Writes a file whole or not at all, or says it cannot (an InputError: exit 2). Refused before
 * anything is written: an output that is one of the inputs (`-o design.yaml` would destroy the
 * design), and, without --force, a symbolic link to somewhere outside the working folder (which a
 * pull request can plant for a CI job).
 */
export function writeOrFail(file: string, text: string, guard: WriteGuard = {}): void {
  checkOutput(file, guard);
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    if (err instanceof WriteRefused) throw new InputError(file, `is not written: ${err.message}.`);
    throw new InputError(file, `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was written.`);
  }
}

/** The refusals of writeOrFail, alone: a command with several outputs checks them all before it writes one. */
export function checkOutput(file: string, guard: WriteGuard = {}): void {
  const target = realPath(file);
  if ((guard.inputs ?? []).some((input) => realPath(input) === target)) {
    throw new InputError(file, 'is one of the files being read; write the output to another file.');
  }
  let link: boolean;
  try {
    link = lstatSync(file).isSymbolicLink();
  } catch {
    link = false;
  }
  const inside = path.relative(path.resolve('.'), target);
  if (link && !guard.force && (inside.startsWith('..') || path.isAbsolute(inside)) && isRegularFile(target)) {
    throw new InputError(file, `is a symbolic link to ${target}, outside the working folder; nothing was written (add --force to write through it).`);
  }
}

/**
 * A link to a device or a pipe (`/dev/stdout`) is written there, as asked: what the link guard keeps
 * from being replaced is a file, and only a regular file (or none yet) can be.
 */
function isRegularFile(target: string): boolean {
  try {
    return statSync(target).isFile();
  } catch {
    return true;
  }
}
