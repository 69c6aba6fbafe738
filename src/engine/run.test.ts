import { describe, expect, it } from 'vitest';
import missingOutbox from '../rules/missing-outbox.js';
import { RULES } from '../rules/index.js';
import { reviewSource, type ReviewOptions } from './run.js';

/** The rules these tests are about; the others would report on the small designs too. */
const SOME = RULES.filter((r) => ['missing-outbox', 'unknown-reference', 'unused-suppression', 'yaml-syntax', 'schema'].includes(r.id));
const review = (text: string, options: Partial<ReviewOptions> = {}) => reviewSource({ file: 'd.yaml', text }, { rules: SOME, ...options });
const brief = (text: string, options = {}) => review(text, options).findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`);

const DIRECT = `version: 1
name: d
services:
  Orders:
    publishing: direct
events:
  OrderPlaced: { producedBy: Orders }
`;

describe('suppressions', () => {
  it('hide a finding from the line above or the end of its line, and count it', () => {
    const above = DIRECT.replace('    publishing: direct', '    # eda-advisor-ignore missing-outbox -- relayed by CDC\n    publishing: direct');
    expect(brief(above)).toEqual([]);
    expect(review(above).suppressed).toBe(1);
    const trailing = DIRECT.replace('publishing: direct', 'publishing: direct # eda-advisor-ignore missing-outbox -- relayed by CDC');
    expect(brief(trailing)).toEqual([]);
  });

  it('skip blank and comment lines between the comment and its node', () => {
    const text = DIRECT.replace(
      '    publishing: direct',
      '    # eda-advisor-ignore missing-outbox -- relayed by CDC\n\n    # see ADR-3\n    publishing: direct',
    );
    expect(brief(text)).toEqual([]);
  });

  it('hide only the rules they name, and several when listed', () => {
    const other = DIRECT.replace('    publishing: direct', '    # eda-advisor-ignore sync-dependency -- n/a\n    publishing: direct');
    expect(brief(other)).toEqual(['5:5 unused-suppression', '6:17 missing-outbox']);
    const both = DIRECT.replace('    publishing: direct', '    # eda-advisor-ignore missing-outbox, unknown-reference -- both decided\n    publishing: direct');
    expect(brief(both)).toEqual(['5:5 unused-suppression']);
    expect(review(both).findings[0]?.message).toContain("'unknown-reference'");
  });

  it('do not hide a finding on another line', () => {
    const far = DIRECT.replace('  Orders:', '  # eda-advisor-ignore missing-outbox -- wrong line\n  Orders:');
    expect(brief(far)).toEqual(['4:3 unused-suppression', '6:17 missing-outbox']);
  });

  it('are not applied without a reason', () => {
    const reasonless = DIRECT.replace('publishing: direct', 'publishing: direct # eda-advisor-ignore missing-outbox');
    expect(brief(reasonless)).toEqual(['5:17 missing-outbox', '5:24 unused-suppression']);
  });

  it('of a rule turned off are not reported as unused', () => {
    const text = DIRECT.replace('    publishing: direct', '    # eda-advisor-ignore missing-outbox -- relayed by CDC\n    publishing: outbox');
    expect(brief(text, { levels: new Map([['missing-outbox', 'off']]) })).toEqual([]);
    expect(brief(text)).toEqual(['5:5 unused-suppression']);
  });

  it('inside a string are not comments', () => {
    const text = DIRECT.replace('name: d', 'name: "d # eda-advisor-ignore missing-outbox -- no"');
    expect(brief(text)).toEqual(['5:17 missing-outbox']);
  });
});

describe('the rule runner', () => {
  it('contains a rule that throws, names it, and runs the others', () => {
    const broken = {
      ...missingOutbox,
      check: () => {
        throw new Error('boom');
      },
    };
    const result = review(DIRECT.replace('OrderPlaced: { producedBy: Orders }', 'OrderPlaced: { producedBy: Order }'), {
      rules: [broken, ...SOME.filter((r) => r.id !== 'missing-outbox')],
    });
    expect(result.crashes).toEqual([{ ruleId: 'missing-outbox', file: 'd.yaml', error: 'boom' }]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['unknown-reference']);
  });

  it('applies a severity override to every finding of the rule', () => {
    const f = review(DIRECT, { levels: new Map([['missing-outbox', 'info']]) }).findings;
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([['missing-outbox', 'info']]);
  });

  it('runs no design rule on a file that does not parse', () => {
    expect(brief(`${DIRECT}  bad: [\n`)).toEqual(['9:1 yaml-syntax']);
  });

  it('gives the same findings for the same input', () => {
    expect(review(DIRECT).findings).toEqual(review(DIRECT).findings);
  });
});
