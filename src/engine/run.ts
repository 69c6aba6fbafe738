import { compareFindings, type Finding, type Path, type Position, type Severity } from '../findings.js';
import { DIFF_META } from '../generated/diff-meta.js';
import { RULES_META } from '../generated/rules-meta.js';
import { buildDesign } from '../model/build.js';
import type { Design } from '../model/types.js';
import type { Source } from '../parse/load.js';
import { locate, toPosition } from '../parse/locate.js';
import { checkSchema, notADesign, schemaProblem, withRenames, type SchemaProblem } from '../parse/schema.js';
import { collectDesignFiles } from './imports.js';
import { parseYaml, type ParsedFile } from '../parse/yaml.js';
import { isSpan, type AnyRule, type Phase, type Report } from './define-rule.js';
import { interpolate } from '../util/interpolate.js';
import { readSuppressions, type Suppression } from './suppressions.js';

export type Level = Severity | 'off';

export interface ReviewOptions {
  /** Severity overrides by rule id (`--rule id=level`). */
  readonly levels?: ReadonlyMap<string, Level>;
  /** The rules to run: the catalogue (rules/index.ts) for a review, fewer for a check or a test. */
  readonly rules: readonly AnyRule[];
  /** Options by rule id (from the configuration), over the rule's defaults. */
  readonly ruleOptions?: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** A preset's mapping of each finding's own severity (strict: warnings become errors). */
  readonly raise?: Readonly<Partial<Record<Severity, Severity>>>;
  /** The size limit for imported files too. */
  readonly maxFileSize?: number;
}

/** A problem of one file of the design (a part of it may come from an import). */
export type FileProblem = SchemaProblem & { readonly file: string };

/** A rule that threw: contained, named, and the run's exit code becomes 2. */
export interface RuleCrash {
  readonly ruleId: string;
  readonly file: string;
  readonly error: string;
}

export interface FileReview {
  readonly file: string;
  /** The model of the design, when the file parsed as a map. */
  readonly design?: Design;
  /** The parsed file, for commands that locate more than findings (simulate). */
  readonly parsed: ParsedFile;
  readonly findings: readonly Finding[];
  readonly suppressed: number;
  /** The findings a suppression comment hid, each with the comment's reason. */
  readonly suppressedFindings: readonly SuppressedFinding[];
  readonly crashes: readonly RuleCrash[];
  /** The files the design was read from: the root, then what it imports (display names). */
  readonly sources: readonly string[];
}

/** A finding hidden by an `eda-advisor-ignore` comment, kept for reports that list them (SARIF). */
export interface SuppressedFinding extends Finding {
  readonly justification: string;
}

/**
 * Time spent per rule, when EDA_ADVISOR_TIMING is set (as ESLint's TIMING): printed by the CLI, to
 * find the rule that makes a large design slow.
 */
export const timing: Map<string, number> | undefined = process.env.EDA_ADVISOR_TIMING ? new Map() : undefined;

/** Rules whose findings a suppression comment cannot hide: a file that does not parse is not a design. */
const UNSUPPRESSIBLE = new Set(['yaml-syntax', 'unused-suppression']);

/**
 * Reviews one design file: parse, schema, model, rules, suppressions. Never throws for bad input.
 * `read` is how its text becomes a parsed file (a conversion's JSON is taken as it is: parsedFromValue).
 */
