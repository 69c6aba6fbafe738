import type { Comment } from '../parse/yaml.js';

/** An `# eda-advisor-ignore <rule>[, <rule>] -- <reason>` comment. */
export interface Suppression {
  readonly offset: number;
  readonly end: number;
  /** 1-based line of the comment itself. */
  readonly line: number;
  /** 1-based line whose findings it hides: its own line for a trailing comment, else the next line with content. */
  readonly targetLine: number;
  readonly ruleIds: readonly string[];
  readonly reason: string;
  /** When the comment is malformed, why; it then hides nothing. */
  readonly problem?: 'noRule' | 'noReason';
  /** The file it is in, when a design spans files. */
  readonly file?: string;
}

const DIRECTIVE = /^\s*eda-advisor-ignore(?:\s+|$)(.*)$/;

/** Finds the suppression comments of a file from its comment tokens. */
export function readSuppressions(text: string, comments: readonly Comment[], lineOf: (offset: number) => number): Suppression[] {
  const out: Suppression[] = [];
  // The lines of the text, split only when a comment is a directive: most files have none.
  let lines: string[] | undefined;
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    lines ??= text.split(/\r?\n/);
    const body = m[1] ?? '';
    const sep = body.indexOf('--');
    const idsPart = sep === -1 ? body : body.slice(0, sep);
    const reason = sep === -1 ? '' : body.slice(sep + 2).trim();
    const ruleIds = idsPart.split(/[\s,]+/).filter((s) => s !== '');
    const line = lineOf(c.offset);
    const before = (lines[line - 1] ?? '').slice(0, Math.max(0, c.offset - lineStart(text, c.offset)));
    const trailing = before.trim() !== '';
    const problem = ruleIds.length === 0 ? 'noRule' : reason === '' ? 'noReason' : undefined;
    out.push({
      offset: c.offset,
      end: c.offset + c.text.length + 1,
      line,
      targetLine: trailing ? line : nextContentLine(lines, line),
      ruleIds,
      reason,
      ...(problem ? { problem } : {}),
    });
  }
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The first line after `line` (1-based) that is neither blank nor only a comment. */
function nextContentLine(lines: readonly string[], line: number): number {
  for (let i = line; i < lines.length; i++) {
    const t = (lines[i] ?? '').trim();
    if (t !== '' && !t.startsWith('#')) return i + 1;
  }
  return line + 1;
}
