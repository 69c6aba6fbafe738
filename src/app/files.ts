import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/write.js';

/** Writes a file whole or not at all, or says it cannot (an InputError: exit 2). */
export function writeOrFail(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    throw new InputError(file, `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was written.`);
  }
}
