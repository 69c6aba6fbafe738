import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BlockedByFindings, InputError, UsageError } from '../errors.js';
import type { Finding } from '../findings.js';
import stylish from '../formatters/stylish.js';
import { summarize } from '../formatters/types.js';
import { generateGo, type GoFile } from '../generate/go/index.js';
import { loadSoundDesign, processesOf } from './design.js';
import { ExitCode } from './exit.js';
import { checkOutput, writeOrFail } from './files.js';

export interface GenerateRequest {
  /** The folder the code goes in. */
  readonly output: string;
  /** The working folder: the headers name the design by its path from it. */
  readonly cwd: string;
  /** The Go module path, for a go.mod written where none is found above the output. */
  readonly module?: string;
  readonly process?: string;
  /** Overwrite generated files that were changed since they were written. */
  readonly force?: boolean;
  /** Generate from a design whose review fails. */
  readonly allowFindings?: boolean;
  readonly maxFileSize?: number;
  readonly config?: string;
}

export interface GenerateOutcome {
  /** The output folder's files written, relative to it. */
  readonly written: readonly string[];
  /** Regenerated files whose text did not change. */
  readonly unchanged: readonly string[];
  /** Files written once (business logic) that exist: the user's, left alone. */
  readonly kept: readonly string[];
  /** The module path and where its go.mod is. */
  readonly module: { readonly path: string; readonly goMod: string; readonly written: boolean };
  /** The tests written: one per failure point of each process. */
  readonly tests: number;
  /** One line each: the review's failing findings when --allow-findings let them through. */
  readonly notices: readonly string[];
  readonly exitCode: number;
}

/** What eda-advisor wrote last time, by path: the SHA-256 of each file, to tell a user's change from ours. */
export const SUMS = '.eda-advisor.sum';

/**
 * `generate go`: a sound design (one whose review does not fail, unless allowFindings) written as Go
 * code under the output folder. Everything is checked before anything is written: a generated file
 * the user changed since is refused without --force (exit 2), and each file is written whole.
 */
