import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { schemaSentence } from './problems.js';
import { DESIGN_KEYS, checkSchema, explainSchemaErrors } from './schema.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SHARED = path.join(ROOT, '..', 'shared', 'spec', 'design-format.md');
const spec = readFileSync(existsSync(SHARED) ? SHARED : path.join(ROOT, 'docs', 'spec', 'design-format.md'), 'utf8');
const blocks = [...spec.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'design.schema.json'), 'utf8')) as Record<string, unknown>;

const HEAD = 'version: 1\nname: spec-example\n';
const block = (i: number) => {
  const b = blocks[i];
  if (b === undefined) throw new Error(`design-format.md has no YAML block ${i}`);
  return b;
};
const processHeader = (pattern: string) =>
  block(6)
    .replace('pattern: saga', `pattern: ${pattern}`)
    .split('\n')
    .filter((line) => pattern !== 'choreography' || !line.trimStart().startsWith('coordinator:'))
    .join('\n');

/**
 * The spec's examples, made into whole designs: fragments get the required `version` and `name`;
 * the process header is joined with each pattern's body; the suppression example sits in a service.
 */
const designs: [string, string][] = [
  ['top level', block(0).replace(/\{ \.\.\. \}/g, '{}')],
  ['contexts', HEAD + block(1)],
  ['services', HEAD + block(2)],
  ['commands', HEAD + block(3)],
  ['events', HEAD + block(4)],
  ['compensations', HEAD + block(5)],
  ['saga', HEAD + processHeader('saga') + block(7)],
  ['process-manager', HEAD + processHeader('process-manager') + block(8)],
  ['choreography', HEAD + processHeader('choreography') + block(9)],
  ['infrastructure', HEAD + block(10)],
  ['suppression', `${HEAD}services:\n  Orders:\n${block(11)}`],
];

describe('schemas/design.schema.json', () => {
  it('finds the twelve YAML examples of the format spec', () => {
    expect(blocks).toHaveLength(12);
  });

  describe.for(designs)('accepts the spec example: %s', ([, text]) => {
    it('validates', () => {
      expect(checkSchema(parse(text))).toEqual([]);
    });
  });

  it('has the top-level keys that tell a design from another file (DESIGN_KEYS)', () => {
    expect([...DESIGN_KEYS].sort()).toEqual(Object.keys(schema.properties as object).sort());
  });

  it('accepts every design fixture', () => {
    const dir = path.join(ROOT, 'fixtures', 'designs');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml') && !x.startsWith('flawed-'))) {
      expect(checkSchema(parse(readFileSync(path.join(dir, f), 'utf8'))), f).toEqual([]);
    }
  });

  it('gives every property a title and a description, for editors to show on hover', () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, prop] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (prop.not !== undefined) continue; // a key forbidden in this branch, with its reason as description
        if (Object.keys(prop).length > 0 && (typeof prop.title !== 'string' || typeof prop.description !== 'string')) missing.push(`${where}.${key}`);
      }
      for (const [key, child] of Object.entries(n)) {
        // Conditions restate keys documented where they are declared.
        if (key === 'if' || key === 'then') continue;
        if (key === 'properties') for (const [k, p] of Object.entries(child as object)) visit(p, `${where}.${k}`);
        else if (typeof child === 'object') visit(child, `${where}/${key}`);
      }
    };
    visit(schema, '#');
    expect(missing).toEqual([]);
  });
});

