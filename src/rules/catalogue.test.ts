import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reviewSource } from '../engine/run.js';
import type { Finding } from '../findings.js';
import { RULES_META } from '../generated/rules-meta.js';
import { CHECKLIST } from '../guidance/checklist.js';
import { SECTION_OF_RULE } from '../guidance/offline.js';
import { reviewFixture } from '../testing/rule-tester.js';
import { RULES } from './index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const RULES_DIR = path.join(ROOT, 'rules');

interface Example {
  name: string;
  design: string;
  findings: { messageId: string; path: (string | number)[]; line?: number; column?: number; severity?: string }[];
}
interface Metadata {
  id: string;
  category: string;
  severity: string;
  options: { properties: Record<string, { default: unknown }> };
  examples: Example[];
}

const files = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const metadata = new Map(files.map((f) => [f.slice(0, -5), parse(readFileSync(path.join(RULES_DIR, f), 'utf8')) as Metadata]));

/**
 * The catalogue: ../shared/spec/rules.md where the workspace has it, else the copy in docs/spec;
 * then eda-advisor's own rules, docs/spec/rules-extensions.md.
 */
function catalogueText(): string {
  const shared = path.join(ROOT, '..', 'shared', 'spec', 'rules.md');
  const base = readFileSync(existsSync(shared) ? shared : path.join(ROOT, 'docs', 'spec', 'rules.md'), 'utf8');
  return `${base}\n${readFileSync(path.join(ROOT, 'docs', 'spec', 'rules-extensions.md'), 'utf8')}`;
}

/** Rows of the catalogue's tables: id, default severity, and the area or 'anti-pattern' / 'analysis'. */
function catalogueRows(): Map<string, { severity: string; category: string }> {
  const rows = new Map<string, { severity: string; category: string }>();
  let section = '';
  for (const line of catalogueText().split('\n')) {
    if (line.startsWith('## ')) section = line;
    const cells = line.split('|').map((c) => c.trim());
    const id = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!id) continue;
    const severity = cells.find((c) => c === 'error' || c === 'warning' || c === 'info') ?? '';
    const category = section.includes('Anti-patterns') ? 'anti-pattern' : section.includes('implementation checklist') ? (cells[2] ?? '') : 'analysis';
    rows.set(id, { severity, category });
  }
  return rows;
}

