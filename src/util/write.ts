import { chmodSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file whole or not at all: the text goes to a temporary file beside the target, which is
 * then renamed over it (a rename within one folder is atomic), so a reader never sees half a report.
 */
export function writeFileAtomic(target: string, text: string): void {
  // Through a symlink, the file it points at is replaced, not the link.
  try {
    target = realpathSync(target);
  } catch {
    // a new file
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    // A file that is replaced keeps its permissions.
    let mode: number | undefined;
    try {
      mode = statSync(target).mode & 0o7777;
    } catch {
      mode = undefined;
    }
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
