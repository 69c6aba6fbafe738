import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFlawedDesign } from '../bench/generate-design.js';
import { runAsync } from './testing/cli.js';

/**
 * A tripwire for a review whose cost grows with the square of the design: a 2,000-service design
 * with findings (about 1,500 of them) reviewed by the built CLI in a sub-process. Linear, it takes
 * a second or two; the quadratic parse this replaced took ten. The wall limit is generous so that a
 * loaded machine never trips it: the figures belong to `npm run bench`, not to tests.
 */
describe('a large design with findings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-scale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is reviewed within the wall limit, every finding located', async () => {
    const file = path.join(dir, 'flawed-2000.yaml');
    writeFileSync(file, (generateFlawedDesign as (n: number) => string)(2000));
    const r = await runAsync(['review', file, '--format', 'json'], {}, 45_000);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; line: number; column: number }[] };
    expect(report.findings.length).toBeGreaterThan(1000);
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(
      new Set(['missing-outbox', 'external-event-contract', 'missing-failure-path', 'missing-compensation', 'pattern-mismatch']),
    );
    expect(report.findings.every((f) => f.line > 1 && f.column >= 1)).toBe(true);
  }, 60_000);
});
