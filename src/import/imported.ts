import type { Path, Position } from '../findings.js';
import type { Lines } from '../parse/positions.js';

/**
 * What an importer (Step Functions, BPMN) makes of a source file: the design's plain value, where each
 * part of it came from in the source, and what the source does not say. `import` writes it as YAML
 * with TODO comments; `review` of the source file reviews the value in memory and moves every finding
 * to the source's line.
 */
export interface Imported {
  readonly value: Record<string, unknown>;
  /** The design as YAML, with the editor's schema line at the top and the TODO comments. */
  text(schemaLine: string): string;
  /** Design path (JSON of its segments) → where in the source it comes from. */
  readonly origins: ReadonlyMap<string, Position>;
  /** Where a finding with no origin points (the state machine's StartAt, the BPMN process). */
  readonly fallback: Position;
  /** What the source does not say, where a rule's finding comes only from that silence. */
  readonly silences: readonly Silence[];
  /** "definition" (a state machine) or "model" (BPMN): the word review's messages use for the source. */
  readonly noun: string;
  /** What was not converted or looks wrong, one sentence each (standard error on import, the file's header). */
  readonly notes: readonly string[];
  /** What the source does that the design cannot say, reported by review as the rule it breaks. */
  readonly findings: readonly SourceFinding[];
}

/** Findings of these rules at this design path (or below it, with `below`) exist because the source does not say `what`. */
export interface Silence {
  readonly path: Path;
  readonly rules: readonly string[];
  readonly what: string;
  readonly below?: boolean;
}

export interface SourceFinding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly message: string;
  readonly hint?: string;
  readonly at: Position;
  readonly data?: Readonly<Record<string, string | number>>;
}

/** Why a source cannot be converted: one sentence, at its place in the source. */
export interface ImportProblem {
  readonly message: string;
  readonly at: Position;
}

export type ImportResult = { readonly ok: true; readonly imported: Imported } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

/** `file:line:column: message`: a problem as `import` prints it. */
export const problemLine = (file: string, p: ImportProblem): string => `${file}:${p.at.line}:${p.at.column}: ${p.message}`;

/** A comment to put above a node of the written design: a map key, or a list item. */
export interface Todo {
  readonly path: Path;
  readonly text: string;
}

/**
 * Collects the parts of an Imported as a converter finds them: origins, silences, TODO comments,
 * notes and findings of the source.
 */
export class ImportBuilder {
  readonly origins = new Map<string, Position>();
  readonly silences: Silence[] = [];
  readonly todos: Todo[] = [];
  readonly notes: string[] = [];
  readonly findings: SourceFinding[] = [];

  /** The design path came from this place in the source (the first one said holds). */
  from(path: Path, at: Position | undefined): void {
    const key = JSON.stringify(path);
    if (at && !this.origins.has(key)) this.origins.set(key, at);
  }

  /** A comment above the design node: what it was converted from, or a TODO. */
  todo(path: Path, text: string): void {
    this.todos.push({ path, text });
  }

  /** Findings of these rules at the path (or below it) exist because the source does not say `what`. */
  silent(path: Path, rules: readonly string[], what: string, below = false): void {
    this.silences.push({ path, rules, what, ...(below ? { below } : {}) });
  }

  build(value: Record<string, unknown>, noun: string, fallback: Position, header: (notes: readonly string[]) => readonly string[]): Imported {
    const { origins, silences, todos, notes, findings } = this;
    return {
      value,
      origins,
      fallback,
      silences,
      noun,
      notes,
      findings,
      text: (schemaLine) => renderDesign(value, todos, header(notes), schemaLine),
    };
  }
}

/**
 * The design as a designer writes it: short maps of scalars on one line, each TODO above its node,
 * the header on top. Written here rather than through the yaml library's Document: an imported
 * design is plain maps, lists and scalars, and building and printing a Document of a 200-state
 * machine took a third of the import's time budget. The tests read every fixture's output back
 * with the yaml library and compare it with the value.
 */
