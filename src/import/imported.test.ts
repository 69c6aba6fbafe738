import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { reviewSource } from '../engine/run.js';
import { RULES } from '../rules/index.js';
import { isConsistent } from '../sim/trace.js';
import { simulateProcess } from '../sim/simulate.js';
import { ROOT } from '../testing/cli.js';
import { convertBpmn } from './bpmn.js';
import { renderDesign, type ImportResult } from './imported.js';
import { convertStepFunctions } from './step-functions.js';

/** Every fixture of both importers that converts (the malformed ones are refused elsewhere). */
const sources = [
  ...readdirSync(path.join(ROOT, 'fixtures/step-functions')).map((f) => ({ dir: 'fixtures/step-functions', f })),
  ...readdirSync(path.join(ROOT, 'fixtures/bpmn')).map((f) => ({ dir: 'fixtures/bpmn', f })),
].filter(({ f }) => !f.startsWith('malformed'));

const convert = (file: string, text: string): Promise<ImportResult> | ImportResult =>
  file.endsWith('.bpmn') ? convertBpmn({ file, text }) : convertStepFunctions({ file, text });

describe('every imported fixture', () => {
  it('is found', () => {
    expect(sources.length).toBeGreaterThanOrEqual(8);
  });

  it.for(sources.map(({ dir, f }) => `${dir}/${f}`))('%s imports to a design with no schema finding, and a sound one simulates consistently', async (file) => {
    const result = await convert(file, readFileSync(path.join(ROOT, file), 'utf8'));
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    // The written YAML, comments and all, is what a team edits: it must read as the value does.
    const text = result.imported.text('# yaml-language-server: $schema=x');
    expect(parse(text)).toEqual(result.imported.value);
    const review = reviewSource({ file: 'imported.yaml', text }, { rules: RULES });
    expect(review.findings.filter((f) => ['schema', 'yaml-syntax', 'unknown-reference'].includes(f.ruleId)).map((f) => f.message)).toEqual([]);
    const design = review.design;
    if (!design) throw new Error('no model');
    const processes = [...design.processes.values()];
    expect(processes.length).toBeGreaterThan(0);
    const inconsistent = processes.flatMap((p) => simulateProcess(design, p).traces.filter((t) => !isConsistent(t)));
    // The flawed fixtures' defects are in the review; their sagas as imported still run every compensation there is.
    if (!path.basename(file).startsWith('flawed')) expect(inconsistent.map((t) => t.problems.join('; '))).toEqual([]);
  });

  it('writes scalars that YAML would misread quoted, and the rest plain', () => {
    const value = {
      version: 1,
      name: 'quoting',
      commands: { A: { handledBy: 'x', retry: 'true' } },
      x: ['123', '1.5e3', 'null', '~', 'a: b', 'a #b', ' lead', 'trail ', '-dash', "'q'", '"dq"', '{x}', 'ok $.a = 1', 'line\nbreak', '', 'on', 'yes'],
      events: { E: { producedBy: 'S', replyTo: ['a,b', 'c'] } },
      empty: {},
      none: [],
    };
    const text = renderDesign(value, [{ path: ['x', 0], text: ' above the first' }], [' header'], '# schema');
    expect(parse(text)).toEqual(value);
    expect(text).toContain('  # above the first\n  - "123"\n');
    expect(text).toContain('  - ok $.a = 1\n');
    expect(text).toContain('  E: { producedBy: S, replyTo: ["a,b", c] }\n');
  });
});
