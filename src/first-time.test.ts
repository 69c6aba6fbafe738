// What a new user meets in the first hour, each case as it was reproduced (issue 15): a hook run on
// a part, a pattern that matches nothing, standard input under a name, colour flags on every
// command, Ctrl-C, and a file that is not a design.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from './testing/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'eda-advisor-first-'));

/** A repository with the split design of fixtures/designs-split, and a .git so that it is one. */
function splitRepository(): string {
  const repo = tmp();
  mkdirSync(path.join(repo, '.git'));
  cpSync(path.join(ROOT, 'fixtures', 'designs-split'), path.join(repo, 'design'), { recursive: true });
  return repo;
}

describe('a part of a design', () => {
  it('is reviewed through the root that imports it, as a pre-commit hook passes the staged part alone', () => {
    const repo = splitRepository();
    const alone = run(['review', 'design/parts/services.yaml', '--format', 'json'], {}, undefined, repo);
    const report = JSON.parse(alone.stdout) as { findings: { ruleId: string; message: string; file: string }[] };
    // Not "missing version/name" nor "'Cards' is not a declared service": the design's own finding.
    expect(report.findings.map((f) => [f.ruleId, f.file])).toEqual([['missing-outbox', 'design/parts/services.yaml']]);
    expect(alone.stderr).toBe('eda-advisor: design/parts/services.yaml is a part of design/checkout.yaml, which imports it: reviewing that design.\n');
    // Run from a subfolder, the root above it is found too (imports stay inside the root's folder).
    const sub = run(['review', 'services.yaml', '--format', 'json'], {}, undefined, path.join(repo, 'design', 'parts'));
    expect((JSON.parse(sub.stdout) as typeof report).findings.map((f) => f.ruleId)).toEqual(['missing-outbox']);
    // The root and its parts together: each design once, and no notice.
    const all = run(['review', 'design/**/*.yaml', '--format', 'json'], {}, undefined, repo);
    expect(all.stderr).toBe('');
    expect((JSON.parse(all.stdout) as { summary: { files: number } }).summary.files).toBe(1);
  });

  it('that no design imports is still reviewed alone, and a file that is not a design gets one finding', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'orphan.yaml'), 'services:\n  Orders: { publishing: outbox }\n');
    const orphan = run(['review', 'orphan.yaml', '--format', 'json'], {}, undefined, dir);
    expect((JSON.parse(orphan.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message)).toContain(
      "The design is missing the required key 'version'.",
    );
    const pkg = run(['review', 'package.json']);
    expect(pkg.status).toBe(1);
    expect(pkg.stdout).toContain('1:1  error    Not a design: the file has version "0.1.0", not 1, and');
    expect(pkg.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos) in 1 file.');
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web: { image: nginx }\nvolumes: {}\nnetworks: {}\n');
    const compose = run(['review', 'compose.yaml'], {}, undefined, dir);
    expect(compose.stdout).toContain('Not a design: the file has no `version: 1` and 2 of its 3 top-level keys');
  });
});

describe('patterns, standard input and the configuration', () => {
  it('exits 2 when any pattern matches nothing, even beside one that matches, unless told not to', () => {
    const both = run(['review', 'fixtures/designs/order-saga.yaml', 'designs/*.yml']);
    expect(both.status).toBe(2);
    expect(both.stdout).toBe('✔ No problems in 1 file.\n');
    expect(both.stderr).toContain('designs/*.yml: no design files found');
    expect(both.stderr).toContain('--no-error-on-unmatched-pattern');
    expect(run(['review', 'fixtures/designs/order-saga.yaml', 'designs/*.yml', '--no-error-on-unmatched-pattern']).status).toBe(0);
  });

  it('reviews standard input under --stdin-filename: findings carry the name, its configuration applies', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'design'));
    writeFileSync(path.join(dir, 'design', '.eda-advisor.yaml'), 'rules:\n  missing-outbox: off\n');
    const text = 'version: 1\nname: s\nservices:\n  Orders: { publishing: direct }\nevents:\n  OrderPlaced: { producedBy: Orders }\n';
    const plain = run(['review', '-', '--format', 'json'], {}, text, dir);
    expect((JSON.parse(plain.stdout) as { findings: { file: string; ruleId: string }[] }).findings.map((f) => f.file)).toContain('<stdin>');
    const named = run(['review', '-', '--stdin-filename', 'design/orders.yaml', '--format', 'json'], {}, text, dir);
    const findings = (JSON.parse(named.stdout) as { findings: { file: string; ruleId: string }[] }).findings;
    expect(new Set(findings.map((f) => f.file))).toEqual(new Set(['design/orders.yaml']));
    expect(findings.map((f) => f.ruleId)).not.toContain('missing-outbox');
    // --print-config says the same without reviewing.
    const printed = JSON.parse(run(['review', '--print-config', 'design/orders.yaml'], {}, undefined, dir).stdout) as {
      config: string;
      rules: Record<string, { level: string }>;
    };
    expect(printed.config).toBe(path.join('design', '.eda-advisor.yaml'));
    expect(printed.rules['missing-outbox']).toEqual({ level: 'off' });
    expect(printed.rules['sync-dependency']).toEqual({ level: 'warning' });
  });
});

/** Resolves once the process has used some CPU and is asleep (state S) twice in a row, or after 5 s. */
async function waitUntilSleeping(pid: number): Promise<void> {
  let asleep = 0;
  for (let i = 0; i < 500 && asleep < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    let fields: string[];
    try {
      fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    } catch {
      return;
    }
    const ticks = Number(fields[11]) + Number(fields[12]);
    asleep = fields[0] === 'S' && ticks >= 5 ? asleep + 1 : 0;
  }
}

