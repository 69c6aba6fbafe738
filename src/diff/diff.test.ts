import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as draft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { runDiff } from '../app/diff.js';
import { DIFF_META } from '../generated/diff-meta.js';
import { ROOT, run } from '../testing/cli.js';
import { DIFF_RULES } from './rules/index.js';

const AjvDraft04 = (
  draft04 as unknown as { default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } } }
).default;
const FIXTURES = path.join(ROOT, 'fixtures', 'diff');
const SAGA = 'fixtures/designs/order-saga.yaml';
const ids = (file: string, old: string, now: string) =>
  runDiff(path.join(file, old), path.join(file, now), { levels: new Map(), failOn: 'breaking' }).report.findings.map((f) => f.ruleId);
const tmp = () => mkdtempSync(path.join(tmpdir(), 'eda-diff-'));
const write = (dir: string, name: string, text: string) => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const saga = readFileSync(path.join(ROOT, SAGA), 'utf8');

describe('the change rules', () => {
  it('each has its metadata, its module and its fixtures', () => {
    const modules = DIFF_RULES.map((r) => r.id).sort();
    expect(modules).toEqual(Object.keys(DIFF_META).sort());
    expect(readdirSync(FIXTURES).map((d) => `diff/${d}`)).toEqual(modules);
    for (const id of modules)
      expect(readdirSync(path.join(FIXTURES, id.slice(5))).sort()).toEqual(['invalid-new.yaml', 'invalid-old.yaml', 'valid-new.yaml', 'valid-old.yaml']);
  });

  it.for(Object.keys(DIFF_META).sort())('%s fires on its invalid pair and not on its valid one', (id) => {
    const dir = path.join(FIXTURES, id.slice('diff/'.length));
    expect(ids(dir, 'invalid-old.yaml', 'invalid-new.yaml')).toContain(id);
    expect(ids(dir, 'valid-old.yaml', 'valid-new.yaml')).not.toContain(id);
  });

  it('sees no change where only the text moved: keys reordered, a map reflowed, a part split into imports', () => {
    expect(ids(ROOT, SAGA, SAGA)).toEqual([]);
    const dir = tmp();
    // The same design with its events in an imported file, and its flow maps written as blocks.
    const events = /\nevents:\n((?: {2}.*\n)+)/.exec(saga)?.[1] ?? '';
    write(dir, 'parts/events.yaml', `events:\n${events}`);
    const split = write(dir, 'design.yaml', saga.replace(`\nevents:\n${events}`, '\n').replace('version: 1\n', 'version: 1\nimports: [parts/events.yaml]\n'));
    const reflowed = write(dir, 'reflowed.yaml', saga.replace('  Ordering: { owner: team-orders }', '  Ordering:\n    owner: team-orders'));
    expect(runDiff(path.join(ROOT, SAGA), split, { levels: new Map(), failOn: 'any' }).report.findings).toEqual([]);
    expect(runDiff(path.join(ROOT, SAGA), reflowed, { levels: new Map(), failOn: 'any' }).report.findings).toEqual([]);
  });

  it('says who a removed field hurts, and classes it by visibility', () => {
    const dir = path.join(FIXTURES, 'field-removed');
    const outcome = runDiff(path.join(dir, 'invalid-old.yaml'), path.join(dir, 'invalid-new.yaml'), { levels: new Map(), failOn: 'breaking' });
    const change = outcome.report.findings.find((f) => f.ruleId === 'diff/field-removed');
    expect(change).toMatchObject({
      severity: 'error',
      message: "Field 'reason' is gone from external event OrderRejected (no reader in the design).",
      data: { class: 'breaking', field: 'reason', message: 'OrderRejected' },
      line: 48,
    });
    expect(outcome.exitCode).toBe(1);
  });
});

