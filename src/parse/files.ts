import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';

/** Folders never searched for designs. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage']);
const DESIGN_EXTENSIONS = /\.(ya?ml|json)$/i;
/** A file is a design when it says so at its top level (`version: 1`, as YAML or JSON). */
const DESIGN_MARK = /^(?:version:\s*1\b|\s*"version"\s*:\s*1\b)/m;

/** The YAML and JSON files below a folder, in name order (node_modules, hidden and build folders skipped). */
export function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) {
      if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name), out);
    } else if (DESIGN_EXTENSIONS.test(e.name) && (e.isFile() || (e.isSymbolicLink() && isFileBehind(path.join(dir, e.name))))) {
      // A link to a file is matched as the file is (its target is checked by whoever reads it); links to folders are not followed.
      out.push(path.join(dir, e.name));
    }
  }
}

function isFileBehind(link: string): boolean {
  try {
    return statSync(link).isFile();
  } catch {
    return false;
  }
}

function isDesign(file: string): boolean {
  try {
    return DESIGN_MARK.test(readFileSync(file, 'utf8').slice(0, 64 * 1024));
  } catch {
    return false;
  }
}

/**
 * The design files the command line names: files as they are (a missing one is reported by the
 * loader), folders searched for YAML and JSON files that declare `version: 1`, and globs
 * (design/**\/*.yaml) matched against the files below their fixed part. In the order given, each once.
 */
export function expandFiles(args: readonly string[]): { files: string[]; empty: string[] } {
  const files: string[] = [];
  const empty: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      files.push(arg);
      continue;
    }
    let stat;
    try {
      stat = statSync(arg);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found: string[] = [];
      walk(arg, found);
      const designs = found.filter(isDesign);
      if (designs.length === 0) empty.push(arg);
      files.push(...designs);
    } else if (!stat && picomatch.scan(arg).isGlob) {
      const { base } = picomatch.scan(arg);
      const match = picomatch(arg.split(path.sep).join('/'), { dot: false });
      const found: string[] = [];
      walk(base === '' ? '.' : base, found);
      const matched = found.filter((f) => match(path.normalize(f).split(path.sep).join('/')) || match(f.split(path.sep).join('/')));
      if (matched.length === 0) empty.push(arg);
      files.push(...matched);
    } else {
      files.push(arg);
    }
  }
  return { files: [...new Set(files)], empty };
}
