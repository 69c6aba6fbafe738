import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as draft04 from 'ajv-draft-04';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ROOT, run } from '../testing/cli.js';
import { pairOutputs } from '../commands/review.js';
import { RULE_IDS } from '../rules/ids.js';

const FLAWED = 'fixtures/designs/flawed-order-saga.yaml';
// ajv-draft-04 is CommonJS: its class is the namespace's default export.
const AjvDraft04 = (
  draft04 as unknown as { default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null } } }
).default;
const tmp = () => mkdtempSync(path.join(tmpdir(), 'eda-advisor-fmt-'));

interface JsonFinding {
  ruleId: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  file: string;
}
const findings = (): JsonFinding[] => (JSON.parse(run(['review', FLAWED, '--format', 'json']).stdout) as { findings: JsonFinding[] }).findings;

describe('the sarif format', () => {
  const log = JSON.parse(run(['review', FLAWED, '--format', 'sarif']).stdout) as {
    runs: {
      tool: { driver: { rules: { id: string; fullDescription: { text: string }; helpUri: string }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: string;
      invocations: { executionSuccessful: boolean }[];
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        suppressions?: { kind: string; justification: string }[];
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
      }[];
    }[];
  };

  it('is valid against the official SARIF 2.1.0 JSON Schema', () => {
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
    // The official schema has a pattern that is not valid under the u flag, and uri formats we do not check.
    const validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false, logger: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The check can fail: a run without its tool is not SARIF.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });

  it('describes every rule and locates every result as the JSON report does', () => {
    const run0 = log.runs[0];
    expect(run0?.tool.driver.rules).toHaveLength(RULE_IDS.length);
    for (const r of run0?.tool.driver.rules ?? []) {
      expect(r.fullDescription.text.length).toBeGreaterThan(40);
      expect(r.helpUri).toMatch(/^https:\/\/.+\/rules\/[a-z-]+\.yaml$/);
    }
    const expected = findings().map((f) => [f.ruleId, f.severity === 'info' ? 'note' : f.severity, f.file, f.line, f.column, f.endLine, f.endColumn]);
    const got = (run0?.results ?? [])
      .filter((r) => !r.suppressions)
      .map((r) => {
        const loc = r.locations[0]?.physicalLocation;
        expect(run0?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
        return [r.ruleId, r.level, loc?.artifactLocation.uri, loc?.region.startLine, loc?.region.startColumn, loc?.region.endLine, loc?.region.endColumn];
      });
    expect(got).toEqual(expected);
  });

  it('locates files from the repository top with %SRCROOT%, lists suppressed findings, and says how columns count', () => {
    const run0 = log.runs[0];
    expect(run0?.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(ROOT).href}/`);
    expect(run0?.columnKind).toBe('utf16CodeUnits');
    expect(run0?.invocations[0]?.executionSuccessful).toBe(true);
    const suppressed = run0?.results.filter((r) => r.suppressions) ?? [];
    expect(suppressed.map((r) => [r.ruleId, r.suppressions?.[0]?.kind])).toEqual([['sync-dependency', 'inSource']]);
    expect(suppressed[0]?.suppressions?.[0]?.justification).toMatch(/\w{10}/);
    // Run from a subfolder, the URIs are still the repository's; a space and a '#' are encoded.
    const dir = path.join(ROOT, 'fixtures', 'cli');
    const sub = JSON.parse(run(['review', 'direct-publishing.yaml', '--format', 'sarif'], {}, undefined, dir).stdout) as typeof log;
    expect(sub.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: 'fixtures/cli/direct-publishing.yaml',
      uriBaseId: '%SRCROOT%',
    });
    const odd = mkdtempSync(path.join(tmpdir(), 'eda advisor #1 '));
    writeFileSync(
      path.join(odd, 'a design.yaml'),
      'version: 1\nname: odd\nservices:\n  Orders: { publishing: direct }\nevents:\n  OrderPlaced: { producedBy: Orders }\n',
    );
    const oddLog = JSON.parse(run(['review', 'a design.yaml', '--format', 'sarif'], {}, undefined, odd).stdout) as typeof log;
    const base = oddLog.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri ?? '';
    const uri = oddLog.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    expect(uri).toBe('a%20design.yaml');
    expect(fileURLToPath(new URL(uri, base))).toBe(path.join(realpathSync(odd), 'a design.yaml'));
  });
});

describe('the junit format', () => {
  it('is well-formed XML with one test case per file and rule, findings failing their rule', () => {
    type Doc = {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: {
          name: string;
          tests: string;
          failures: string;
          testcase: { classname: string; file: string; failure?: { type: string; '#text': string }; 'system-out'?: string }[];
        }[];
      };
    };
    const parse = (args: string[]) =>
      new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
        run(['review', FLAWED, 'fixtures/designs/order-saga.yaml', '--format', 'junit', '--rule', 'naming-convention=off', ...args]).stdout,
      ) as Doc;
    const suites = parse([]).testsuites.testsuite;
    // Warnings do not fail the run (--fail-on error): their cases pass, with the findings in system-out.
    expect(suites.map((s) => [s.name, s.tests, s.failures])).toEqual([
      [FLAWED, '29', '5'],
      ['fixtures/designs/order-saga.yaml', '29', '0'],
    ]);
    const failed = suites[0]?.testcase.filter((c) => c.failure).map((c) => c.classname);
    expect(failed).toEqual(['distributed-transaction', 'leaking-internal-event', 'missing-compensation', 'missing-outbox', 'unreliable-messaging']);
    expect(suites[0]?.testcase.find((c) => c.classname === 'sync-dependency')?.['system-out']).toContain('warning');
    expect(new Set(suites.flatMap((s) => s.testcase.map((c) => [s.name, c.file].join(' '))))).toEqual(new Set(suites.map((s) => `${s.name} ${s.name}`)));
    const strict = parse(['--fail-on', 'warning']).testsuites.testsuite;
    expect(strict[0]?.testcase.filter((c) => c.failure).map((c) => c.classname)).toEqual([
      'distributed-transaction',
      'leaking-internal-event',
      'missing-compensation',
      'missing-failure-path',
      'missing-outbox',
      'sync-dependency',
      'unreliable-messaging',
    ]);
    expect(suites[0]?.testcase.some((c) => c.classname === 'naming-convention')).toBe(false);
    expect(suites[0]?.testcase.find((c) => c.classname === 'leaking-internal-event')?.failure?.['#text']).toContain(
      `${FLAWED}:59:20 error Internal event 'StockReserved'`,
    );
  });
});

describe('the github format', () => {
  it('prints one workflow command per finding, by the grammar GitHub reads', () => {
    const lines = run(['review', FLAWED, '--format', 'github']).stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(findings().length);
    const grammar = /^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:]+)::([^\r\n]+)$/;
    lines.forEach((line, i) => {
      const m = grammar.exec(line);
      expect(m, line).not.toBeNull();
      const f = findings()[i] as JsonFinding;
      expect([m?.[2], Number(m?.[3]), Number(m?.[4])]).toEqual([f.file, f.line, f.column]);
    });
  });

  it('says first how many annotations GitHub will hide when there are more than ten of a kind', () => {
    const dir = tmp();
    const services = Array.from({ length: 12 }, (_, i) => `  S${i}: { publishing: direct }\n`).join('');
    const events = Array.from({ length: 12 }, (_, i) => `  Thing${i}Happened: { producedBy: S${i} }\n`).join('');
    const file = path.join(dir, 'many.yaml');
    writeFileSync(file, `version: 1\nname: many\nservices:\n${services}events:\n${events}`);
    const lines = run(['review', file, '--format', 'github']).stdout.trimEnd().split('\n');
    const kinds = lines.slice(1).map((l) => /^::(\w+)/.exec(l)?.[1]);
    const count = (k: string) => kinds.filter((x) => x === k).length;
    expect(count('notice')).toBeGreaterThan(10);
    const over = ['error', 'warning', 'notice'].filter((k) => count(k) > 10).map((k) => `${count(k) - 10} of ${count(k)} ${k} annotations`);
    expect(lines[0]).toBe(
      `::notice title=eda-advisor%3A annotations hidden::GitHub shows 10 annotations of each kind per step and hides ${over.join(' and ')}. Every finding is in the job summary and, when uploaded, in code scanning (SARIF).`,
    );
    expect(run(['review', FLAWED, '--format', 'github']).stdout).not.toContain('annotations hidden');
  });

  it('escapes what would break a command, and leaves a summary for the job page', () => {
    const dir = tmp();
    const file = path.join(dir, 'odd, name: 100%.yaml');
    writeFileSync(file, 'version: 1\nname: odd\nservices:\n  Orders: { publishing: direct }\nevents:\n  OrderPlaced: { producedBy: Orders }\n');
    const summary = path.join(dir, 'summary.md');
    const r = run(['review', file, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(r.stdout).toContain('file=odd%2C name%3A 100%25.yaml'.replace('odd', `${dir.replace(/,/g, '%2C').replace(/:/g, '%3A')}/odd`));
    expect(r.stdout).toMatch(/::%0A|\.%0A/);
    expect(readFileSync(summary, 'utf8')).toContain('## eda-advisor review');
  });
});

describe('the markdown format', () => {
  it('is a pull-request comment: counts and a table per file', () => {
    const md = run(['review', FLAWED, '--format', 'markdown']).stdout;
    expect(md.split('\n').slice(0, 4)).toEqual(['## eda-advisor review', '', '**6** errors, **3** warnings, **0** infos in 1 file.', '']);
    expect(md).toContain('| 🔴 | 16:17 | `missing-outbox` |');
    expect(md.match(/^\| (🔴|🟠|🔵) \|/gm)).toHaveLength(9);
    expect(run(['review', 'fixtures/designs/order-saga.yaml', '--format', 'markdown']).stdout).toBe('## eda-advisor review\n\n✅ No problems in 1 file.\n');
  });
});

describe('several outputs, and the gates', () => {
  it('pairs each --output with its --format', () => {
    expect(pairOutputs([])).toEqual([{ format: 'stylish' }]);
    expect(
      pairOutputs([
        { kind: 'format', value: 'sarif' },
        { kind: 'output', value: 'r.sarif' },
        { kind: 'format', value: 'stylish' },
      ]),
    ).toEqual([{ format: 'sarif', file: 'r.sarif' }, { format: 'stylish' }]);
    expect(
      pairOutputs([
        { kind: 'output', value: 'r.json' },
        { kind: 'format', value: 'json' },
      ]),
    ).toEqual([{ format: 'json', file: 'r.json' }]);
    expect(pairOutputs([{ kind: 'output', value: 'r.txt' }])).toEqual([{ format: 'stylish', file: 'r.txt' }]);
    expect(() =>
      pairOutputs([
        { kind: 'format', value: 'json' },
        { kind: 'format', value: 'sarif' },
      ]),
    ).toThrow('only one --format can go to standard output');
    // Two formats to one file; an --output left over when formats are given.
    expect(() =>
      pairOutputs([
        { kind: 'format', value: 'json' },
        { kind: 'output', value: 'r' },
        { kind: 'format', value: 'sarif' },
        { kind: 'output', value: './r' },
      ]),
    ).toThrow('--output ./r is given to two formats (json and sarif)');
    expect(() =>
      pairOutputs([
        { kind: 'format', value: 'json' },
        { kind: 'output', value: 'a.json' },
        { kind: 'output', value: 'b.txt' },
      ]),
    ).toThrow('--output b.txt has no --format');
  });

  it('refuses flags that cannot go together, saying what to do (exit 2)', () => {
    const same = run(['review', FLAWED, '--baseline', 'b.json', '--write-baseline', './b.json']);
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('--baseline and --write-baseline name the same file');
    const preset = run(['review', FLAWED, '-c', 'recommended']);
    expect(preset.status).toBe(2);
    expect(preset.stderr).toContain('put "extends: eda-advisor:recommended" in .eda-advisor.yaml');
    const stdinName = run(['review', FLAWED, '--stdin-filename', 'x.yaml']);
    expect(stdinName.status).toBe(2);
    expect(stdinName.stderr).toContain('--stdin-filename names standard input');
  });

  it('writes SARIF to a file and stylish to the terminal in one run', () => {
    const out = path.join(tmp(), 'report.sarif');
    const r = run(['review', FLAWED, '--format', 'sarif', '--output', out, '--format', 'stylish']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✖ 9 problems (6 errors, 3 warnings, 0 infos)');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0');
    expect(run(['review', FLAWED, '-f', 'json', '-f', 'sarif']).status).toBe(2);
  });

  it('shows errors only with --quiet, and fails on warnings with --fail-on warning', () => {
    const quiet = run(['review', FLAWED, '--quiet', '--format', 'json']);
    expect((JSON.parse(quiet.stdout) as { findings: JsonFinding[] }).findings.every((f) => f.severity === 'error')).toBe(true);
    expect(quiet.status).toBe(1);
    const warningsOnly = ['review', 'fixtures/cli/direct-publishing.yaml', '--rule', 'missing-outbox=warning'];
    expect(run(warningsOnly).status).toBe(0);
    expect(run([...warningsOnly, '--fail-on', 'warning']).status).toBe(1);
    // --quiet never says "No problems" of a file with warnings, nor exits 1 without saying why.
    expect(run([...warningsOnly, '--quiet']).stdout).toBe('✔ No errors in 1 file, 1 below error hidden by --quiet.\n');
    const quietFail = run([...warningsOnly, '--quiet', '--fail-on', 'warning']);
    expect(quietFail.status).toBe(1);
    expect(quietFail.stderr).toBe(
      'eda-advisor: 1 finding fails the run (--fail-on warning) but --quiet shows errors only; run without --quiet to see the warnings.\n',
    );
    const tooMany = run([...warningsOnly, '--quiet', '--max-warnings', '0']);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toBe('eda-advisor: too many warnings (1; maximum 0).\n');
    expect(run([...warningsOnly, '--max-warnings', '0']).stderr).toBe('eda-advisor: too many warnings (1; maximum 0).\n');
    expect(run([...warningsOnly, '--max-warnings', '1']).status).toBe(0);
    expect(run(['review', FLAWED, '--fail-on', 'fatal']).stderr).toContain('Allowed choices are error, warning, info');
  });
});
