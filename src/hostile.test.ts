import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateFlawedDesign } from '../bench/generate-design.js';
import { ROOT, run } from './testing/cli.js';
import { writeSuppression } from './walkthrough/suppress.js';

/**
 * Hostile input, second campaign (issue 16): writes that must not destroy anything, standard output
 * that closes or fills, standard input without end. Each case failed before its fix.
 */
const BIN = path.join(ROOT, 'bin', 'eda-advisor.js');
const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FLAWED = 'fixtures/designs/flawed-order-saga.yaml';
const root = process.getuid?.() === 0;

/** A shell line run as the runner would (bash -eo pipefail is not wanted: the CLI's own status is read). */
function sh(line: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', line], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: 30_000,
  });
  expect(r.stderr, 'a stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('writes that destroy nothing', () => {
  it.runIf(root)('writes to a device directly: a null device stays a device, a full one is a clear error (exit 2)', () => {
    // Device nodes of our own (as root), so that a regression cannot replace the machine's /dev/null.
    const nul = path.join(dir, 'null');
    const full = path.join(dir, 'full');
    expect(spawnSync('mknod', [nul, 'c', '1', '3']).status).toBe(0);
    expect(spawnSync('mknod', [full, 'c', '1', '7']).status).toBe(0);
    expect(run(['review', FLAWED, '-o', nul]).status).toBe(1);
    expect(lstatSync(nul).isCharacterDevice()).toBe(true);
    expect(run(['review', FLAWED, '--write-baseline', nul]).status).toBe(0);
    expect(lstatSync(nul).isCharacterDevice()).toBe(true);
    const r = run(['review', FLAWED, '-o', full]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('full: cannot be written (ENOSPC)');
    expect(lstatSync(full).isCharacterDevice()).toBe(true);
  });

  it('writes to a FIFO directly, without replacing it', () => {
    const fifo = path.join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = sh(`cat ${fifo} > ${fifo}.read & node ${BIN} review ${FLAWED} --format json -o ${fifo}; s=$?; wait; echo "status:$s"`);
    expect(r.stdout).toContain('status:1');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(`${fifo}.read`, 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('refuses (exit 2) to write a report over a design it reviews, or a file that design imports', () => {
    const design = path.join(dir, 'design.yaml');
    copyFileSync(path.join(ROOT, FLAWED), design);
    const before = readFileSync(design, 'utf8');
    for (const args of [
      ['-o', design],
      ['--write-baseline', design],
      ['--format', 'json', '-o', path.join(dir, 'ok.json'), '--format', 'sarif', '-o', design],
    ]) {
      const r = run(['review', design, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('is one of the files being read; write the output to another file.');
      expect(readFileSync(design, 'utf8')).toBe(before);
    }
    // Checked before anything is written: the first, harmless output was not written either.
    expect(existsSync(path.join(dir, 'ok.json'))).toBe(false);
    const part = path.join(ROOT, 'fixtures/designs-split/parts');
    const imported = readdirSync(part).find((f) => f.endsWith('.yaml')) as string;
    const r = run(['review', 'fixtures/designs-split/checkout.yaml', '-o', path.join(part, imported)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('is one of the files being read');
    expect(run(['guidance', design, '-o', design]).status).toBe(2);
    expect(run(['diagram', design, '-o', design]).status).toBe(2);
    expect(readFileSync(design, 'utf8')).toBe(before);
  });

  it('does not follow a symbolic link out of the working folder without --force', () => {
    const outside = path.join(dir, 'outside.txt');
    writeFileSync(outside, 'precious\n');
    const link = path.join(ROOT, `.hostile-link-${process.pid}.json`);
    symlinkSync(outside, link);
    try {
      const r = run(['review', FLAWED, '--format', 'json', '-o', path.basename(link)]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('outside the working folder; nothing was written (add --force to write through it).');
      expect(readFileSync(outside, 'utf8')).toBe('precious\n');
      expect(run(['review', FLAWED, '--format', 'json', '-o', path.basename(link), '--force']).status).toBe(1);
      expect(JSON.parse(readFileSync(outside, 'utf8')).findings.length).toBeGreaterThan(0);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(link, { force: true });
    }
  });

  it('does not replace a read-only file, and cleans the temporary file a killed run left', () => {
    const out = path.join(dir, 'read-only.json');
    writeFileSync(out, 'keep\n');
    chmodSync(out, 0o444);
    const r = run(['review', FLAWED, '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('read-only.json: is not written: it is read-only');
    expect(readFileSync(out, 'utf8')).toBe('keep\n');
    expect(statSync(out).mode & 0o777).toBe(0o444);
    // A run killed between its write and its rename leaves `.<name>.eda-advisor-<pid>.tmp`; the next one removes it.
    const report = path.join(dir, 'report.json');
    const stale = path.join(dir, '.report.json.eda-advisor-999999.tmp');
    writeFileSync(stale, 'half a rep');
    expect(run(['review', FLAWED, '-o', report]).status).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.eda-advisor-'))).toEqual([]);
  });
});

describe('standard output and input', () => {
  const big = path.join(dir, 'big.yaml');
  writeFileSync(big, (generateFlawedDesign as (n: number) => string)(300));

  it('a closed standard output (| head -1) ends quietly with the exit code the findings decide', () => {
    const r = sh(`node ${BIN} review ${big} | head -c 100 > /dev/null; echo "status:\${PIPESTATUS[0]}"`);
    expect(r.stdout.trim()).toBe('status:1');
    expect(r.stderr).toBe('');
  });

  it('a full standard output is one line and exit 2', () => {
    if (!existsSync('/dev/full')) return;
    const r = sh(`node ${BIN} review ${FLAWED} > /dev/full; echo "status:$?"`);
    expect(r.stdout.trim()).toBe('status:2');
    expect(r.stderr).toBe('eda-advisor: standard output cannot be written (ENOSPC); the report is incomplete.\n');
  });

  it('reads standard input only up to --max-file-size: /dev/zero is refused, not read until memory runs out', () => {
    const r = sh(`node ${BIN} review - --max-file-size 1MiB < /dev/zero; echo "status:$?"`);
    expect(r.stdout.trim()).toBe('status:2');
    expect(r.stderr).toBe('eda-advisor: <stdin>: is over the 1.0 MiB limit for a design file (raise it with --max-file-size).\n');
  });
});

describe('gates that cannot be bypassed', () => {
  it.for([
    ['processes: !!omap', 'processes: !!omap\n  - P:\n      pattern: saga\n      coordinator: Orders\n      steps: [{ name: a, command: X }]\n', '!!omap', 5],
    ['extra: !!set', 'processes:\n  P: { pattern: saga, coordinator: Orders, steps: [{ name: a, command: X }] }\nextra: !!set { a, b }\n', '!!set', 7],
  ] as const)('%s is a finding at the tag (exit 1), not a section that silently vanishes', ([, tail, tag, line]) => {
    const file = path.join(dir, `tagged-${tag.slice(2)}.yaml`);
    writeFileSync(file, `version: 1\nname: tagged\nservices:\n  Orders: { publishing: direct }\n${tail}`);
    const r = run(['review', file, '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; line: number }[] }).findings;
    const tagged = findings.filter((f) => f.message.includes(`is tagged ${tag}`));
    expect(tagged.map((f) => [f.ruleId, f.line])).toEqual([['schema', line]]);
  });
});

describe('names that try to rewrite the terminal or forge an annotation', () => {
  it('reach stylish, github and markdown escaped as \\u001b, never raw', () => {
    const file = path.join(dir, 'escapes.yaml');
    // A service whose name clears the screen, and an event whose name starts a new workflow command.
    writeFileSync(
      file,
      'version: 1\nname: escapes\nservices:\n  Orders: { publishing: outbox }\nevents:\n  "Placed\\n::error file=README.md::forged": { producedBy: "Nobody\\e[2J\\e]0;pwned\\a" }\n',
    );
    for (const format of ['stylish', 'github', 'markdown']) {
      const r = run(['review', file, '--format', format], { FORCE_COLOR: '0' });
      expect(r.status, format).toBe(1);
      expect(r.stdout, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(r.stdout, format).toContain('\\u001b[2J');
      expect(
        r.stdout.split('\n').filter((l) => l.startsWith('::error file=README.md')),
        format,
      ).toEqual([]);
    }
  });
});

describe('names with escapes in the other human outputs', () => {
  it('simulate, guidance and diagram show them escaped too', () => {
    const file = path.join(dir, 'escaped-process.yaml');
    const design = readFileSync(path.join(ROOT, 'fixtures/designs/order-saga.yaml'), 'utf8').replace(
      /^ {2}CreateOrderSaga:/m,
      '  "CreateOrderSaga\\e[2J\\e]0;pwned\\a":',
    );
    expect(design).toContain('CreateOrderSaga\\e[2J');
    writeFileSync(file, design);
    for (const args of [
      ['simulate', file],
      ['simulate', file, '--fail-at', 'authorize-card'],
      ['guidance', file],
      ['diagram', file],
    ]) {
      const r = run(args, { FORCE_COLOR: '0' });
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
      expect(r.stdout, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      expect(r.stdout, args.join(' ')).toContain('\\u001b[2J');
    }
  });
});

describe('imports', () => {
  it('a glob that leaves the root folder is refused before anything is walked, naming the glob', () => {
    const sub = mkdtempSync(path.join(dir, 'design-'));
    const file = path.join(sub, 'root.yaml');
    writeFileSync(file, "version: 1\nname: globbing\nimports: ['../../../../**/*.yaml']\nservices:\n  A: { publishing: outbox }\n");
    const started = Date.now();
    const r = run(['review', file, '--format', 'json']);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; line: number }[] }).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("imports '../../../../**/*.yaml', a glob that reaches outside the root file's folder");
    expect(findings[0]?.line).toBe(3);
  });
});

describe("a configuration's extends", () => {
  it('reads only configuration files of its repository, and never quotes what a file holds', () => {
    const repo = mkdtempSync(path.join(dir, 'repo-'));
    mkdirSync(path.join(repo, '.git'));
    copyFileSync(path.join(ROOT, 'fixtures/designs/order-saga.yaml'), path.join(repo, 'design.yaml'));
    writeFileSync(path.join(dir, '.env'), 'SECRET_TOKEN=abcdef123456\n');
    writeFileSync(path.join(dir, 'elsewhere.yaml'), 'rules: { missing-outbox: off }\n');
    writeFileSync(path.join(repo, 'notes.yaml'), 'SECRET_TOKEN=abcdef123456\n');
    const cases: [string, string][] = [
      ['../.env', "extends '../.env', which is not a configuration file"],
      ['../elsewhere.yaml', "extends '../elsewhere.yaml', which is outside the repository"],
      ['./notes.yaml', 'notes.yaml:1:1: is not a configuration: it holds no map of keys'],
    ];
    for (const [target, words] of cases) {
      writeFileSync(path.join(repo, '.eda-advisor.yaml'), `extends: ${target}\n`);
      const r = spawnSync(process.execPath, [BIN, 'review', 'design.yaml'], {
        cwd: repo,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      });
      expect(r.status, target).toBe(2);
      expect(r.stderr, target).toContain(words);
      expect(r.stderr, target).not.toContain('abcdef');
    }
  });
});

describe('cost bounded by size, not by shape', () => {
  // Each shape took 5 to 40 s, or ran out of memory, before (at these sizes or three times them): a
  // tripwire with the CLI's 15 s limit; the figures, at the sizes, are in `npm run bench`.
  const shapes = {
    'a large map with one syntax error': () =>
      `version: 1\nname: big\nservices:\n${Array.from({ length: 10_000 }, (_, i) => `  S${i}: { publishing: outbox }\n`).join('')}  Broken: { publishing: outbox\n`,
    'a key written 30,000 times': () => `version: 1\nname: rep\nservices:\n${'  S: {}\n'.repeat(30_000)}`,
    'one 5,000-entry anchor aliased 999 times': () =>
      `version: 1\nname: alias\nx-big: &big\n${Array.from({ length: 5000 }, (_, i) => `  k${i}: v\n`).join('')}x-uses:\n${'  - *big\n'.repeat(999)}`,
    '800 unclosed brackets': () => `version: 1\nname: unclosed\nservices: [\n${'  { a: [1, 2 }\n'.repeat(800)}`,
    '100,000 documents': () => '---\na: 1\n'.repeat(100_000),
  };
  const expected: Record<keyof typeof shapes, (string | RegExp)[]> = {
    'a large map with one syntax error': ['Flow map in block collection must be sufficiently indented and end with a }.'],
    'a key written 30,000 times': ["The key 'S' appears twice in the same map (and 29998 more times below)."],
    'one 5,000-entry anchor aliased 999 times': ['Aliases in this document expand to more than 100,000 nodes, more than a design can hold (an alias bomb?).'],
    // How many of each: the yaml library reads 800 open brackets by recursion, and where it meets
    // the stack's limit (each past it a too-deep finding instead of the bracket's) depends on what
    // the stack held when the parse began, which is no contract; each kind said once is.
    '800 unclosed brackets': [
      /^Flow sequence in block collection must be sufficiently indented and end with a \] \(and \d{3} more times below\)\.$/,
      /^Missing , between flow map items \(and \d{3} more times below\)\.$/,
      /^Flow map in block collection must be sufficiently indented and end with a \} \(and \d{3} more times below\)\.$/,
      /^The document nests more than 64 levels deep; a design needs about ten( \(and \d+ more times below\))?\.$/,
    ],
    '100,000 documents': ['The file holds 100000 YAML documents; a design file holds one.'],
  };
  it('a design of 60,000 services on one line (JSON) is read in linear time', () => {
    const file = path.join(dir, 'one-line.json');
    writeFileSync(file, `{"version":1,"name":"flow","services":{${Array.from({ length: 60_000 }, (_, i) => `"S${i}":{"publishing":"outbox"}`).join(',')}}}\n`);
    const r = run(['review', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('✔ No problems in 1 file.\n');
  });

  it.for(Object.keys(shapes) as (keyof typeof shapes)[])('%s: said once, quickly', (shape) => {
    const file = path.join(dir, `${shape.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, shapes[shape]());
    const r = run(['review', file, '--format', 'json']);
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect([...new Set(findings.map((f) => f.ruleId))]).toEqual(['yaml-syntax']);
    const messages = findings.map((f) => f.message);
    expect(messages).toHaveLength(expected[shape].length);
    for (const message of expected[shape]) expect(messages.filter((m) => (typeof message === 'string' ? m === message : message.test(m)))).toHaveLength(1);
  });
});

describe('smaller', () => {
  it("the walkthrough's suppression writer refuses a file that is not valid UTF-8 instead of replacing its bytes", () => {
    const file = path.join(dir, 'latin1.yaml');
    const bytes = Buffer.concat([Buffer.from(readFileSync(path.join(ROOT, FLAWED), 'utf8')), Buffer.from('# caf\xe9\n', 'latin1')]);
    writeFileSync(file, bytes);
    const finding = {
      ruleId: 'missing-outbox',
      messageId: 'direct',
      severity: 'error' as const,
      message: 'm',
      file,
      line: 16,
      column: 17,
      endLine: 16,
      endColumn: 23,
      path: [],
    };
    expect(() => writeSuppression(finding, 'legacy')).toThrow(/is not valid UTF-8; writing a comment into it would change its other bytes/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('an import that names something other than a regular file says it is skipped', () => {
    const sub = mkdtempSync(path.join(dir, 'imports-'));
    mkdirSync(path.join(sub, 'parts.yaml'));
    writeFileSync(path.join(sub, 'root.yaml'), 'version: 1\nname: skip\nimports: [parts.yaml]\nservices:\n  A: { publishing: outbox }\n');
    const r = run(['review', path.join(sub, 'root.yaml'), '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { message: string }[] }).findings;
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining("imports 'parts.yaml', which names")]);
    expect(findings[0]?.message).toContain('not a regular file; it is skipped.');
  });

  it('an unwritable GITHUB_STEP_SUMMARY is the environment, said with its path (exit 2), not an internal error', () => {
    const summary = path.join(dir, 'no-such-folder', 'summary.md');
    const r = run(['review', FLAWED, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${summary}: (GITHUB_STEP_SUMMARY) cannot be written (ENOENT); the job summary was not added.`);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toContain('::error file=');
  });

  it('lone CR line ends: the same findings at the same lines as LF', () => {
    const file = path.join(dir, 'cr.yaml');
    writeFileSync(file, readFileSync(path.join(ROOT, FLAWED), 'utf8').replace(/\n/g, '\r'));
    const cr = JSON.parse(run(['review', file, '--format', 'json']).stdout) as { findings: { ruleId: string; line: number; column: number }[] };
    const lf = JSON.parse(run(['review', FLAWED, '--format', 'json']).stdout) as { findings: { ruleId: string; line: number; column: number }[] };
    expect(cr.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual(lf.findings.map((f) => [f.ruleId, f.line, f.column]));
  });
});

describe('a large configuration', () => {
  it('holds at most 1,000 ignorePatterns and 1,000 overrides: 30,000 globs were seconds per design file', () => {
    const repo = mkdtempSync(path.join(dir, 'globs-'));
    copyFileSync(path.join(ROOT, 'fixtures/designs/order-saga.yaml'), path.join(repo, 'design.yaml'));
    writeFileSync(
      path.join(repo, '.eda-advisor.yaml'),
      `ignorePatterns:\n${Array.from({ length: 30_000 }, (_, i) => `  - "generated/part-${i}/**"\n`).join('')}`,
    );
    const r = spawnSync(process.execPath, [BIN, 'review', 'design.yaml'], {
      cwd: repo,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      timeout: 15_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'eda-advisor: .eda-advisor.yaml:1002:5: holds 30000 ignorePatterns; a configuration holds at most 1000 (use broader globs, such as generated/**).\n',
    );
  });
});

describe('encodings are named rightly', () => {
  const text = 'version: 1\nname: enc\n';
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();
  const utf32le = (s: string) => Buffer.concat([...s].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0])));
  const utf32be = (s: string) => Buffer.concat([...s].map((c) => Buffer.from([0, 0, 0, c.charCodeAt(0)])));
  it.for([
    ['UTF-16LE without BOM', Buffer.from(text, 'utf16le'), 'looks like UTF-16 text'],
    ['UTF-16BE without BOM', utf16be(text), 'looks like UTF-16 text'],
    ['UTF-32LE without BOM', utf32le(text), 'looks like UTF-32 text'],
    ['UTF-32BE without BOM', utf32be(text), 'looks like UTF-32 text'],
    ['UTF-32LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le(text)]), 'is encoded as UTF-32'],
    ['UTF-32BE with BOM', Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32be(text)]), 'is encoded as UTF-32'],
  ] as [string, Buffer, string][])('%s', ([name, bytes, words]) => {
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, bytes);
    const r = run(['review', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(words);
  });
});
