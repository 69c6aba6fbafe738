import { chmodSync, lstatSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Why a write is refused before anything is written. */
export class WriteRefused extends Error {
  override name = 'WriteRefused';
}

/** The temporary files of eda-advisor's writes: `.<name>.eda-advisor-<pid>.tmp`, beside the target. */
const TEMP = /^\.(.+)\.eda-advisor-(\d+)\.tmp$/;

/**
 * Writes a file whole or not at all: the text goes to a temporary file beside the target, which is
 * then renamed over it (a rename within one folder is atomic), so a reader never sees half a report.
 * What is not a regular file (a device such as /dev/null, a FIFO, /dev/stdout) is written directly:
 * renaming over it would replace the device with a file. A read-only file is refused, not replaced.
 */
export function writeFileAtomic(target: string, text: string): void {
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(target);
  } catch {
    existing = undefined;
  }
  if (existing && !existing.isFile()) {
    writeFileSync(target, text);
    return;
  }
  if (existing && (existing.mode & 0o222) === 0) throw new WriteRefused('it is read-only; make it writable or choose another file');
  // Through a symlink, the file it points at is replaced, not the link.
  try {
    target = realpathSync(target);
  } catch {
    // a new file
  }
  const dir = path.dirname(target);
  const base = path.basename(target);
  removeStaleTemps(dir, base);
  const tmp = path.join(dir, `.${base}.eda-advisor-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'w' });
    // A file that is replaced keeps its permissions.
    if (existing) chmodSync(tmp, existing.mode & 0o7777);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Temporary files an earlier run left for this target (it was killed mid-write): removed when their process is gone. */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || m[1] !== base) continue;
    const pid = Number(m[2]);
    if (pid !== process.pid && alive(pid)) continue;
    try {
      if (lstatSync(path.join(dir, name)).isFile()) rmSync(path.join(dir, name), { force: true });
    } catch {
      // gone already
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
