import { readFileSync } from 'node:fs';
import { reviewSource, type ReviewOptions } from '../engine/run.js';
import { RULES } from '../rules/index.js';
import type { Finding } from '../findings.js';
import { writeFileAtomic } from '../util/write.js';

/** Why a suppression could not be written; the file is left as it was. */
export class SuppressionError extends Error {}

/** A reason fit for one comment line: no line breaks or control characters, trimmed. */
export function cleanReason(reason: string): string {
  return reason
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text with an `# eda-advisor-ignore <rule> -- <reason>` line inserted above `line` (1-based),
 * indented like it. Every other byte stays as it was: comments, blank lines, CRLF endings, a BOM.
 */
export function withSuppression(text: string, line: number, ruleId: string, reason: string): string {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  const crlf = body.includes('\r\n');
  const lines = body.split('\n');
  const index = Math.min(Math.max(line - 1, 0), lines.length);
  const target = lines[index] ?? '';
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  lines.splice(index, 0, `${indent}# eda-advisor-ignore ${ruleId} -- ${cleanReason(reason)}${crlf ? '\r' : ''}`);
  return bom + lines.join('\n');
}

/**
 * Records a decision in the design: the suppression comment goes above the finding's line, and
 * the file is written only if the review of the new text no longer reports the finding and parses
 * as before (so a comment never lands inside a block scalar unnoticed). Written whole or not at all.
 */
export function writeSuppression(finding: Finding, reason: string, options: ReviewOptions = { rules: RULES }): void {
  if (cleanReason(reason) === '') throw new SuppressionError('a suppression needs a reason: say why this finding does not apply.');
  let text: string;
  try {
    // Decoded strictly: a file that is not valid UTF-8 would come back with its bad bytes replaced.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(finding.file));
  } catch (err) {
    if (err instanceof TypeError)
      throw new SuppressionError(`${finding.file} is not valid UTF-8; writing a comment into it would change its other bytes. Add the suppression by hand.`);
    throw new SuppressionError(`${finding.file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  const next = withSuppression(text, finding.line, finding.ruleId, reason);
  const before = reviewSource({ file: finding.file, text: text.replace(/^\uFEFF/, '') }, options);
  const after = reviewSource({ file: finding.file, text: next.replace(/^\uFEFF/, '') }, options);
  const same = (f: Finding) => f.ruleId === finding.ruleId && f.message === finding.message && f.file === finding.file;
  if (after.findings.some(same) || !before.findings.some(same)) {
    throw new SuppressionError(`a comment above line ${finding.line} of ${finding.file} would not hide this finding; add the suppression by hand.`);
  }
  if (after.findings.filter((f) => f.ruleId === 'yaml-syntax').length > before.findings.filter((f) => f.ruleId === 'yaml-syntax').length) {
    throw new SuppressionError(`a comment above line ${finding.line} of ${finding.file} would change how the file parses; add the suppression by hand.`);
  }
  try {
    writeFileAtomic(finding.file, next);
  } catch (err) {
    throw new SuppressionError(`${finding.file} cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); it was left as it was.`);
  }
}
