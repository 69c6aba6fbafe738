import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIFF_META } from '../generated/diff-meta.js';
import { readRuleDoc, ruleMarkdown } from '../rules/docs.js';
import { RULES } from '../rules/index.js';
import { RULE_IDS } from '../rules/ids.js';
import { ROOT, run } from '../testing/cli.js';

describe('eda-advisor rules, explain, schema, init', () => {
  it('lists every rule with its area, default severity and title', () => {
    const r = run(['rules']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +area +default +title$/);
    const changes = Object.keys(DIFF_META).sort();
    expect(lines).toHaveLength(RULE_IDS.length + changes.length + 1);
    expect(lines).toContainEqual(expect.stringMatching(/^diff\/field-removed +diff +breaking +A field removed from a message$/));
    expect(lines).toContainEqual(expect.stringMatching(/^missing-outbox +infrastructure +error +Missing outbox$/));
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string }[];
    expect(json.map((x) => x.id)).toEqual([...RULE_IDS, ...changes]);
  });

  it('explains a rule from its metadata, with its examples, and suggests the id it does not know', () => {
    const r = run(['explain', 'missing-outbox']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Why it matters\n--------------');
    expect(r.stdout).toContain('publishing: direct');
    expect(run(['explain', 'missing-outbx']).stderr).toBe("eda-advisor: 'missing-outbx' is not a rule id — did you mean 'missing-outbox'?\n");
  });

  it('keeps docs/rules in step with rules/*.yaml (npm run docs writes them)', () => {
    const dir = path.join(ROOT, 'docs', 'rules');
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .sort(),
    ).toEqual(RULE_IDS.map((id) => `${id}.md`));
    // The change rules of diff, under docs/rules/diff.
    for (const id of Object.keys(DIFF_META))
      expect(readFileSync(path.join(dir, `${id}.md`), 'utf8'), `docs/rules/${id}.md is stale: npm run docs`).toBe(
        run(['explain', id, '--format', 'markdown']).stdout,
      );
    for (const id of RULE_IDS)
      expect(readFileSync(path.join(dir, `${id}.md`), 'utf8'), `docs/rules/${id}.md is stale: npm run docs`).toBe(
        ruleMarkdown(readRuleDoc(id), RULES.find((r) => r.id === id)?.messages),
      );
  });

  it('prints the design schema, and the configuration schema with --config', () => {
    expect(JSON.parse(run(['schema']).stdout)).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'design.schema.json'), 'utf8')));
    expect(JSON.parse(run(['schema', '--config']).stdout)).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8')));
  });

  it('prints where the schemas are with --path', () => {
    expect(run(['schema', '--path']).stdout).toBe(`${path.join(ROOT, 'schemas', 'design.schema.json')}\n`);
    expect(run(['schema', '--config', '--path']).stdout).toBe(`${path.join(ROOT, 'schemas', 'config.schema.json')}\n`);
  });

  it('writes a starter of each pattern that reviews clean, its schema line resolving from its folder, and never overwrites', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-init-'));
    for (const pattern of ['saga', 'process-manager', 'choreography']) {
      const file = path.join(dir, 'design', pattern, 'starter.yaml');
      mkdirSync(path.dirname(file), { recursive: true });
      const r = run(['init', file, '--pattern', pattern]);
      expect(r.status, r.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text.split('\n')[0] ?? '')?.[1] ?? '';
      expect(path.resolve(path.dirname(file), schema)).toBe(path.join(ROOT, 'schemas', 'design.schema.json'));
      expect(text.split('\n')[1]).toBe(`# Review it with: npx eda-advisor review ${file}`);
      expect(text).toContain(`pattern: ${pattern}`);
      expect(run(['review', file]), pattern).toMatchObject({ status: 0, stdout: '✔ No problems in 1 file.\n' });
      expect(run(['simulate', file]).status, pattern).toBe(0);
    }
    const file = path.join(dir, 'design', 'saga', 'starter.yaml');
    const again = run(['init', file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists; eda-advisor init never overwrites a file.');
    expect(existsSync(path.join(dir, 'design.yaml'))).toBe(false);
  });

  it('prints the starter for -, writes JSON for .json, and says when the folder is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-init-'));
    const printed = run(['init', '-', '--pattern', 'choreography'], {}, undefined, dir);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain('pattern: choreography');
    expect(readdirSync(dir)).toEqual([]);
    const json = path.join(dir, 'orders.json');
    expect(run(['init', json, '--pattern', 'process-manager']).status).toBe(0);
    const value = JSON.parse(readFileSync(json, 'utf8')) as { $schema: string; version: number };
    expect(path.resolve(dir, value.$schema)).toBe(path.join(ROOT, 'schemas', 'design.schema.json'));
    expect(value.version).toBe(1);
    expect(run(['review', json])).toMatchObject({ status: 0, stdout: '✔ No problems in 1 file.\n' });
    const missing = run(['init', path.join(dir, 'no', 'such', 'd.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('is not a folder that exists; create it first (mkdir -p');
    expect(run(['init', 'x.yaml', '--pattern', 'orchestra']).stderr).toContain('Allowed choices are saga, process-manager, choreography');
  });

  it("points a design in the project at the project's own install of the schema", () => {
    const project = mkdtempSync(path.join(tmpdir(), 'eda-advisor-proj-'));
    const installed = path.join(project, 'node_modules', 'eda-advisor', 'schemas');
    mkdirSync(installed, { recursive: true });
    writeFileSync(path.join(installed, 'design.schema.json'), '{}');
    mkdirSync(path.join(project, 'docs', 'design'), { recursive: true });
    expect(run(['init', 'docs/design/orders.yaml'], {}, undefined, project).status).toBe(0);
    expect(readFileSync(path.join(project, 'docs', 'design', 'orders.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../node_modules/eda-advisor/schemas/design.schema.json',
    );
  });
});
