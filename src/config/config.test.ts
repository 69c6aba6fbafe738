import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';

const FLAWED = path.join(ROOT, 'fixtures/designs/flawed-order-saga.yaml');

/** A project folder: a configuration, designs in it and below it. */
function project(config: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-config-'));
  writeFileSync(path.join(dir, '.eda-advisor.yaml'), config);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface Finding {
  ruleId: string;
  severity: string;
  file: string;
  message: string;
}
const review = (dir: string, args: string[]) => {
  const r = run(['review', ...args.map((a) => (a.endsWith('.yaml') && !path.isAbsolute(a) ? path.join(dir, a) : a)), '--format', 'json']);
  return { status: r.status, stderr: r.stderr, findings: r.stdout ? (JSON.parse(r.stdout) as { findings: Finding[] }).findings : [] };
};
const flawed = readFileSync(FLAWED, 'utf8');
const bySeverity = (fs: Finding[], id: string) => [...new Set(fs.filter((f) => f.ruleId === id).map((f) => f.severity))];

describe('.eda-advisor.yaml', () => {
  it('is found by walking up from each design file, and sets levels and options', () => {
    const dir = project('rules:\n  sync-dependency: off\n  god-process-manager: [info, { maxCommands: 2 }]\n', { 'design/orders/flawed.yaml': flawed });
    const { findings } = review(dir, ['design/orders/flawed.yaml']);
    expect(findings.some((f) => f.ruleId === 'sync-dependency')).toBe(false);
    expect(findings.filter((f) => f.ruleId === 'god-process-manager').map((f) => [f.severity, f.message])).toEqual([
      ['info', "Process 'PlaceOrder' sends 5 distinct commands (more than 2): 'ReserveStock', 'ScreenOrder', 'ChargeCard', 'ConfirmOrder' and 'RecordSale'."],
    ]);
  });

  it('applies presets, then its rules, then overrides, then --rule', () => {
    const dir = project(
      'extends: eda-advisor:strict\nrules:\n  missing-failure-path: info\noverrides:\n  - files: ["legacy/**"]\n    rules: { missing-failure-path: off, missing-outbox: warning }\n',
      { 'a.yaml': flawed, 'legacy/b.yaml': flawed },
    );
    const a = review(dir, ['a.yaml']).findings;
    expect(bySeverity(a, 'missing-outbox')).toEqual(['error']); // strict raises the undeclared case to error
    expect(bySeverity(a, 'sync-dependency')).toEqual(['error']);
    expect(bySeverity(a, 'missing-failure-path')).toEqual(['info']);
    const b = review(dir, ['legacy/b.yaml']).findings;
    expect(bySeverity(b, 'missing-failure-path')).toEqual([]);
    expect(bySeverity(b, 'missing-outbox')).toEqual(['warning']);
    const cli = review(dir, ['legacy/b.yaml', '--rule', 'missing-outbox=off']).findings;
    expect(bySeverity(cli, 'missing-outbox')).toEqual([]);
  });

  it('relaxes a sketch and extends a configuration by path', () => {
    const sketchy =
      'version: 1\nname: sketch\nservices:\n  Orders: {}\n  Cards: {}\ncommands:\n  ChargeCard: { handledBy: Cards }\nprocesses:\n  Pay: { pattern: saga, coordinator: Orders, steps: [{ name: charge, command: ChargeCard }] }\n';
    const dir = project('extends: ./base.yaml\n', { 'base.yaml': 'extends: [eda-advisor:sketch]\n', 'sketch.yaml': sketchy });
    const { status, findings } = review(dir, ['sketch.yaml']);
    expect(findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).toEqual([]);
    expect(status).toBe(0);
    const plain = run(['review', path.join(dir, 'sketch.yaml'), '--config', path.join(ROOT, 'fixtures/cli/empty-config.yaml')]);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain('warning');
  });

  it('skips files that match ignorePatterns, and says so', () => {
    const dir = project('ignorePatterns: ["drafts/**"]\n', { 'drafts/wip.yaml': 'not: [a design' });
    const r = run(['review', path.join(dir, 'drafts/wip.yaml')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('wip.yaml: skipped, it matches ignorePatterns of the configuration.');
  });

  it.for([
    ['rules:\n  sync-dependancy: off\n', ".eda-advisor.yaml:2:3: 'sync-dependancy' is not a rule id — did you mean 'sync-dependency'?"],
    [
      'rules:\n  god-process-manager: [warning, { maxComands: 2 }]\n',
      ".eda-advisor.yaml:2:36: god-process-manager options: Unknown key 'maxComands' — did you mean 'maxCommands'?",
    ],
    [
      'rules:\n  god-process-manager: [warning, { maxCommands: many }]\n',
      '.eda-advisor.yaml:2:49: god-process-manager options: maxCommands must be a whole number',
    ],
    ['rules:\n  missing-outbox: warn\n', '.eda-advisor.yaml:2:19: rules.missing-outbox must be one of off, info, warning, error'],
    ['extends: eda-advisor:strictt\n', ".eda-advisor.yaml:1:10: 'eda-advisor:strictt' is not a preset — did you mean 'eda-advisor:strict'?"],
    ['extends: ./missing.yaml\n', ".eda-advisor.yaml:1:10: extends './missing.yaml', which does not exist."],
    ['extends: ./.eda-advisor.yaml\n', 'extends itself through'],
    ['rulez: {}\n', ".eda-advisor.yaml:1:1: Unknown key 'rulez' at the top level — did you mean 'rules'?"],
    ['rules: [\n', '.eda-advisor.yaml:'],
  ] as [string, string][])('refuses %j with exit 2 and a positioned message', ([config, message]) => {
    const dir = project(config, { 'd.yaml': flawed });
    const r = run(['review', path.join(dir, 'd.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('takes --config over the nearest file, and names a missing one', () => {
    const dir = project('rules:\n  sync-dependency: off\n', { 'd.yaml': flawed });
    cpSync(path.join(ROOT, 'fixtures/cli/empty-config.yaml'), path.join(dir, 'other.yaml'));
    expect(review(dir, ['d.yaml']).findings.some((f) => f.ruleId === 'sync-dependency')).toBe(false);
    expect(review(dir, ['d.yaml', '--config', path.join(dir, 'other.yaml')]).findings.some((f) => f.ruleId === 'sync-dependency')).toBe(true);
    const missing = run(['review', path.join(dir, 'd.yaml'), '--config', 'nope.yaml']);
    expect(missing).toMatchObject({ status: 2, stderr: 'eda-advisor: nope.yaml: no such configuration file; check the path.\n' });
  });
});
