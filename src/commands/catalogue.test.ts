import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRuleDoc, ruleMarkdown } from '../rules/docs.js';
import { RULE_IDS } from '../rules/ids.js';
import { ROOT, run } from '../testing/cli.js';
import { STARTER } from './init.js';

describe('eda-advisor rules, explain, schema, init', () => {
  it('lists every rule with its area, default severity and title', () => {
    const r = run(['rules']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +area +default +title$/);
    expect(lines).toHaveLength(RULE_IDS.length + 1);
    expect(lines).toContainEqual(expect.stringMatching(/^missing-outbox +infrastructure +error +Missing outbox$/));
    const json = JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string }[];
    expect(json.map((x) => x.id)).toEqual(RULE_IDS);
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
    expect(readdirSync(dir).sort()).toEqual(RULE_IDS.map((id) => `${id}.md`));
    for (const id of RULE_IDS) expect(readFileSync(path.join(dir, `${id}.md`), 'utf8'), `docs/rules/${id}.md is stale: npm run docs`).toBe(ruleMarkdown(readRuleDoc(id)));
  });

  it('prints the design schema, and the configuration schema with --config', () => {
    expect(JSON.parse(run(['schema']).stdout)).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'design.schema.json'), 'utf8')));
    expect(JSON.parse(run(['schema', '--config']).stdout)).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'config.schema.json'), 'utf8')));
  });

  it('writes a starter design that reviews clean, and never overwrites', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-init-'));
    const file = path.join(dir, 'starter.yaml');
    expect(run(['init', file]).status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(STARTER);
    expect(STARTER.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/);
    expect(run(['review', file])).toMatchObject({ status: 0, stdout: '✔ No problems in 1 file.\n' });
    const again = run(['init', file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists; eda-advisor init never overwrites a file.');
    expect(existsSync(path.join(dir, 'design.yaml'))).toBe(false);
  });
});
