import jsYaml from 'js-yaml';
import { Composer, isAlias, LineCounter, Parser, visit, type Document, type YAMLError } from 'yaml';
import type { Source } from './load.js';

export interface SyntaxProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly start: number;
  readonly end: number;
}

export interface Comment {
  readonly offset: number;
  /** The comment's text after '#'. */
  readonly text: string;
}

/** A design file after the YAML parse: the AST for positions, the plain value for the model. */
export interface ParsedFile {
  readonly source: Source;
  readonly doc: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  /** The document's plain value; undefined when syntax problems make it unreliable. */
  readonly value: unknown;
  readonly problems: readonly SyntaxProblem[];
  readonly comments: readonly Comment[];
  /** Read by js-yaml, positions only on demand (see parseYaml). */
  readonly fast?: boolean;
  /** For a fast read: the position-keeping parse of the same text (made once, on first use). */
  readonly positions?: () => ParsedFile;
}

/** Aliases may repeat a node at most this many times over before the document is refused. */
const MAX_ALIAS_COUNT = 1000;
/** Maps and lists may nest this deep; a design needs about ten levels. */
export const MAX_DEPTH = 64;

/** How deep maps and lists nest in a plain value, counted without recursion (a deep value must not overflow the stack). */
function depthOf(value: unknown): number {
  // Two parallel stacks and for-in: a large design has hundreds of thousands of nodes, and
  // allocating a tuple or an array of values for each would cost more than the walk itself.
  const nodes: unknown[] = [value];
  const depths: number[] = [0];
  let deepest = 0;
  while (nodes.length > 0) {
    const v = nodes.pop();
    const d = depths.pop() as number;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > deepest) {
      deepest = d + 1;
      if (deepest > MAX_DEPTH) return deepest;
    }
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const child = o[k];
      if (child !== null && typeof child === 'object') {
        nodes.push(child);
        depths.push(d + 1);
      }
    }
  }
  return deepest;
}

/** Anchors and aliases (`&name`, `*name`), which the fast path leaves to the full parser's alias limits. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,[\]{}]/;
/** Numbers that js-yaml reads but YAML 1.2's core schema (and so the full parse) keeps as strings: 1_000, 0b101. */
const JS_YAML_ONLY_NUMBER = /\d_\d|\b0b[01]/;

/**
 * Parses one design file. A plain, well-formed design (no anchors, no suppression comments) is read
 * by js-yaml, several times faster than a parse that keeps positions; the positions are computed
 * only if something asks for them (a finding to locate). Anything else — and anything js-yaml
 * refuses — takes the full parse, so that problems are reported in one voice, with positions.
 */
export function parseYaml(source: Source, options: { fast?: boolean } = {}): ParsedFile {
  const text = source.text;
  if (options.fast !== false && !text.includes('eda-advisor-ignore') && !ANCHOR_OR_ALIAS.test(text) && !JS_YAML_ONLY_NUMBER.test(text)) {
    let value: unknown;
    try {
      value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false });
    } catch {
      return parseYamlFully(source);
    }
    if (depthOf(value) > MAX_DEPTH) return parseYamlFully(source);
    let full: ParsedFile | undefined;
    const positions = () => (full ??= parseYamlFully(source));
    return {
      source,
      value,
      fast: true,
      positions,
      problems: [],
      comments: [],
      get doc() {
        return positions().doc;
      },
      get lineCounter() {
        return positions().lineCounter;
      },
    };
  }
  return parseYamlFully(source);
}

/**
 * Parses one design file, keeping every node's source range. Nothing here throws for bad input:
 * syntax errors, duplicate keys, several documents and alias bombs come back as problems.
 */
