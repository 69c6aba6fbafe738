import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewSource } from '../engine/run.js';
import type { Finding, Path, Severity } from '../findings.js';
import { loadSource } from '../parse/load.js';
import { RULES } from '../rules/index.js';

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line: number;
  readonly column: number;
  readonly severity?: Severity;
  readonly path?: Path;
  /** The file the finding is in, when a design spans files (the end of its path). */
  readonly file?: string;
  /**
   * What filled its placeholders: what makes it say the right thing, in the user's names. Required
   * when the message has placeholders (the entries given must match; others may be there too).
   */
  readonly data?: Readonly<Record<string, string | number>>;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface InvalidCase {
  readonly file: string;
  readonly findings: readonly ExpectedFinding[];
}

export interface RuleTests {
  readonly valid: readonly string[];
  readonly invalid: readonly InvalidCase[];
}

const FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'rules');
const PARSE_RULES = new Set(['yaml-syntax', 'schema']);

/** Reviews a fixture file with the real loader and pipeline, as the CLI does. */
export function reviewFixture(file: string): readonly Finding[] {
  return reviewSource(loadSource(file), { rules: RULES }).findings;
}

/**
 * Runs a rule against its fixtures in fixtures/rules/<id>/, in the manner of ESLint's RuleTester:
 * at least one valid and one invalid case, every fixture file used exactly once, the exact count of
 * findings, each pinned by messageId, start and end position, and the data that filled its message
 * (as typescript-eslint's tests pin them), not by words of its text. A fixture that does not parse or violates the
 * schema fails, so that a broken file never passes as valid.
 */
export function runRuleTests(ruleId: string, tests: RuleTests): void {
  const rule = RULES.find((r) => r.id === ruleId);
  describe(ruleId, () => {
    it('has a rule module, at least one valid and one invalid case, and uses every fixture once', () => {
      expect(rule, `no rule '${ruleId}' in src/rules/index.ts`).toBeDefined();
      expect(tests.valid.length, 'valid cases').toBeGreaterThan(0);
      expect(tests.invalid.length, 'invalid cases').toBeGreaterThan(0);
      const named = [...tests.valid, ...tests.invalid.map((c) => c.file)];
      expect(new Set(named).size, 'a fixture is listed twice').toBe(named.length);
      const onDisk = readdirSync(path.join(FIXTURES, ruleId))
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort();
      expect([...named].sort()).toEqual(onDisk);
      for (const f of tests.valid) expect(f, 'valid fixtures are named valid-*').toMatch(/^valid-/);
      for (const c of tests.invalid) expect(c.file, 'invalid fixtures are named invalid-*').toMatch(/^invalid-/);
    });

    for (const file of tests.valid) {
      it(`valid: ${file}`, () => {
        const findings = reviewFixture(path.join(FIXTURES, ruleId, file));
        const broken = findings.filter((f) => PARSE_RULES.has(f.ruleId) && f.ruleId !== ruleId);
        expect(broken.map(show), 'the fixture itself must parse and follow the schema').toEqual([]);
        expect(findings.filter((f) => f.ruleId === ruleId).map(show)).toEqual([]);
      });
    }

    for (const c of tests.invalid) {
      it(`invalid: ${c.file}`, () => {
        expect(c.findings.length, 'an invalid case expects at least one finding').toBeGreaterThan(0);
        const findings = reviewFixture(path.join(FIXTURES, ruleId, c.file));
        if (!PARSE_RULES.has(ruleId)) {
          const broken = findings.filter((f) => PARSE_RULES.has(f.ruleId));
          expect(broken.map(show), 'the fixture itself must parse and follow the schema').toEqual([]);
        }
        const mine = findings.filter((f) => f.ruleId === ruleId);
        expect(mine.map(show), `expected ${c.findings.length} finding(s)`).toHaveLength(c.findings.length);
        c.findings.forEach((want, i) => {
          const got = mine[i] as Finding;
          expect(rule?.messages, `unknown messageId '${want.messageId}'`).toHaveProperty(want.messageId);
          expect({ messageId: got.messageId, line: got.line, column: got.column }, show(got)).toEqual({
            messageId: want.messageId,
            line: want.line,
            column: want.column,
          });
          if (want.severity) expect(got.severity).toBe(want.severity);
          const filled = Object.keys(got.data ?? {}).filter((k) => rule?.messages[got.messageId]?.includes(`{{${k}}}`));
          if (filled.length > 0) expect(want.data, `pin the data that filled the message: ${filled.join(', ')}`).toBeDefined();
          if (want.data) expect(got.data, show(got)).toMatchObject(want.data);
          expect({ endLine: got.endLine, endColumn: got.endColumn }, show(got)).toEqual({ endLine: want.endLine, endColumn: want.endColumn });
          if (want.path) expect(got.path).toEqual(want.path);
          if (want.file) expect(got.file.endsWith(want.file), `${got.file} is not ${want.file}`).toBe(true);
          expect(got.message, 'an unfilled placeholder').not.toMatch(/\{\{/);
          expect(got.message, 'a message is one line').not.toContain('\n');
        });
      });
    }
  });
}

function show(f: Finding): string {
  return `${f.line}:${f.column} ${f.ruleId}/${f.messageId} ${f.message}`;
}