export function reviewSource(source: Source, options: ReviewOptions, read: (source: Source) => ParsedFile = parseYaml): FileReview {
  const phase = <T>(name: string, work: () => T): T => {
    if (!timing) return work();
    const started = performance.now();
    const result = work();
    timing.set(name, (timing.get(name) ?? 0) + performance.now() - started);
    return result;
  };
  const parsed = phase('(parse)', () => read(source));
  const levels = options.levels ?? new Map<string, Level>();
  const rules = options.rules;
  let findings: Finding[] = [];
  const crashes: RuleCrash[] = [];
  let schema: readonly FileProblem[] = [];
  let design: Design = buildDesign(source.file, {});
  let built = false;
  let unusedSuppressions: readonly Suppression[] = [];

  // The design's files: the root, and what it imports (followed only when the root parses).
  const files =
    parsed.problems.length === 0 && hasImports(parsed.value)
      ? source.file === '<stdin>'
        ? {
            parts: [parsed],
            problems: [{ ...schemaProblem('import-from-stdin', { path: ['imports'] }, {}), file: source.file }],
          }
        : collectDesignFiles(parsed, source.file, options.maxFileSize)
      : { parts: [parsed], problems: [] };
  const byFile = new Map(files.parts.map((p) => [p.source.file, p]));
  const syntax = files.parts.flatMap((p) => p.problems.map((problem) => ({ ...problem, file: p.source.file })));

  const runPhase = (phase: Phase) => {
    for (const rule of rules) {
      if ((rule.phase ?? 'design') !== phase) continue;
      const level = levels.get(rule.id);
      if (level === 'off') continue;
      const meta = RULES_META[rule.id];
      if (!meta) throw new Error(`rule '${rule.id}' has no metadata in rules/${rule.id}.yaml`);
      const reports: Report<string>[] = [];
      const started = timing ? performance.now() : 0;
      try {
        const configured = options.ruleOptions?.get(rule.id);
        rule.check({
          design,
          options: configured ? { ...meta.defaults, ...configured } : meta.defaults,
          syntax,
          schema,
          unusedSuppressions,
          report: (r) => reports.push(r),
        });
      } catch (err) {
        crashes.push({ ruleId: rule.id, file: source.file, error: err instanceof Error ? err.message : String(err) });
        continue;
      }
      if (timing) timing.set(rule.id, (timing.get(rule.id) ?? 0) + performance.now() - started);
      for (const r of reports) {
        const own = r.severity ?? meta.severity;
        findings.push(toFinding(byFile.get(r.at.file) ?? parsed, rule, unrenamed(r), level ?? options.raise?.[own] ?? own));
      }
    }
  };

  // A finding about a misspelt key read as the key meant (withRenames) points at the key as written.
  // The renames, set once the schema is known (most designs have none).
  let renames: readonly (NonNullable<SchemaProblem['rename']> & { readonly file: string })[] = [];
  const unrenamed = (r: Report<string>): Report<string> => {
    if (isSpan(r.at)) return r;
    const at = r.at;
    if (renames.length === 0) return r;
    let path = at.path;
    for (const rename of renames) {
      if (rename.file !== at.file || path.length <= rename.path.length || path[rename.path.length] !== rename.to) continue;
      if (!rename.path.every((seg, i) => path[i] === seg)) continue;
      path = [...rename.path, rename.from, ...path.slice(rename.path.length + 1)];
    }
    return path === at.path ? r : { ...r, at: { ...at, path } };
  };

  runPhase('syntax');
  if (syntax.length === 0) {
    schema = phase('(schema)', () =>
      files.parts.flatMap((p, i) =>
        checkSchema(p.value, i === 0)
          // An imported file is a part of a design: version and name are the root file's to give.
          .filter((problem) => i === 0 || problem.ref.path.length > 0 || (problem.missing !== 'version' && problem.missing !== 'name'))
          .map((problem) => ({ ...problem, file: p.source.file })),
      ),
    );
    schema = [
      ...schema,
      ...files.problems,
      // A tag that turns a section into what a design cannot hold: the section would vanish from the model.
      ...files.parts.flatMap((p) => (p.tags ?? []).map((t) => ({ ...schemaProblem('tag', { path: [...t.path] }, t.data), file: p.source.file }))),
    ];
    renames = schema.flatMap((p) => (p.rename ? [{ ...p.rename, file: p.file }] : []));
    if (
      parsed.value !== null &&
      typeof parsed.value === 'object' &&
      !Array.isArray(parsed.value) &&
      notADesign(parsed.value as Record<string, unknown>) === undefined
    ) {
      // A misspelt key is read as the key meant: the typo is its schema finding, not also what its absence would cause.
      const read = (p: ParsedFile) =>
        withRenames(
          p.value,
          schema.filter((problem) => problem.file === p.source.file),
        );
      const imports = files.parts.slice(1).map((p) => ({ file: p.source.file, value: read(p) }));
      design = phase('(model)', () => buildDesign(source.file, read(parsed), imports));
      built = true;
    }
    runPhase('schema');
    if (built) runPhase('design');
  }

  const suppressions = files.parts.flatMap((p) =>
    readSuppressions(p.source.text, p.comments, (offset) => p.lines.linePos(offset).line).map((s) => ({ ...s, file: p.source.file })),
  );
  const used = new Set<string>();
  const byLine = new Map<string, (Suppression & { file: string })[]>();
  for (const s of suppressions) {
    if (s.problem) continue;
    const key = `${s.file}\u0000${s.targetLine}`;
    const list = byLine.get(key);
    if (list) list.push(s);
    else byLine.set(key, [s]);
  }
  const suppressedFindings: SuppressedFinding[] = [];
  const kept = findings.filter((f) => {
    if (UNSUPPRESSIBLE.has(f.ruleId)) return true;
    const s = byLine.get(`${f.file}\u0000${f.line}`)?.find((x) => x.ruleIds.includes(f.ruleId));
    if (!s) return true;
    used.add(`${s.file}:${s.offset}:${f.ruleId}`);
    suppressedFindings.push({ ...f, justification: s.reason });
    return false;
  });
  unusedSuppressions = suppressions.flatMap((s) => {
    if (s.problem) return [s];
    // A file that does not parse was not reviewed: its suppressions are not unused, only untried.
    if (syntax.length > 0) return [];
    // A change rule's comment is for eda-advisor diff (and review --since), which the review does not run.
    const unused = s.ruleIds.filter((id) => !used.has(`${s.file}:${s.offset}:${id}`) && levels.get(id) !== 'off' && DIFF_META[id] === undefined);
    return unused.length === 0 ? [] : [{ ...s, ruleIds: unused }];
  });
  const suppressed = suppressedFindings.length;
  findings = kept;
  runPhase('suppressions');

  findings.sort(compareFindings);
  return {
    file: source.file,
    ...(built ? { design } : {}),
    parsed,
    findings,
    suppressed,
    suppressedFindings,
    crashes,
    sources: files.parts.map((p) => p.source.file),
  };
}

function hasImports(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'imports');
}

function toFinding(parsed: ParsedFile, rule: AnyRule, r: Report<string>, severity: Severity): Finding {
  const template = rule.messages[r.messageId];
  if (template === undefined) throw new Error(`rule '${rule.id}' reported an unknown messageId '${r.messageId}'`);
  let pos: Position;
  let path: Path;
  if (isSpan(r.at)) {
    pos = toPosition(parsed, r.at.start, r.at.end);
    path = [];
  } else {
    pos = locate(parsed, r.at);
    path = r.at.path;
  }
  const hintTemplate = rule.hints?.[r.messageId];
  const hint = hintTemplate === undefined ? '' : interpolate(hintTemplate, r.data);
  return {
    ruleId: rule.id,
    messageId: r.messageId,
    severity,
    message: interpolate(template, r.data),
    ...(hint ? { hint } : {}),
    file: parsed.source.file,
    ...pos,
    path,
    ...(r.data ? { data: r.data } : {}),
  };
}