describe('schema findings in plain words', () => {
  const messages = (text: string) => checkSchema(parse(text)).map((p) => p.message);

  it('folds the alternatives of a compensation into one sentence', () => {
    expect(messages(`${HEAD}compensations:\n  ChargeCard: { retry: default }\n`)).toEqual(["compensations.ChargeCard needs one of 'command' or 'event'."]);
  });

  it('names both shapes a list-or-name key accepts', () => {
    expect(messages(`${HEAD}services:\n  A: { subscribes: 3 }\n`)).toEqual(['services.A.subscribes must be a string or a list; got 3.']);
  });

  it('requires context on every service once contexts are declared, and says why', () => {
    expect(messages(`${HEAD}contexts: { Sales: {} }\nservices:\n  A: {}\n`)).toEqual([
      "services.A is missing the required key 'context'. Every service names its context when the design declares contexts.",
    ]);
  });

  it('treats x- keys as extensions everywhere, including among names', () => {
    expect(messages(`${HEAD}contexts: { Sales: {} }\nservices:\n  x-defaults: { anything: 1 }\n  A: { context: Sales, x-tier: 1 }\n`)).toEqual([]);
  });

  it('lists the known keys when no key is close', () => {
    const [msg] = messages(`${HEAD}infrastructure:\n  zzz: 1\n`);
    expect(msg).toContain("Unknown key 'zzz' in infrastructure (known keys: messaging, eventStore");
  });

  it('says what an empty file and a list at the top are', () => {
    expect(messages('')).toEqual(['The file is empty; a design starts with `version: 1` and `name: <design name>`.']);
    expect(messages('- a\n- b\n')).toEqual(['A design is a map of keys (version, name, services, …); this file holds a list.']);
  });

  it('asks a saga for steps and a process manager for its states', () => {
    expect(messages(`${HEAD}processes:\n  P: { pattern: process-manager, coordinator: A }\n`)).toEqual([
      "processes.P is missing the required key 'initial'. A process manager has a coordinator, an initial state and states.",
      "processes.P is missing the required key 'states'. A process manager has a coordinator, an initial state and states.",
    ]);
  });
});

describe('entries left empty while a design is written', () => {
  it('accepts a context, service or event with nothing under it yet', () => {
    expect(checkSchema(parse(`${HEAD}contexts:\n  Sales:\n`))).toEqual([]);
    expect(checkSchema(parse(`${HEAD}services:\n  Orders:\nevents:\n  OrderPlaced:\n`))).toEqual([]);
  });

  it('still asks an empty service for its context when contexts are declared', () => {
    expect(checkSchema(parse(`${HEAD}contexts: { Sales: {} }\nservices:\n  Orders:\n`)).map((p) => p.message)).toEqual([
      'services.Orders must be a map; got nothing.',
    ]);
  });
});

describe('schema problems as data', () => {
  it('carry a code from a closed set and the data their sentence is made from', () => {
    const problems = checkSchema(
      parse('name: x\nservices:\n  Orders: { publishing: outboxx, corelation: 1 }\nprocesses:\n  P: { pattern: saga, timeout: 10 minutes, steps: [] }\n'),
    );
    expect(problems.map((p) => [p.code, p.ref.path.join('.')])).toEqual(
      expect.arrayContaining([
        ['missing-key', ''],
        ['not-a-choice', 'services.Orders.publishing'],
        ['unknown-key', 'services.Orders.corelation'],
        ['wrong-form', 'processes.P.timeout'],
      ]),
    );
    expect(problems.find((p) => p.code === 'missing-key')?.missing).toBe('version');
    expect(checkSchema(null)[0]?.code).toBe('empty-file');
    expect(checkSchema([1])[0]?.code).toBe('not-a-map');
    expect(checkSchema({ scripts: {}, dependencies: {}, name: 'x' })[0]?.code).toBe('not-a-design');
  });

  it("say a keyword they have no words of their own for in ajv's words (code 'invalid'), which the design schema never needs", () => {
    const validate = new Ajv({ allErrors: true, verbose: true }).compile({ type: 'object', properties: { name: { type: 'string', maxLength: 3 } } });
    const value = { name: 'orders' };
    expect(validate(value)).toBe(false);
    const [problem] = explainSchemaErrors(value, validate.errors ?? []);
    expect(problem).toMatchObject({ code: 'invalid', ref: { path: ['name'] }, data: { where: 'name', reason: 'must NOT have more than 3 characters' } });
    expect(problem?.message).toBe('name must NOT have more than 3 characters.');
  });

  it('make the sentence from the data in one place: a code and its data say the same words as the message', () => {
    const problems = checkSchema(
      parse('version: 1\nname: x\nservices:\n  Orders: { publishing: outboxx }\nevents:\n  E: { producedBy: Orders, fields: { bad name: string } }\n'),
    );
    for (const p of problems) expect(p.message).toBe(schemaSentence(p.code, p.data as never));
    expect(problems.map((p) => p.code).sort()).toEqual(['bad-name', 'not-a-choice']);
  });
});
