import { SEVERITIES, type Finding } from '../findings.js';
import { RULES_META } from '../generated/rules-meta.js';
import type { Formatter } from './types.js';

/**
 * JUnit XML: a test suite per file, a test case per file and rule, each with the file in a `file`
 * attribute (as GitLab, Jenkins and the test-reporter actions read it). Findings at a severity that
 * fails the run (--fail-on) fail their rule's case; lower ones leave it passing, listed in its
 * system-out.
 */
const junit: Formatter = (report, context) => {
  const rules = context.rules ?? Object.keys(RULES_META).sort();
  const failing = new Set(SEVERITIES.slice(0, SEVERITIES.indexOf(context.failOn ?? 'error') + 1));
  const fails = (findings: readonly Finding[] | undefined) => findings?.some((f) => failing.has(f.severity)) === true;
  const byFile = new Map<string, Map<string, Finding[]>>();
  for (const file of report.files) byFile.set(file, new Map());
  for (const f of report.findings) {
    const perRule = byFile.get(f.file) ?? new Map<string, Finding[]>();
    byFile.set(f.file, perRule);
    perRule.set(f.ruleId, [...(perRule.get(f.ruleId) ?? []), f]);
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failuresOf = (perRule: Map<string, Finding[]>) => [...perRule.values()].filter(fails).length;
  const failingCases = [...byFile.values()].reduce((n, perRule) => n + failuresOf(perRule), 0);
  const total = [...byFile.values()].reduce((n, perRule) => n + new Set([...rules, ...perRule.keys()]).size, 0);
  out.push(`<testsuites name="eda-advisor" tests="${total}" failures="${failingCases}" errors="0">`);
  for (const [file, perRule] of byFile) {
    const ids = [...new Set([...rules, ...perRule.keys()])].sort();
    out.push(`  <testsuite name="${xml(file)}" tests="${ids.length}" failures="${failuresOf(perRule)}" errors="0" skipped="0">`);
    for (const id of ids) {
      const findings = perRule.get(id);
      const attributes = `classname="${xml(id)}" name="${xml(file)}: ${xml(id)}" file="${xml(file)}"`;
      if (!findings) {
        out.push(`    <testcase ${attributes}/>`);
        continue;
      }
      out.push(`    <testcase ${attributes}>`);
      const text = findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message}${f.hint ? `\n  ${f.hint}` : ''}`).join('\n');
      const failed = findings.filter((f) => failing.has(f.severity));
      if (failed.length > 0) {
        out.push(
          `      <failure type="${xml(id)}" message="${xml(`${failed.length} ${failed.length === 1 ? 'finding' : 'findings'}: ${failed[0]?.message ?? ''}`)}">${xml(text)}</failure>`,
        );
      } else out.push(`      <system-out>${xml(text)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export default junit;