describe('colour and interruption', () => {
  const colour = /\u001b\[\d+m/;
  it('takes --color and --no-color on every command; FORCE_COLOR=0 turns colour off', () => {
    const help = run(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const command of commands) {
      const h = run([command, '--help']).stdout;
      expect(h, command).toContain('--color');
      expect(h, command).toContain('--no-color');
    }
    const design = 'fixtures/designs/flawed-order-saga.yaml';
    expect(run(['review', design, '--color']).stdout).toMatch(colour);
    expect(run(['review', design], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout).toMatch(colour);
    expect(run(['review', design], { FORCE_COLOR: '0', NO_COLOR: '' }).stdout).not.toMatch(colour);
    expect(run(['review', design, '--no-color'], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout).not.toMatch(colour);
    expect(run(['simulate', design, '--color']).stdout).toMatch(colour);
    expect(run(['rules', '--no-color']).status).toBe(0);
  });

  it('ends at once on Ctrl-C, even while waiting for standard input, as the shell reports 130', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'eda-advisor.js'), 'review', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Signal it once it has loaded and sleeps in its read (Linux's /proc says so); whenever the signal
    // lands, the outcome must be the same, but only a signal during the read can show a hang.
    await waitUntilSleeping(child.pid as number);
    const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGINT');
    const { code, signal } = await ended;
    // Killed by SIGINT (a shell's $? is 128 + 2 = 130), the pipe still open: it did not wait for it.
    expect(code === 130 || signal === 'SIGINT').toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /);
    child.stdin.end();
  });
});

describe('findings that mislead', () => {
  const syntax = (text: string) => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'd.yaml'), text);
    return (
      JSON.parse(run(['review', 'd.yaml', '--format', 'json'], {}, undefined, dir).stdout) as { findings: { ruleId: string; line: number; message: string }[] }
    ).findings;
  };

  it('one tab is one yaml-syntax finding, not the parser echoes of it; a real second problem stays', () => {
    const design = readFileSync(path.join(ROOT, 'fixtures', 'designs', 'flawed-order-saga.yaml'), 'utf8').split('\n');
    for (const line of [31, 58, 60]) {
      const tabbed = design.map((l, i) => (i === line - 1 ? l.replace(/^ +/, '\t') : l)).join('\n');
      expect(
        syntax(tabbed).map((f) => [f.ruleId, f.line]),
        `a tab on line ${line}`,
      ).toEqual([['yaml-syntax', line]]);
    }
    const both = syntax('version: 1\nname: t\nservices:\n\tOrders: { publishing: outbox\n');
    expect(both.map((f) => [f.line, f.message.slice(0, 20)])).toEqual([
      [4, 'Tabs are not allowed'],
      [5, 'Flow map in block co'],
    ]);
  });

  it('a misspelt key is read as the key meant: one finding, not also the one its absence causes', () => {
    const saga = readFileSync(path.join(ROOT, 'fixtures', 'designs', 'order-saga.yaml'), 'utf8');
    for (const [right, wrong] of [
      ['correlationKey:', 'corelationKey:'],
      ['onFailure: [StockReservationFailed]', 'onFailur: [StockReservationFailed]'],
    ] as const) {
      const findings = syntax(saga.replace(right, wrong));
      expect(findings.map((f) => [f.ruleId, f.message.split(' — ')[0]])).toEqual([
        ['schema', `Unknown key '${wrong.split(':')[0]}' in ${wrong.startsWith('on') ? 'processes.CreateOrderSaga.steps[2]' : 'processes.CreateOrderSaga'}`],
      ]);
    }
    // What the rules find under a misspelt section points at the section as written (found by the fuzz property).
    const flawed = readFileSync(path.join(ROOT, 'fixtures', 'designs', 'flawed-order-saga.yaml'), 'utf8')
      .replace(/^events:/m, 'evnts:')
      .replace('  CardDeclined: {', '  Unheard: { producedBy: Payments }\n  CardDeclined: {');
    const found = (JSON.parse(run(['review', '-', '--format', 'json'], {}, flawed).stdout) as { findings: { ruleId: string; path: (string | number)[] }[] })
      .findings;
    expect(found.filter((f) => f.path[0] === 'events')).toEqual([]);
    expect(found.find((f) => f.ruleId === 'orphan-event')?.path).toEqual(['evnts', 'Unheard']);
  });
});

describe('--help', () => {
  it('of every command lists its choices and defaults and ends with examples', () => {
    const help = run(['--help']).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string).filter((c) => c !== 'help');
    for (const command of [...commands, 'import asyncapi']) {
      const text = run([...command.split(' '), '--help']).stdout;
      expect(text, command).toMatch(/\nExamples:\n(?: {2}\$ eda-advisor .+\n)+/);
      // A choice shows its values; an option with a default shows it.
      const options = text.split('\n').reduce<string[]>((blocks, l) => {
        if (/^ {2}-/.test(l)) blocks.push(l.trim());
        else if (/^ {6,}\S/.test(l) && blocks.length > 0) blocks[blocks.length - 1] += ` ${l.trim()}`;
        return blocks;
      }, []);
      for (const option of options.filter((o) => /--(format|pattern|kind|fail-on) </.test(o))) {
        expect(option, command).toMatch(/choices:|default/);
      }
    }
  });
});
