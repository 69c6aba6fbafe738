import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { collectDesignFiles } from '../engine/imports.js';
import { InputError } from '../errors.js';
import { displayName, firstBytes, loadSource } from '../parse/load.js';
import { parseYaml } from '../parse/yaml.js';
import { realPath, repositoryOf } from '../util/paths.js';

/** A top-level `version:` (YAML) or `"version":` (JSON): a root design, or something else, but not a part. */
const HAS_VERSION = /^(?:version|"version")\s*:|[{,]\s*"version"\s*:/m;
const HAS_IMPORTS = /^(?:imports|"imports")\s*:|[{,]\s*"imports"\s*:/m;
const DESIGN_FILE = /\.(ya?ml|json)$/i;
/** An AsyncAPI document, which is no part of a design. */
const ASYNCAPI = /^["']?asyncapi["']?\s*:/m;

/**
 * The folders a root design of `file` can be in: imports stay inside the root file's folder tree,
 * so a root lies in the part's own folder or one above it — up to the repository's top (the
 * nearest .git), or the working folder when there is no repository and the part is inside it.
 */
function foldersAbove(file: string, cwd: string): string[] {
  const start = realPath(path.dirname(file));
  const top = repositoryOf(start);
  const here = realPath(cwd);
  const stop = top !== start ? top : start.startsWith(`${here}${path.sep}`) ? here : start;
  const out: string[] = [];
  for (let d = start; ; d = path.dirname(d)) {
    out.push(d);
    if (d === stop || path.dirname(d) === d) return out;
  }
}

/** What a candidate root imports (real paths), by its real path: each candidate is read once per run. */
type RootCache = Map<string, { readonly file: string; readonly parts: ReadonlySet<string> } | undefined>;

/** A root design in `candidate` and the files it imports; undefined when it is none (no imports, no version, broken). */
function importsOfRoot(candidate: string, cache: RootCache, maxFileSize?: number): { readonly file: string; readonly parts: ReadonlySet<string> } | undefined {
  if (cache.has(candidate)) return cache.get(candidate);
  let found: { file: string; parts: ReadonlySet<string> } | undefined;
  try {
    if (statSync(candidate).isFile()) {
      const source = loadSource(displayName(candidate), maxFileSize);
      if (HAS_IMPORTS.test(source.text) && HAS_VERSION.test(source.text)) {
        const parsed = parseYaml(source);
        if (parsed.problems.length === 0) {
          const { parts } = collectDesignFiles(parsed, source.file, maxFileSize);
          found = { file: source.file, parts: new Set(parts.slice(1).map((p) => realPath(p.source.file))) };
        }
      }
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
  }
  cache.set(candidate, found);
  return found;
}

/**
 * The root designs that import `file`, when `file` is a part (no top-level `version:`): a part
 * reviewed alone misses its design's version and name and every service the other parts declare.
 * Returns display names; none when `file` is a root, is not a part of any design, or cannot be read.
 */
function rootsOf(file: string, cwd: string, cache: RootCache, maxFileSize?: number): string[] {
  if (file === '-') return [];
  // Most files are roots: their first bytes say `version:` (or `asyncapi:`), and the rest is not read twice.
  const head = firstBytes(file);
  if (HAS_VERSION.test(head) || ASYNCAPI.test(head)) return [];
  let text: string;
  try {
    text = loadSource(file, maxFileSize).text;
  } catch {
    return [];
  }
  if (HAS_VERSION.test(text) || ASYNCAPI.test(text)) return [];
  const target = realPath(file);
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
      const root = importsOfRoot(candidate, cache, maxFileSize);
      if (root?.parts.has(target)) roots.push(root.file);
    }
  }
  return roots;
}

/**
 * The files to review, with every part that a root design imports replaced by that root (once).
 * Says so for a part whose root was not among the files already.
 */
export function reviewRootsOfParts(files: readonly string[], cwd: string, maxFileSize?: number): { files: string[]; notices: string[] } {
  const key = (f: string) => (f === '-' ? f : realPath(f));
  const given = new Set(files.map(key));
  const out: string[] = [];
  const seen = new Set<string>();
  const notices: string[] = [];
  const cache: RootCache = new Map();
  const add = (f: string) => {
    if (seen.has(key(f))) return;
    seen.add(key(f));
    out.push(f);
  };
  for (const file of files) {
    const roots = rootsOf(file, cwd, cache, maxFileSize);
    if (roots.length === 0) {
      add(file);
      continue;
    }
    const fresh = roots.filter((r) => !given.has(realPath(r)));
    if (fresh.length > 0) {
      notices.push(
        `${displayName(file)} is a part of ${fresh.join(' and ')}, which ${fresh.length === 1 ? 'imports it: reviewing that design' : 'import it: reviewing those designs'}.`,
      );
    }
    for (const root of roots) add(root);
  }
  return { files: out, notices };
}
