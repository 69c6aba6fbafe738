import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from './testing/cli.js';

/**
 * Every `eda-advisor review …` the README shows, with its files replaced by a fixture (action.yml's
 * scripts are run as the runner runs them in package.test.ts).
 */
function commandsShown(): string[][] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const lines = readme.split('\n').filter((l) => /eda-advisor review /.test(l) && !l.includes('<files'));
  const out = tmpdir();
  // The baseline the README's --baseline commands read, written as its --write-baseline would.
  const baseline = path.join(mkdtempSync(path.join(out, 'eda-doc-')), 'baseline.json');
  run(['review', 'fixtures/designs/flawed-order-saga.yaml', '--write-baseline', baseline]);
  return lines.map((line) => {
    const words = line
      .slice(line.indexOf('eda-advisor review ') + 'eda-advisor review '.length)
      .replace(/\$\{\{[^}]*\}\}/g, '')
      .replace(/#.*$/, '')
      .trim()
      .split(/\s+/);
    const args: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (w.startsWith('-')) {
        args.push(w);
        const takesValue = [
          '--format',
          '-f',
          '--output',
          '-o',
          '--rule',
          '--fail-on',
          '--max-warnings',
          '--max-file-size',
          '--write-baseline',
          '--baseline',
          '--config',
          '-c',
        ].includes(w);
        if (takesValue && words[i + 1] !== undefined) {
          const v = words[++i] as string;
          if (w === '--baseline') args.push(baseline);
          else if (w === '--config' || w === '-c') args.push(path.join(ROOT, 'fixtures/cli/empty-config.yaml'));
          else args.push(['--output', '-o', '--write-baseline'].includes(w) ? path.join(mkdtempSync(path.join(out, 'eda-doc-')), path.basename(v)) : v);
        }
      }
    }
    return ['review', 'fixtures/designs/flawed-order-saga.yaml', ...args];
  });
}

describe('the commands the README shows', () => {
  const commands = commandsShown();

  it('are found', () => {
    expect(commands.length).toBeGreaterThanOrEqual(8);
  });

  it.for(commands.map((c) => [c.join(' ')]))('%s runs (no usage error)', ([line]) => {
    const r = run((line as string).split(' '));
    expect(r.stderr).not.toMatch(/error: |is not a|unknown option|cannot/);
    expect([0, 1]).toContain(r.status);
  });
});

describe('the examples every command’s --help shows', () => {
  const examples = [['simulate'], ['guidance'], ['diagram'], ['import', 'asyncapi']].flatMap((command) =>
    run([...command, '--help'])
      .stdout.split('\n')
      .filter((l) => l.trim().startsWith(`$ eda-advisor ${command.join(' ')} `))
      .map((l) => {
        const words = (
          l
            .trim()
            .slice(2)
            .split(/ [|>] /)[0] as string
        )
          .split(/\s+/)
          .slice(1);
        const out = mkdtempSync(path.join(tmpdir(), 'eda-doc-'));
        return words.map((w, i) => {
          if (words[i - 1] === '--output' || words[i - 1] === '-o') return path.join(out, path.basename(w));
          if (w === 'design.yaml')
            return words.includes('MoneyTransfer') ? 'fixtures/designs/money-transfer-process-manager.yaml' : 'fixtures/designs/order-saga.yaml';
          if (/^asyncapi\.(yaml|json)$/.test(w)) return 'fixtures/asyncapi/streetlights-mqtt-3.1.yml';
          return w;
        });
      }),
  );

  it('are found', () => {
    expect(examples.length).toBeGreaterThanOrEqual(11);
  });

  it.for(examples.map((e) => [e.join(' ')]))('%s runs (no usage error)', ([line]) => {
    const r = run((line as string).split(' '));
    expect(r.stderr).not.toMatch(/error: |is not a|unknown option|cannot/);
    expect(r.status).toBe(0);
  });
});

describe('the output the README shows', () => {
  // Each ```text block that starts with `$ npx eda-advisor …` is a command and exactly what it prints.
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const shown = [...readme.matchAll(/```text\n\$ (?:npx )?eda-advisor ([^\n]+)\n([\s\S]*?)```/g)].map((m) => ({
    args: (m[1] as string).split(' '),
    output: m[2] as string,
  }));

  it('are found', () => {
    expect(shown.length).toBeGreaterThanOrEqual(3);
  });

  it.for(shown.map((s) => [s.args.join(' '), s.output]))('eda-advisor %s prints what the README says', ([line, output]) => {
    expect(run((line as string).split(' ')).stdout).toBe(output);
  });
});
