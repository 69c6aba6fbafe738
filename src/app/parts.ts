import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { collectDesignFiles } from '../engine/imports.js';
import { InputError } from '../errors.js';
import { displayName, loadSource } from '../parse/load.js';
import { parseYaml } from '../parse/yaml.js';
import { repositoryOf } from '../util/repository.js';

/** A top-level `version:` (YAML) or `"version":` (JSON): a root design, or something else, but not a part. */
const HAS_VERSION = /^(?:version|"version")\s*:|[{,]\s*"version"\s*:/m;
const HAS_IMPORTS = /^(?:imports|"imports")\s*:|[{,]\s*"imports"\s*:/m;
const DESIGN_FILE = /\.(ya?ml|json)$/i;

/**
 * The first 4 KiB of a regular file as text, enough to tell a root design or an AsyncAPI document
 * by its first keys; '' when it cannot be read (the review says why). Opening a FIFO would wait for
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

function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/**
 * The folders a root design of `file` can be in: imports stay inside the root file's folder tree,
 * so a root lies in the part's own folder or one above it — up to the repository's top (the
 * nearest .git), or the working folder when there is no repository and the part is inside it.
 */
function foldersAbove(file: string, cwd: string): string[] {
  const start = real(path.dirname(path.resolve(file)));
  const top = repositoryOf(start);
  const here = real(cwd);
  const stop = top !== start ? top : start.startsWith(`${here}${path.sep}`) ? here : start;
  const out: string[] = [];
  for (let d = start; ; d = path.dirname(d)) {
    out.push(d);
    if (d === stop || path.dirname(d) === d) return out;
  }
}

/**
 * The root designs that import `file`, when `file` is a part (no top-level `version:`): a part
 * reviewed alone misses its design's version and name and every service the other parts declare.
 * Returns display names; none when `file` is a root, is not a part of any design, or cannot be read.
 */
export function rootsOf(file: string, cwd: string, maxFileSize?: number): string[] {
  if (file === '-') return [];
  // Most files are roots: their first bytes say `version:`, and the rest is not read twice.
  if (HAS_VERSION.test(firstBytes(file))) return [];
  let text: string;
  try {
    text = loadSource(file, maxFileSize).text;
  } catch {
    return [];
  }
  if (HAS_VERSION.test(text) || /^["']?asyncapi["']?\s*:/m.test(text)) return [];
  const target = real(file);
  const roots: string[] = [];
  for (const dir of foldersAbove(file, cwd)) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => DESIGN_FILE.test(n))
        .sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (candidate === target) continue;
      try {
        if (!statSync(candidate).isFile()) continue;
        const source = loadSource(displayName(candidate), maxFileSize);
        if (!HAS_IMPORTS.test(source.text) || !HAS_VERSION.test(source.text)) continue;
        const parsed = parseYaml(source);
        if (parsed.problems.length > 0) continue;
        const { parts } = collectDesignFiles(parsed, source.file, maxFileSize);
        if (parts.slice(1).some((p) => real(p.source.file) === target)) roots.push(source.file);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
      }
    }
  }
  return roots;
}

/**
 * The files to review, with every part that a root design imports replaced by that root (once).
 * Says so for a part whose root was not among the files already.
 */
export function reviewRootsOfParts(files: readonly string[], cwd: string, maxFileSize?: number): { files: string[]; notices: string[] } {
  const given = new Set(files.map((f) => (f === '-' ? f : real(f))));
  const out: string[] = [];
  const seen = new Set<string>();
  const notices: string[] = [];
  const add = (f: string) => {
    const key = f === '-' ? f : real(f);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(f);
  };
  for (const file of files) {
    const roots = rootsOf(file, cwd, maxFileSize);
    if (roots.length === 0) {
      add(file);
      continue;
    }
    const fresh = roots.filter((r) => !given.has(real(r)));
    if (fresh.length > 0)
      notices.push(
        `${displayName(file)} is a part of ${fresh.join(' and ')}, which ${fresh.length === 1 ? 'imports it: reviewing that design' : 'import it: reviewing those designs'}.`,
      );
    for (const root of roots) add(root);
  }
  return { files: out, notices };
}