describe('the rule catalogue', () => {
  it('has one metadata file, one module and one generated entry per rule, with the same ids', () => {
    const ids = [...metadata.keys()];
    expect(RULES.map((r) => r.id)).toEqual(ids);
    expect(Object.keys(RULES_META).sort()).toEqual(ids);
    for (const [id, m] of metadata) expect(m.id, `rules/${id}.yaml`).toBe(id);
  });

  it('matches the spec: every rule is in rules.md with its default severity and area', () => {
    const rows = catalogueRows();
    const text = catalogueText();
    for (const [id, m] of metadata) {
      if (id === 'yaml-syntax' || id === 'schema') {
        expect(text).toContain(`\`${id}\``);
        continue;
      }
      const row = rows.get(id);
      expect(row, `${id} is not a row of rules.md`).toBeDefined();
      expect(m.severity, `${id}: default severity`).toBe(row?.severity);
      expect(m.category, `${id}: category`).toBe(row?.category);
    }
  });

  it('keeps docs/spec in step with the shared spec', () => {
    for (const name of ['rules.md', 'design-format.md']) {
      const shared = path.join(ROOT, '..', 'shared', 'spec', name);
      if (!existsSync(shared)) continue;
      expect(readFileSync(path.join(ROOT, 'docs', 'spec', name), 'utf8'), `docs/spec/${name} differs from ../shared/spec/${name}; copy it over`).toBe(
        readFileSync(shared, 'utf8'),
      );
    }
  });

  const ruleSchema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'rule.schema.json'), 'utf8')) as object;
  const validateMeta = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(ruleSchema);

  describe.for([...metadata.entries()])('%s', ([id, meta]) => {
    const rule = RULES.find((r) => r.id === id);

    it('has every piece a rule needs (the README\'s "Adding a rule")', () => {
      const fixtureDir = path.join(ROOT, 'fixtures', 'rules', id);
      const fixtures = existsSync(fixtureDir) ? readdirSync(fixtureDir) : [];
      const missing = [
        !existsSync(path.join(ROOT, 'src', 'rules', `${id}.ts`)) && `src/rules/${id}.ts (the module)`,
        rule === undefined && `an entry in src/rules/index.ts (RULES) whose id is '${id}'`,
        !existsSync(path.join(ROOT, 'src', 'rules', `${id}.test.ts`)) && `src/rules/${id}.test.ts (runRuleTests)`,
        !fixtures.some((f) => f.startsWith('valid-')) && `fixtures/rules/${id}/valid-*.yaml`,
        !fixtures.some((f) => f.startsWith('invalid-')) && `fixtures/rules/${id}/invalid-*.yaml`,
        !existsSync(path.join(ROOT, 'docs', 'rules', `${id}.md`)) && `docs/rules/${id}.md (npm run docs)`,
        !(meta as { checklist?: unknown }).checklist && `checklist: in rules/${id}.yaml (the items its findings decide)`,
        !(meta as { guidance?: unknown }).guidance && `guidance: in rules/${id}.yaml (the section its findings go to)`,
        id !== 'yaml-syntax' &&
          id !== 'schema' &&
          !catalogueRows().has(id) &&
          `a row in docs/spec/rules.md (or, for a rule of our own, docs/spec/rules-extensions.md)`,
      ].filter((x): x is string => typeof x === 'string');
      expect(missing, `rule '${id}' lacks`).toEqual([]);
      // What the checklist and the guidance read comes from the YAML, not from tables elsewhere.
      expect(CHECKLIST.filter((i) => i.rules.includes(id)).map((i) => i.id)).toEqual(RULES_META[id]?.checklist);
      expect(SECTION_OF_RULE[id]).toBe(RULES_META[id]?.guidance);
    });

    it('has metadata valid against schemas/rule.schema.json', () => {
      expect(validateMeta(meta), JSON.stringify(validateMeta.errors)).toBe(true);
    });

    it('has an options schema that compiles and fills in its defaults', () => {
      const validate = new Ajv({ strict: true, useDefaults: true }).compile(meta.options);
      const options = {};
      expect(validate(options)).toBe(true);
      expect(options).toEqual(RULES_META[id]?.defaults);
      for (const [name, option] of Object.entries(meta.options.properties)) expect(option.default, `${id}.${name}`).toBeDefined();
    });

    it('has at least one failing and one passing example', () => {
      expect(meta.examples.some((e) => e.findings.length > 0)).toBe(true);
      expect(meta.examples.some((e) => e.findings.length === 0)).toBe(true);
    });

    for (const example of meta.examples) {
      it(`example: ${example.name}`, () => {
        const findings = reviewSource({ file: 'example.yaml', text: example.design }, { rules: RULES }).findings;
        if (id !== 'yaml-syntax' && id !== 'schema') {
          expect(findings.filter((f) => f.ruleId === 'yaml-syntax' || f.ruleId === 'schema').map((f) => f.message)).toEqual([]);
        }
        const mine = findings.filter((f) => f.ruleId === id);
        const got = mine.map((f) => {
          const want = example.findings[mine.indexOf(f)];
          return {
            messageId: f.messageId,
            path: f.path,
            ...(want?.line ? { line: f.line } : {}),
            ...(want?.column ? { column: f.column } : {}),
            severity: f.severity,
          };
        });
        expect(got).toEqual(example.findings.map((w) => ({ ...w, severity: w.severity ?? meta.severity })));
        for (const f of mine) expect(f.message).not.toMatch(/\{\{/);
      });
    }

    it('has every message exercised by an example or a fixture', () => {
      const seen = new Set<string>();
      const collect = (fs: readonly Finding[]) => fs.filter((f) => f.ruleId === id).forEach((f) => seen.add(f.messageId));
      for (const e of meta.examples) collect(reviewSource({ file: 'example.yaml', text: e.design }, { rules: RULES }).findings);
      const dir = path.join(ROOT, 'fixtures', 'rules', id);
      if (existsSync(dir)) for (const f of readdirSync(dir).filter((x) => /\.(ya?ml|json)$/.test(x))) collect(reviewFixture(path.join(dir, f)));
      // A design read from standard input is no file a fixture can be; a schema keyword without words of
      // its own cannot come from the design schema (src/parse/schema.test.ts builds one).
      if (id === 'schema') {
        collect(reviewSource({ file: '<stdin>', text: 'version: 1\nname: piped\nimports: [parts.yaml]\n' }, { rules: RULES }).findings);
        seen.add('invalid');
      }
      expect([...seen].sort()).toEqual(Object.keys(rule?.messages ?? {}).sort());
    });
  });
});