export function renderDesign(design: Record<string, unknown>, todos: readonly Todo[], header: readonly string[], schemaLine: string): string {
  const comments = new Map<string, string[]>();
  for (const t of todos) {
    const key = JSON.stringify(t.path);
    comments.set(key, [...(comments.get(key) ?? []), t.text]);
  }
  const out: string[] = [schemaLine, ...header.flatMap((h) => h.split('\n').map((l) => `#${l}`)), ''];
  const comment = (path: Path, indent: string) => {
    for (const text of comments.get(JSON.stringify(path)) ?? []) for (const l of text.split('\n')) out.push(`${indent}#${l}`);
  };
  const flowSections = new Set(['services', 'commands', 'events', 'compensations']);
  const writeMap = (map: Record<string, unknown>, path: Path, indent: string, firstPrefix?: string) => {
    let first = firstPrefix !== undefined;
    for (const [k, v] of Object.entries(map)) {
      if (v === undefined) continue;
      const here = [...path, k];
      const lead = first ? (firstPrefix as string) : indent;
      if (!first) comment(here, indent);
      first = false;
      const flow = path.length === 1 && flowSections.has(String(path[0]));
      const policy = path.length === 2 && path[0] === 'infrastructure' && path[1] === 'retryPolicies';
      if (isPlainMap(v) && (flow || policy) && Object.values(v).every(isFlowable)) out.push(`${lead}${key(k)}: ${flowMap(v)}`);
      else if (isPlainMap(v)) {
        if (Object.keys(v).length === 0) out.push(`${lead}${key(k)}: {}`);
        else {
          out.push(`${lead}${key(k)}:`);
          writeMap(v, here, `${indent}  `);
        }
      } else if (Array.isArray(v)) {
        if (v.length === 0) out.push(`${lead}${key(k)}: []`);
        else {
          out.push(`${lead}${key(k)}:`);
          writeList(v, here, `${indent}  `);
        }
      } else out.push(`${lead}${key(k)}: ${scalar(v, false)}`);
    }
  };
  const writeList = (list: readonly unknown[], path: Path, indent: string) => {
    list.forEach((v, i) => {
      comment([...path, i], indent);
      if (isPlainMap(v) && Object.keys(v).length > 0) writeMap(v, [...path, i], `${indent}  `, `${indent}- `);
      else if (Array.isArray(v)) {
        out.push(`${indent}- ${JSON.stringify(v)}`);
      } else out.push(`${indent}- ${isPlainMap(v) ? '{}' : scalar(v, false)}`);
    });
  };
  writeMap(design, [], '');
  return `${out.join('\n')}\n`;
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalarValue = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isFlowable = (v: unknown) => isScalarValue(v) || (Array.isArray(v) && v.every(isScalarValue));
const flowMap = (m: Record<string, unknown>) => {
  const parts = Object.entries(m)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${key(k)}: ${Array.isArray(v) ? `[${v.map((x) => scalar(x, true)).join(', ')}]` : scalar(v, true)}`);
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
};
const key = (k: string) => scalar(k, false);

/** What the YAML 1.2 core schema would read as something other than this string (a number, a boolean, null). */
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** A scalar as YAML: plain where nothing could misread it, else double-quoted (JSON's escapes are YAML's). */
function scalar(v: unknown, inFlow: boolean): string {
  if (typeof v !== 'string') return v === null ? 'null' : String(v);
  const plain = v.length > 0 && /^[A-Za-z0-9_$(./]/.test(v) && !/[\n\t\r]|: |:$| #|\s$/.test(v) && !(inFlow && /[,[\]{}]/.test(v)) && !NOT_A_STRING.test(v);
  return plain ? v : JSON.stringify(v);
}

/** The position of the nearest part of the design path that has an origin. */
export function originOf(imported: Imported, path: Path): Position {
  for (let n = path.length; n >= 0; n--) {
    const at = imported.origins.get(JSON.stringify(path.slice(0, n)));
    if (at) return at;
  }
  return imported.fallback;
}

/** What the source does not say that a rule's finding at the path comes from, if anything. */
export function silenceOf(imported: Imported, ruleId: string, path: Path): string | undefined {
  const at = (s: Silence) => (s.below ? path.length >= s.path.length : path.length === s.path.length) && s.path.every((seg, i) => path[i] === seg);
  return imported.silences.find((s) => s.rules.includes(ruleId) && at(s))?.what;
}

/** Line 1, column 1: where a problem of the whole file points. */
export const START: Position = { line: 1, column: 1, endLine: 1, endColumn: 2 };

/** A source position from zero-based offsets into the text whose line starts `lines` holds. */
export function positionAt(lines: Lines, start: number, end = start + 1): Position {
  const a = lines.linePos(start);
  const b = lines.linePos(Math.max(end, start + 1));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

const STEP_KEYS = ['name', 'command', 'commands', 'if', 'forEach', 'partialFailure', 'onSuccess', 'onFailure', 'compensateOnFailure', 'timeout', 'retry'];
/** A saga step's keys in the order a designer writes them. */
export const orderedStep = (step: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(STEP_KEYS.filter((k) => step[k] !== undefined).map((k) => [k, step[k]]));

const pascalCache = new Map<string, string>();
/** `ReserveHotel` from `reserve-hotel`, `reserveHotelArn` or `Reserve hotel`. */
export function pascal(s: string): string {
  let out = pascalCache.get(s);
  if (out === undefined) {
    out = s
      .replace(/Arn$/, '')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => (w[0]?.toUpperCase() ?? '') + w.slice(1))
      .join('');
    pascalCache.set(s, out);
  }
  return out;
}

/** `reserve-hotel` from `ReserveHotel` or `Reserve Hotel`: a step's name. */
export const kebab = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** A name's words, last first (ReserveHotel → Hotel, Reserve), split once per name. */
const wordsCache = new Map<string, readonly string[]>();
const lastFirst = (name: string): readonly string[] => {
  let w = wordsCache.get(name);
  if (!w) {
    w = name
      .split(/(?=[A-Z])/)
      .filter(Boolean)
      .reverse();
    wordsCache.set(name, w);
  }
  return w;
};

/** How many words two command names share at their end: CancelHotel and ReserveHotel share one (Hotel). */
export function sharedEnd(a: string, b: string): number {
  const x = lastFirst(a);
  const y = lastFirst(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** Names by their last word: only names with the same last word share an end. */
export function byLastWord(names: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const index = new Map<string, string[]>();
  for (const n of names) {
    const last = lastFirst(n)[0] ?? '';
    const same = index.get(last);
    if (same) same.push(n);
    else index.set(last, [n]);
  }
  return index;
}

/** The name of an index (byLastWord) that shares the most words at its end with `name` (the first of equals), if any shares one. */
export function closestByEnd(name: string, index: ReadonlyMap<string, readonly string[]>): string | undefined {
  let best: string | undefined;
  let most = 0;
  for (const n of index.get(lastFirst(name)[0] ?? '') ?? []) {
    const k = sharedEnd(name, n);
    if (k > most) {
      most = k;
      best = n;
    }
  }
  return best;
}

/** A number of seconds as the format's duration: 86400 → 1d, 3600 → 1h, 90 → 90s. */
export function duration(n: number | undefined): string | undefined {
  if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
  return n % 86400 === 0 ? `${n / 86400}d` : n % 3600 === 0 ? `${n / 3600}h` : n % 60 === 0 ? `${n / 60}m` : `${n}s`;
}
