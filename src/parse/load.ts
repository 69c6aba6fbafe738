import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

/** A design file's text, ready for the YAML parser. */
export interface Source {
  /** The name findings carry: relative to the working directory, with '/' separators. */
  readonly file: string;
  readonly text: string;
}

export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** The name a finding shows for a path: relative to cwd when inside it, '/' separators. */
export function displayName(filePath: string, cwd = process.cwd()): string {
  const abs = path.resolve(cwd, filePath);
  const rel = path.relative(cwd, abs);
  const shown = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  return shown.split(path.sep).join('/');
}

/**
 * Reads a design file as UTF-8 text. Whatever cannot be a YAML design (a folder, a binary file,
 * UTF-16, bytes that are not UTF-8, a file over the size cap) is an InputError naming the file.
 */
export function loadSource(filePath: string, maxSize = DEFAULT_MAX_FILE_SIZE): Source {
  if (filePath === '-') return loadStdin(maxSize);
  const file = displayName(filePath);
  let bytes: Buffer;
  try {
    const stat = statSync(filePath);
    if (stat.isDirectory()) throw new InputError(file, 'is a directory; name a design file (.yaml, .yml or .json) inside it.');
    if (!stat.isFile()) throw new InputError(file, 'is not a regular file.');
    if (stat.size > maxSize) {
      throw new InputError(file, `is ${formatSize(stat.size)}, over the ${formatSize(maxSize)} limit for a design file.`);
    }
    bytes = readFileSync(filePath);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, describeFsError(err));
  }
  return { file, text: decode(file, bytes) };
}

/**
 * The first 4 KiB of a regular file as text, enough to tell a root design or an AsyncAPI document
 * by its first keys; '' when it cannot be read (loadSource says why). Opening a FIFO would wait for
 * a writer: only regular files are read.
 */
export function firstBytes(file: string): string {
  let fd: number | undefined;
  try {
    if (!statSync(file).isFile()) return '';
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(4096);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The design piped to standard input, named `<stdin>` in findings. */
function loadStdin(maxSize: number): Source {
  const file = '<stdin>';
  if (process.stdin.isTTY) throw new InputError(file, 'is a terminal; pipe a design in (eda-advisor review - < design.yaml) or name a file.');
  // Read in chunks and stop past the limit: `review - < /dev/zero` must not grow until it aborts.
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      let n: number;
      try {
        n = readSync(0, chunk, 0, chunk.length, null);
      } catch (err) {
        // A non-blocking pipe that has nothing yet: wait for it rather than fail.
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
          continue;
        }
        if ((err as NodeJS.ErrnoException).code === 'EOF') break;
        throw err;
      }
      if (n === 0) break;
      total += n;
      if (total > maxSize) throw new InputError(file, `is over the ${formatSize(maxSize)} limit for a design file (raise it with --max-file-size).`);
      chunks.push(chunk.subarray(0, n));
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, describeFsError(err));
  }
  return { file, text: decode(file, Buffer.concat(chunks, total)) };
}

const UNITS: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1000 ** 2, mib: 1024 ** 2, gb: 1000 ** 3, gib: 1024 ** 3 };

/** '10MiB', '512 KiB', '2MB', '1048576': a size in bytes, or undefined when it does not read as one. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.floor(Number(m[1]) * unit);
}

/** Decodes bytes as UTF-8 (dropping a BOM) or says in one line why they are not a design's text. */
export function decode(file: string, bytes: Uint8Array): string {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    throw new InputError(file, 'is encoded as UTF-32; save it as UTF-8 and run again.');
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new InputError(file, 'is encoded as UTF-16; save it as UTF-8 and run again.');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // Without a BOM, UTF-32 shows ASCII letters each with three NUL bytes, UTF-16 with one (before or after it).
    const four = bytes.length >= 4;
    const utf32 = four && ((b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0));
    const utf16 = four && !utf32 && ((b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) || (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0));
    throw new InputError(
      file,
      utf32
        ? 'looks like UTF-32 text; save it as UTF-8 and run again.'
        : utf16
          ? 'looks like UTF-16 text; save it as UTF-8 and run again.'
          : `is not a text file (a NUL byte at offset ${nul}); a design is a YAML or JSON text file.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Said at its line and column (in the characters before it), as an editor shows them.
    const at = firstInvalidUtf8(bytes);
    const lineStart = at === 0 ? 0 : bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const column = [...new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at))].length + 1;
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    throw new InputError(
      `${file}:${line}:${column}`,
      `is not valid UTF-8 (byte 0x${byte}; the file may be Latin-1 or Windows-1252); save it as UTF-8 and run again.`,
    );
  }
  return lineBreaksAsLf(text);
}

/**
 * A lone CR (old Mac line ends) is a line break to YAML and to js-yaml but not to every reader:
 * made a LF, one for one, so that offsets stay and every line and column is counted alike. The
 * readers get text only through this.
 */
export function lineBreaksAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Validity of a prefix is monotone when an unfinished sequence at its end is allowed (stream).
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The prefix may end inside a multi-byte sequence that the next byte breaks: the sequence is at fault.
  for (let i = lo - 1; i >= Math.max(0, lo - 3); i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return i + length > lo ? i : lo;
  }
  return lo;
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file; check the path.';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read (permission denied).';
    case 'EISDIR':
      return 'is a directory; name a design file inside it.';
    case 'ELOOP':
      return 'is a symbolic link that loops.';
    default:
      return `cannot be read (${code ?? (err as Error).message}).`;
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}
