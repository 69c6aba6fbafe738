import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';

const flawed = readFileSync(path.join(ROOT, 'fixtures/designs/flawed-order-saga.yaml'), 'utf8');

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-baseline-'));
  const design = path.join(dir, 'design.yaml');
  const baseline = path.join(dir, 'baseline.json');
  writeFileSync(design, flawed);
  return { dir, design, baseline };
}

describe('baselines', () => {
  it("records today's findings and then hides them, even after lines move", () => {
    const { design, baseline } = setup();
    const write = run(['review', design, '--write-baseline', baseline]);
    expect(write).toMatchObject({ status: 0, stderr: `eda-advisor: recorded 9 findings in ${baseline}.\n` });
    const b = JSON.parse(readFileSync(baseline, 'utf8')) as { version: number; findings: { ruleId: string; count: number; fingerprint: string }[] };
    expect(b.version).toBe(1);
    expect(b.findings.reduce((n, e) => n + e.count, 0)).toBe(9);
    // Ten lines of comments at the top move every finding down; the baseline still knows them all.
    writeFileSync(design, `${'# moved\n'.repeat(10)}${flawed}`);
    const again = run(['review', design, '--baseline', baseline]);
    expect(again).toEqual({ status: 0, stdout: '✔ No problems in 1 file, 1 suppressed.\n', stderr: `eda-advisor: 9 known findings hidden by ${baseline}.\n` });
  });

  it('fails only on new findings', () => {
    const { design, baseline } = setup();
    run(['review', design, '--write-baseline', baseline]);
    writeFileSync(
      design,
      flawed
        .replace('  Stock:\n    context: Inventory\n', '  Stock:\n    context: Inventory\n    publishing: direct\n')
        .replace(
          '  Stock:\n    context: Inventory\n    publishing: direct\n    consumers: { idempotent: true }\n    publishing: outbox\n',
          '  Stock:\n    context: Inventory\n    publishing: direct\n    consumers: { idempotent: true }\n',
        ),
    );
    const r = run(['review', design, '--baseline', baseline, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; path: string[] }[] }).findings;
    expect(findings.map((f) => [f.ruleId, f.path.join('.')])).toEqual([['missing-outbox', 'services.Stock.publishing']]);
    expect(r.status).toBe(1);
  });

  it('reports findings that no longer occur, and shrinks the baseline only on --prune-baseline', () => {
    const { design, baseline } = setup();
    run(['review', design, '--write-baseline', baseline]);
    writeFileSync(design, flawed.replace('broker: in-memory', 'broker: rabbitmq, durable: true'));
    const r = run(['review', design, '--baseline', baseline]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('1 baselined finding no longer occurs; run with --prune-baseline to shrink');
    const before = readFileSync(baseline, 'utf8');
    run(['review', design, '--baseline', baseline, '--prune-baseline']);
    const after = JSON.parse(readFileSync(baseline, 'utf8')) as { findings: { ruleId: string; count: number }[] };
    expect(after.findings.reduce((n, e) => n + e.count, 0)).toBe(8);
    expect(after.findings.some((e) => e.ruleId === 'unreliable-messaging')).toBe(false);
    expect(before).not.toBe(readFileSync(baseline, 'utf8'));
    // A new finding never enters the baseline by pruning.
    writeFileSync(design, flawed.replace('broker: in-memory', 'broker: rabbitmq, durable: false'));
    run(['review', design, '--baseline', baseline, '--prune-baseline']);
    expect((JSON.parse(readFileSync(baseline, 'utf8')) as { findings: unknown[] }).findings).toHaveLength(after.findings.length);
  });

  it('refuses a file that is not a baseline, and --prune-baseline alone', () => {
    const { design, dir } = setup();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"findings": 3}');
    expect(run(['review', design, '--baseline', bad])).toMatchObject({
      status: 2,
      stderr: `eda-advisor: ${bad}: is not a baseline written by eda-advisor --write-baseline (version 1).\n`,
    });
    expect(run(['review', design, '--baseline', path.join(dir, 'none.json')]).stderr).toContain('no such baseline file; write one with --write-baseline.');
    expect(run(['review', design, '--prune-baseline']).stderr).toContain('--prune-baseline goes with --baseline <file>.');
  });
});