export function runGenerateGo(file: string, request: GenerateRequest): GenerateOutcome {
  const { review, design } = loadSoundDesign(file, {
    review: 'full',
    stop: 'cannot be generated until',
    ...(request.maxFileSize ? { maxFileSize: request.maxFileSize } : {}),
    ...(request.config ? { config: request.config } : {}),
  });
  const failing = review.findings.filter((f) => f.severity === 'error');
  if (failing.length > 0 && !request.allowFindings) {
    throw new BlockedByFindings(
      `${review.file} has findings that fail its review; generating code from it would build them in (add --allow-findings to generate anyway):\n${listing(review.file, failing)}`,
    );
  }
  const processes = request.process ? processesOf(design, request.process, review.file) : undefined;
  const output = path.resolve(request.output);
  if (existsSync(output) && !statSync(output).isDirectory())
    throw new InputError(request.output, 'is not a folder; --output names the folder the code goes in.');
  const module = moduleOf(output, request.module, design.name);
  // The design as the headers name it: its path from the working folder (the same on every machine), else its name.
  const fromCwd = path.relative(request.cwd, path.resolve(review.file));
  const source = (fromCwd.startsWith('..') || path.isAbsolute(fromCwd) ? path.basename(review.file) : fromCwd).split(path.sep).join('/');
  const files: GoFile[] = generateGo(design, { importPrefix: module.importPrefix, source, ...(processes ? { processes } : {}) });
  if (!module.goMod.exists)
    files.push({ path: path.relative(output, module.goMod.file).split(path.sep).join('/'), text: `module ${module.path}\n\ngo 1.19\n`, once: true });

  const sums = readSums(path.join(output, SUMS));
  const plan: { file: GoFile; target: string }[] = [];
  const unchanged: string[] = [];
  const kept: string[] = [];
  const changed: string[] = [];
  const inputs = [review.file];
  for (const f of files) {
    const target = path.join(output, ...f.path.split('/'));
    checkOutput(target, { inputs, ...(request.force ? { force: true } : {}) });
    const old = readIfFile(target);
    if (old === undefined) plan.push({ file: f, target });
    else if (f.once) kept.push(f.path);
    else if (old === f.text) unchanged.push(f.path);
    else if (sums.get(f.path) === sha256(old) || request.force) plan.push({ file: f, target });
    else changed.push(f.path);
  }
  if (changed.length > 0)
    throw new UsageError(
      `${changed.length === 1 ? 'a generated file was' : `${changed.length} generated files were`} changed since eda-advisor wrote ${changed.length === 1 ? 'it' : 'them'}: ${changed
        .map((c) => path.join(request.output, c))
        .join(', ')}; nothing was written. Move your changes into the files written once (the business logic), or add --force to overwrite.`,
    );
  for (const { file: f, target } of plan) {
    mkdirSync(path.dirname(target), { recursive: true });
    writeOrFail(target, f.text, { inputs, ...(request.force ? { force: true } : {}) });
  }
  // A file generated before that the design no longer gives (a process or a context gone) is the
  // user's to delete; it is named as long as it is there (with --process, the others are not gone).
  const current = new Set(files.map((f) => f.path));
  // A go.mod written once in the output is the output's, generated or found.
  if (path.dirname(module.goMod.file) === output) current.add('go.mod');
  const stale = request.process ? [] : [...sums.keys()].filter((p) => !current.has(p) && readIfFile(path.join(output, ...p.split('/'))) !== undefined);
  const next = new Map([...sums].filter(([p]) => current.has(p) || stale.includes(p) || request.process !== undefined));
  // Files written once are listed too (what they were written as), so that one left behind is named.
  for (const f of files)
    if (!f.once || !next.has(f.path)) next.set(f.path, sha256(f.once ? (readIfFile(path.join(output, ...f.path.split('/'))) ?? f.text) : f.text));
  writeOrFail(
    path.join(output, SUMS),
    `# Written by eda-advisor generate go: the SHA-256 of each file it generated, to tell your changes from its own.\n${[...next]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([p, h]) => `${h}  ${p}`)
      .join('\n')}\n`,
    { inputs },
  );
  const tests = files.filter((f) => f.path.endsWith('_test.go')).reduce((n, f) => n + (f.text.match(/^func Test/gm)?.length ?? 0), 0);
  return {
    written: plan.map((p) => p.file.path),
    unchanged,
    kept,
    module: { path: module.path, goMod: module.goMod.file, written: !module.goMod.exists },
    tests,
    notices: [
      ...(failing.length > 0
        ? [`${review.file}: generated despite ${failing.length} failing finding${failing.length === 1 ? '' : 's'} (--allow-findings).`]
        : []),
      ...stale.map((p) => `${path.join(request.output, p)} is no longer generated (the design no longer has what it was for): delete it.`),
    ],
    exitCode: ExitCode.ok,
  };
}

function listing(file: string, findings: readonly Finding[]): string {
  return stylish({ files: [file], findings, summary: summarize([file], findings, 0) }, { color: false });
}

/**
 * The module the output belongs to: the nearest go.mod at or above it (its module path, and the
 * output's folder under it), or a new one in the output folder (`--module`, else example.com/<design>).
 */
function moduleOf(
  output: string,
  wanted: string | undefined,
  designName: string,
): { path: string; importPrefix: string; goMod: { file: string; exists: boolean } } {
  for (let dir = output; ; dir = path.dirname(dir)) {
    const goMod = path.join(dir, 'go.mod');
    const text = readIfFile(goMod);
    if (text !== undefined) {
      const declared = /^module\s+("?)([^\s"]+)\1\s*$/m.exec(text)?.[2];
      if (!declared) throw new InputError(goMod, 'has no module line; the import paths of the generated code start with it.');
      if (wanted && wanted !== declared && dir === output)
        throw new UsageError(`--module ${wanted}, but ${goMod} says module ${declared}; leave --module out to use it.`);
      const under = path.relative(dir, output).split(path.sep).join('/');
      return { path: declared, importPrefix: under ? `${declared}/${under}` : declared, goMod: { file: goMod, exists: true } };
    }
    if (path.dirname(dir) === dir) break;
  }
  const modulePath = wanted ?? `example.com/${designName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-') || 'design'}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._~/-]*$/.test(modulePath) || modulePath.includes('//') || modulePath.endsWith('/'))
    throw new UsageError(`'${modulePath}' is not a Go module path; give one such as example.com/shop.`);
  return { path: modulePath, importPrefix: modulePath, goMod: { file: path.join(output, 'go.mod'), exists: false } };
}

function readIfFile(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function readSums(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of (readIfFile(file) ?? '').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) out.set(m[2] as string, m[1] as string);
  }
  return out;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
