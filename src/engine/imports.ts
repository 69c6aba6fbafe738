import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { InputError } from '../errors.js';
import type { Path } from '../findings.js';
import { walk } from '../parse/files.js';
import { displayName, loadSource, type Source } from '../parse/load.js';
import { parseYaml, type ParsedFile } from '../parse/yaml.js';
import { realPath } from '../util/paths.js';
import type { ImportCode, SchemaData } from '../parse/problems.js';
import { schemaProblem, type SchemaProblem } from '../parse/schema.js';

/** An import that cannot be followed, reported at the `imports` entry that names it. */
export type ImportProblem = Extract<SchemaProblem, { readonly code: ImportCode }> & { readonly file: string };

/** The files of one design: the root file first, then every file it imports, each once. */
export interface DesignFiles {
  readonly parts: readonly ParsedFile[];
  readonly problems: readonly ImportProblem[];
}

function importsOf(value: unknown): { pattern: string; path: Path }[] {
  const imports = (value as { imports?: unknown } | null)?.imports;
  if (typeof imports === 'string') return [{ pattern: imports, path: ['imports'] }];
  if (!Array.isArray(imports)) return [];
  return imports.flatMap((p, i) => (typeof p === 'string' ? [{ pattern: p, path: ['imports', i] }] : []));
}

function filesMatching(dir: string, pattern: string): string[] {
  const { base } = picomatch.scan(pattern);
  const match = picomatch(pattern.split(path.sep).join('/'));
  const found: string[] = [];
  walk(path.join(dir, base), found);
  return found.filter((f) => match(path.relative(dir, f).split(path.sep).join('/')));
}

/**
 * Follows `imports:` from a root design file: relative paths and globs, resolved against the file
 * that names them. An import must stay inside the root file's folder tree once symbolic links are
 * resolved; a cycle, a missing file or one outside the tree is a problem at the entry that names it.
 */
export function collectDesignFiles(root: ParsedFile, rootPath: string, maxFileSize?: number): DesignFiles {
  const parts: ParsedFile[] = [root];
  const problems: ImportProblem[] = [];
  const problem = <C extends ImportCode>(file: ParsedFile, entry: { path: Path }, code: C, data: SchemaData<C>) =>
    problems.push({ ...schemaProblem(code, { path: entry.path }, data), file: file.source.file } as ImportProblem);
  if (importsOf(root.value).length === 0) return { parts, problems };
  const tree = realPath(path.dirname(path.resolve(rootPath)));
  const loaded = new Set<string>([realPath(rootPath)]);
  const visit = (file: ParsedFile, filePath: string, chain: readonly string[]) => {
    for (const entry of importsOf(file.value)) {
      const dir = path.dirname(path.resolve(filePath));
      const glob = picomatch.scan(entry.pattern);
      const inside = (p: string) => p === tree || p.startsWith(`${tree}${path.sep}`);
      // A glob whose fixed part leaves the tree (`../../**/*.yaml`) is refused before anything is walked.
      if (glob.isGlob && !inside(realPath(path.resolve(dir, glob.base || '.')))) {
        problem(file, entry, 'import-glob-outside', { pattern: entry.pattern, tree: displayName(tree) });
        continue;
      }
      const targets = glob.isGlob ? filesMatching(dir, entry.pattern) : [path.resolve(dir, entry.pattern)];
      if (targets.length === 0 || (targets.length === 1 && !existsSync(targets[0] as string))) {
        problem(file, entry, 'import-no-match', { pattern: entry.pattern });
        continue;
      }
      let outside = 0;
      for (const target of targets) {
        const resolved = realPath(target);
        if (!inside(resolved)) {
          // A glob's matches that leave the tree (through links) are counted, not listed.
          if (glob.isGlob) outside++;
          else problem(file, entry, 'import-outside', { pattern: entry.pattern, file: displayName(resolved), tree: displayName(tree) });
          continue;
        }
        if (chain.includes(resolved)) {
          const names = [...chain.slice(chain.indexOf(resolved)), resolved].map((f) => displayName(f));
          problem(file, entry, 'import-cycle', { pattern: entry.pattern, cycle: names.join(' → ') });
          continue;
        }
        if (loaded.has(resolved)) continue;
        if (!statSync(resolved).isFile()) {
          problem(file, entry, 'import-not-a-file', { pattern: entry.pattern, file: displayName(resolved) });
          continue;
        }
        loaded.add(resolved);
        let source: Source;
        try {
          source = loadSource(target, maxFileSize);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problem(file, entry, 'import-unreadable', { pattern: entry.pattern, reason: err.message });
          continue;
        }
        const parsed = parseYaml(source);
        parts.push(parsed);
        visit(parsed, target, [...chain, resolved]);
      }
      if (outside > 0) {
        problem(file, entry, 'import-links-outside', {
          pattern: entry.pattern,
          count: outside,
          files: outside === 1 ? 'file' : 'files',
          tree: displayName(tree),
        });
      }
    }
  };
  visit(root, rootPath, [realPath(rootPath)]);
  return { parts, problems };
}