describe('eda-advisor diff', () => {
  const dir = path.join('fixtures', 'diff', 'compensation-removed');
  const old = path.join(dir, 'invalid-old.yaml');
  const now = path.join(dir, 'invalid-new.yaml');

  it('prints each change at the new file with its id, and exits by --fail-on', () => {
    const r = run(['diff', old, now]);
    expect(r.stderr).toBe('');
    // A risky change passes the default gate (breaking) and fails --fail-on risky.
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^fixtures\/diff\/compensation-removed\/invalid-new\.yaml\n +\d+:\d+ +warning +Command ReserveStock had the compensation ReleaseStock and has none now, while CreateOrderSaga still sends it\. +diff\/compensation-removed$/m,
    );
    expect(run(['diff', old, now, '--fail-on', 'risky']).status).toBe(1);
    expect(run(['diff', SAGA, SAGA, '--fail-on', 'any']).status).toBe(0);
  });

  it('writes JSON, a pull-request comment in Markdown, GitHub annotations, and SARIF that validates', () => {
    const json = JSON.parse(run(['diff', old, now, '--format', 'json']).stdout) as { findings: { ruleId: string; data: { class: string } }[] };
    expect(json.findings.map((f) => [f.ruleId, f.data.class])).toEqual([['diff/compensation-removed', 'risky']]);
    const pair = path.join('fixtures', 'diff', 'field-removed');
    const md = run(['diff', path.join(pair, 'invalid-old.yaml'), path.join(pair, 'invalid-new.yaml'), '--format', 'markdown']).stdout;
    expect(md).toContain('## eda-advisor diff: `fixtures/diff/field-removed/invalid-old.yaml` → `fixtures/diff/field-removed/invalid-new.yaml`');
    expect(md).toContain('**2** breaking, **0** risky, **0** safe.');
    expect(md).toMatch(
      /### 🔴 Breaking \(2\) — a consumer, a sender or a running instance fails\n\n\| line \| change \| fix \|\n\|---\|---\|---\|\n\| 48:\d+ \| `diff\/external-contract-changed-without-version`/,
    );
    const github = run(['diff', old, now, '--format', 'github']).stdout;
    expect(github).toMatch(
      /^::warning file=fixtures\/diff\/compensation-removed\/invalid-new\.yaml,line=\d+,col=\d+.*title=eda-advisor diff\/compensation-removed::Command ReserveStock/m,
    );
    const sarif = JSON.parse(run(['diff', old, now, '--format', 'sarif']).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const schema = createRequire(import.meta.url)('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false, logger: false }).compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const driver = sarif.runs[0]?.tool.driver.rules ?? [];
    const result = sarif.runs[0]?.results[0];
    expect(driver[result?.ruleIndex ?? -1]?.id).toBe('diff/compensation-removed');
  });

  it('answers a side that does not parse with its findings and no diff, exit 1', () => {
    const d = tmp();
    const broken = write(d, 'broken.yaml', 'version: 1\nname: x\nservices: [\n');
    const r = run(['diff', SAGA, broken]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('yaml-syntax');
    expect(r.stdout).not.toContain('diff/');
    expect(run(['diff', 'nothing.yaml', SAGA]).status).toBe(2);
  });

  it('says first when two designs share nothing, and lists everything removed and added', () => {
    const r = run(['diff', SAGA, 'fixtures/designs/money-transfer-process-manager.yaml']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `${SAGA} and fixtures/designs/money-transfer-process-manager.yaml share nothing: no service, command, event or process name is in both.`,
    );
    expect(r.stdout).toContain('diff/process-removed');
    expect(r.stdout).toContain('diff/event-added');
    expect(r.status).toBe(1);
  });

  it('takes levels from the configuration and --rule, and suppression comments in the new design', () => {
    const d = tmp();
    const o = write(d, 'old.yaml', saga);
    const n = write(d, 'new.yaml', saga.replace('  OrderApproved:', '  OrderShipped: { producedBy: Orders, fields: [orderId] }\n  OrderApproved:'));
    expect(run(['diff', o, n, '--format', 'json']).stdout).toContain('diff/event-added');
    write(d, '.eda-advisor.yaml', 'rules:\n  diff/event-added: off\n');
    expect(run(['diff', o, n, '--format', 'json']).stdout).not.toContain('diff/event-added');
    expect(JSON.parse(run(['diff', o, n, '--format', 'json', '--rule', 'diff/event-added=error']).stdout).findings[0]).toMatchObject({ severity: 'error' });
    const hidden = write(
      d,
      'hidden.yaml',
      saga.replace(
        '    correlationKey: orderId\n',
        '    # eda-advisor-ignore diff/correlation-changed -- no saga runs during the migration\n    correlationKey: consumerId\n',
      ),
    );
    const r = run(['diff', o, hidden]);
    expect(r.stdout).not.toContain('diff/correlation-changed');
    expect(r.status).toBe(0);
    // The review of the same file does not call that comment unused.
    expect(run(['review', hidden]).stdout).not.toContain('unused-suppression');
    expect(run(['diff', o, n, '--rule', 'diff/nothing=off']).stderr).toContain("'diff/nothing' is not a rule id");
  });

  it('explains each change rule', () => {
    const r = run(['explain', 'diff/step-removed']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('A saga step removed');
    expect(r.stdout).toContain('Before:');
    expect(run(['explain', 'diff/step-remove']).stderr).toBe("eda-advisor: 'diff/step-remove' is not a change rule — did you mean 'diff/step-removed'?\n");
  });
});

describe('eda-advisor review --since', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
    });

  it('compares each design with itself at a revision of its repository, imports included', () => {
    const repo = tmp();
    git(repo, 'init', '-q');
    const events = /\nevents:\n((?: {2}.*\n)+)/.exec(saga)?.[1] ?? '';
    write(repo, 'design/parts/events.yaml', `events:\n${events}`);
    write(repo, 'design/orders.yaml', saga.replace(`\nevents:\n${events}`, '\n').replace('version: 1\n', 'version: 1\nimports: [parts/events.yaml]\n'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'one');
    // The second commit: a field removed from an external event in the imported part, and the deadline cut.
    write(repo, 'design/parts/events.yaml', `events:\n${events.replace('version: 1, fields: [orderId, reason] }', 'version: 1, fields: [orderId] }')}`);
    write(repo, 'design/orders.yaml', readFileSync(path.join(repo, 'design/orders.yaml'), 'utf8').replace('    timeout: 15m\n', ''));
    git(repo, 'commit', '-qam', 'two');
    const r = run(['review', 'design/orders.yaml', '--since', 'HEAD~1', '--format', 'json'], {}, undefined, repo);
    const found = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] }).findings.map((f) => f.ruleId);
    expect(found).toEqual(expect.arrayContaining(['diff/field-removed', 'diff/external-contract-changed-without-version', 'diff/timeout-removed']));
    expect(r.status).toBe(1);
    // SARIF of review --since: the catalogue's rules and the change rules, each result pointing at its own.
    const sarif = JSON.parse(run(['review', 'design/orders.yaml', '--since', 'HEAD~1', '--format', 'sarif'], {}, undefined, repo).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const described = sarif.runs[0]?.tool.driver.rules.map((x) => x.id) ?? [];
    expect(described).toEqual(expect.arrayContaining(['missing-outbox', 'diff/field-removed']));
    for (const res of sarif.runs[0]?.results ?? []) expect(described[res.ruleIndex]).toBe(res.ruleId);
    // At the revision itself: nothing changed.
    expect(run(['review', 'design/orders.yaml', '--since', 'HEAD', '--format', 'json'], {}, undefined, repo).stdout).not.toContain('diff/');
    // A design new since the revision: all added, no error.
    write(repo, 'design/new.yaml', saga);
    const fresh = run(['review', 'design/new.yaml', '--since', 'HEAD', '--format', 'json'], {}, undefined, repo);
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toContain('diff/process-added');
    // An unknown revision, and a file outside any repository: one line, exit 2.
    const unknown = run(['review', 'design/orders.yaml', '--since', 'no-such-branch'], {}, undefined, repo);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /^eda-advisor: 'no-such-branch' is not a revision of the repository .+; name a branch, a tag or a commit \(git log shows them\)\.\n$/,
    );
    const outside = tmp();
    write(outside, 'd.yaml', saga);
    const none = run(['review', 'd.yaml', '--since', 'HEAD'], {}, undefined, outside);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('eda-advisor: d.yaml is not in a git repository; --since compares with a revision of the repository that holds the file.\n');
  });
});