export function parseYamlFully(source: Source): ParsedFile {
  const lineCounter = new LineCounter();
  const text = source.text;
  const problems: SyntaxProblem[] = [];
  const comments: Comment[] = [];
  let doc: Document.Parsed | undefined;
  try {
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    if (text.includes('eda-advisor-ignore')) collectComments(tokens, comments);
    const docs = Array.from(new Composer({ logLevel: 'error', uniqueKeys: true }).compose(tokens, true, text.length));
    doc = docs[0];
    const extra = docs.slice(1).filter((d) => d.contents !== null);
    const second = extra[0];
    if (second) {
      problems.push({
        code: 'MULTIPLE_DOCS',
        message: `The file holds ${extra.length + 1} YAML documents; a design file holds one.`,
        hint: 'Put each design in its own file (a design can span files with `imports:`).',
        start: second.range[0],
        end: second.range[0] + 1,
      });
    }
    for (const err of doc?.errors ?? []) problems.push(fromYamlError(err, text));
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    problems.push({ code: 'TOO_DEEP', message: `The document nests more than ${MAX_DEPTH} levels deep; a design needs about ten.`, start: 0, end: 1 });
    doc = undefined;
  }
  let value: unknown;
  if (doc && problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (depthOf(value) > MAX_DEPTH) {
        problems.push({ code: 'TOO_DEEP', message: `The document nests more than ${MAX_DEPTH} levels deep; a design needs about ten.`, start: 0, end: 1 });
        value = undefined;
      }
    } catch (err) {
      if (!(err instanceof ReferenceError || err instanceof RangeError)) throw err;
      const alias = firstAlias(doc);
      problems.push({
        code: 'ALIAS_EXPANSION',
        message: 'Aliases in this document expand to more nodes than a design can hold (an alias bomb?).',
        hint: 'Write the repeated parts out, or reference them by name.',
        start: alias?.[0] ?? 0,
        end: alias?.[1] ?? 1,
      });
    }
  }
  return { source, doc, lineCounter, value, problems, comments };
}

const HINTS: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'Names in a map are unique: merge the two entries or rename one.',
  TAB_AS_INDENT: 'YAML indents with spaces only: replace the tabs.',
  BAD_INDENT: 'Align this line with its siblings (spaces only).',
  MULTILINE_IMPLICIT_KEY: 'A key must fit on one line; a missing colon or quote above may cause this.',
  MISSING_CHAR: 'A closing quote, bracket or brace is missing.',
  BLOCK_AS_IMPLICIT_KEY: 'A missing colon or wrong indentation may cause this.',
};

function fromYamlError(err: YAMLError, text: string): SyntaxProblem {
  let [start, end] = err.pos;
  let message = err.message.split('\n')[0] ?? err.message;
  let hint = HINTS[err.code];
  const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
  if (message.includes('Maximum call stack size exceeded')) {
    message = `The document nests more than ${MAX_DEPTH} levels deep; a design needs about ten.`;
  } else if (err.code === 'DUPLICATE_KEY') {
    const key = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(start, start + 1100))?.[1];
    message = key ? `The key '${key.replace(/^["']|["']$/g, '')}' appears twice in the same map.` : 'A key appears twice in the same map.';
  } else if (quote) {
    // The parser notices at the end of the input; the fix belongs where the string opens.
    const open = openingQuote(text, start, quote);
    if (open !== undefined) [start, end] = [open, open + 1];
    message = `This quoted string is never closed (a closing ${quote} is missing).`;
    hint = undefined;
  } else {
    if (!/[.!?]$/.test(message)) message += '.';
    if (/end with an? [\]}]/.test(message)) hint = 'A closing bracket or brace is missing.';
  }
  return { code: err.code, message, ...(hint ? { hint } : {}), start, end: Math.max(end, start + 1) };
}

/** The last quote before `before` that opens a scalar: after a key's colon, a list dash, a bracket or a comma. */
function openingQuote(text: string, before: number, quote: string): number | undefined {
  for (let i = Math.min(before, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    const lead = text.slice(text.lastIndexOf('\n', i - 1) + 1, i).trimEnd();
    if (lead === '' || /[:\-[{,]$/.test(lead)) return i;
  }
  return undefined;
}

function firstAlias(doc: Document.Parsed): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.range) {
        found = [node.range[0], node.range[1]];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Comment tokens sit in many places of the CST; walk it generically rather than by node kind. */
function collectComments(node: unknown, out: Comment[]): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const cur = stack.pop();
    if (Array.isArray(cur)) {
      for (const item of cur) stack.push(item);
    } else if (cur !== null && typeof cur === 'object') {
      const tok = cur as { type?: unknown; offset?: unknown; source?: unknown };
      if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
        out.push({ offset: tok.offset, text: tok.source.slice(1) });
        continue;
      }
      for (const value of Object.values(cur)) if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  out.sort((a, b) => a.offset - b.offset);
}
