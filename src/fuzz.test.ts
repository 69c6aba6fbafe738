import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runDiagram } from './app/diagram.js';
import { exitOfError } from './app/exit.js';
import { runGuidance } from './app/guidance.js';
import { reviewSource } from './engine/run.js';
import { lineBreaksAsLf } from './parse/load.js';
import { locate, nodeAt } from './parse/locate.js';
import { parseYaml, parseYamlFully } from './parse/yaml.js';
import validateGuidance from './generated/guidance-validator.js';
import { findingsOfProcess, offlineGuidance } from './guidance/offline.js';
import { simulateProcess } from './sim/simulate.js';
import { ROOT, run } from './testing/cli.js';
import { applyEdits, editsOf } from './testing/edits.js';
import { RULES } from './rules/index.js';
import { verifyProcess } from './verify/explore.js';
import { FAULT_IDS } from './verify/world.js';

/**
 * Property-based robustness: whatever the input, a review ends, gives the same answer twice, and
 * every finding points inside the file at a node that exists. `npm run fuzz -- --runs N` runs the
 * same properties as a long campaign (FUZZ_RUNS); `npm test` runs a bounded number.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

const fixtureFiles = [
  ...readdirSync(path.join(ROOT, 'fixtures', 'designs')).map((f) => path.join(ROOT, 'fixtures', 'designs', f)),
  ...readdirSync(path.join(ROOT, 'fixtures', 'rules')).flatMap((d) =>
    readdirSync(path.join(ROOT, 'fixtures', 'rules', d))
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => path.join(ROOT, 'fixtures', 'rules', d, f)),
  ),
];
const fixtures = fixtureFiles.map((f) => readFileSync(f, 'utf8'));
const fixtureValues = fixtures.map((t) => {
  try {
    return parse(t, { maxAliasCount: 1000 }) as unknown;
  } catch {
    return undefined;
  }
});

/** The invariants of one review of `text`. */
const FUZZ_BOUNDS = { maxStates: 2000, depth: 30, maxFaults: 2, faults: new Set(FAULT_IDS) };

function checkReview(text: string): void {
  const first = reviewSource({ file: 'fuzz.yaml', text }, { rules: RULES });
  expect(first.crashes, 'a rule crashed').toEqual([]);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const f of first.findings) {
    expect(f.line, f.message).toBeGreaterThanOrEqual(1);
    expect(f.column, f.message).toBeGreaterThanOrEqual(1);
    expect(f.line, f.message).toBeLessThanOrEqual(lines);
    expect(f.endLine * 1e6 + f.endColumn, f.message).toBeGreaterThanOrEqual(f.line * 1e6 + f.column);
    for (const leak of ['{{', 'undefined', '[object Object]', 'NaN']) if (!text.includes(leak)) expect(f.message).not.toContain(leak);
    if (f.path.length > 0) expect(nodeAt(first.parsed, f.path), `${f.ruleId} at ${f.path.join('.')}`).not.toBeUndefined();
  }
  const again = reviewSource({ file: 'fuzz.yaml', text }, { rules: RULES });
  expect(again.findings).toEqual(first.findings);
  // The execution model ends on whatever the design is, and guidance is written for it in the schema's form.
  if (first.design) {
    for (const p of first.design.processes.values()) {
      const simulation = simulateProcess(first.design, p);
      // verify ends within its budget on whatever the design is, and never throws.
      const verdict = verifyProcess(first.design, p, FUZZ_BOUNDS);
      expect(verdict.states).toBeLessThanOrEqual(FUZZ_BOUNDS.maxStates);
      if (verdict.counterexample) expect(verdict.counterexample.steps.length).toBeLessThanOrEqual(FUZZ_BOUNDS.depth + 1);
      const guidance = offlineGuidance({
        design: first.design,
        process: p,
        simulation,
        findings: findingsOfProcess(first.design, p, first.findings),
        file: 'fuzz.yaml',
      });
      expect(validateGuidance(guidance), JSON.stringify(validateGuidance.errors)).toBe(true);
    }
  }
}

/** A node of a plain value, by a list of choices: the path to it. */
function pathsOf(value: unknown, out: (string | number)[][] = [], prefix: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
      const p = [...prefix, k];
      out.push(p);
      if (out.length < 2000) pathsOf(v, out, p);
    }
  }
  return out;
}

function setAt(root: unknown, p: readonly (string | number)[], mutate: (parent: Record<string | number, unknown>, key: string | number) => void): void {
  let node = root as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  mutate(node, p[p.length - 1] as string | number);
}

const WEIRD = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', ' ', 'x-ext', 'Nobody', '日本語', '0', 'null', 'true', '*', '&a'];
const replacement = fc.oneof(
  fc.constantFrom(...WEIRD),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom(...WEIRD), { maxLength: 3 }),
);

const mutation = fc.record({
  fixture: fc.nat({ max: fixtures.length - 1 }),
  pick: fc.nat(),
  kind: fc.constantFrom('rename', 'delete', 'replace', 'self-reference', 'duplicate-line', 'cut', 'insert-char'),
  value: replacement,
  char: fc.constantFrom('\t', ':', '-', '"', "'", '[', '{', '#', '&', '*', '\u0000', '\ufeff', '\r', '\n', ' ', '|', '>'),
});

describe('properties of review on any input', () => {
  it('holds for random YAML values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => checkReview(stringify(value))),
      params,
    );
  });

  it('holds for random mutations of every fixture', () => {
    fc.assert(
      fc.property(mutation, ({ fixture, pick, kind, value, char }) => {
        const text = fixtures[fixture] as string;
        if (kind === 'duplicate-line' || kind === 'cut' || kind === 'insert-char') {
          const lines = text.split('\n');
          const at = pick % Math.max(1, lines.length);
          if (kind === 'duplicate-line') lines.splice(at, 0, lines[at] ?? '');
          else if (kind === 'cut') lines.splice(at, 1 + (pick % 3));
          else {
            const line = lines[at] ?? '';
            const col = pick % (line.length + 1);
            lines[at] = line.slice(0, col) + char + line.slice(col);
          }
          checkReview(lines.join('\n'));
          return;
        }
        const root = structuredClone(fixtureValues[fixture]);
        const paths = pathsOf(root);
        if (paths.length === 0) return;
        const p = paths[pick % paths.length] as (string | number)[];
        setAt(root, p, (parent, key) => {
          if (kind === 'delete') {
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete parent[key];
          } else if (kind === 'rename' && !Array.isArray(parent)) {
            const v = parent[key];
            delete parent[key];
            parent[String(value)] = v;
          } else if (kind === 'self-reference') {
            // Make a reference point back at its owner: a goto to its own state, a reaction emitting its trigger.
            parent[key] = String(p[p.length - 2] ?? key);
          } else {
            parent[key] = value;
          }
        });
        checkReview(stringify(root));
      }),
      params,
    );
  });

  it('holds for random designs built from declared names', () => {
    const name = fc.constantFrom('A', 'B', 'C', 'Orders', 'Stock', '__proto__', 'constructor');
    const msg = fc.constantFrom('Placed', 'Failed', 'Reserved', 'Released', 'Charged', 'Declined', 'toString');
    const cmd = fc.constantFrom('Place', 'Reserve', 'Release', 'Charge', 'Refund', 'hasOwnProperty');
    const design = fc.record({
      services: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
      events: fc.uniqueArray(msg, { minLength: 1, maxLength: 6 }),
      commands: fc.uniqueArray(cmd, { minLength: 1, maxLength: 6 }),
      steps: fc.array(fc.record({ command: cmd, kind: fc.constantFrom(undefined, 'compensatable', 'pivot', 'retriable'), onFailure: fc.option(msg) }), {
        maxLength: 6,
      }),
      states: fc.array(fc.record({ on: msg, goto: fc.nat(5), terminal: fc.constantFrom(undefined, 'success', 'failure'), send: fc.option(cmd) }), {
        minLength: 1,
        maxLength: 6,
      }),
      reactions: fc.array(fc.record({ when: msg, service: name, command: fc.option(cmd), emits: fc.array(msg, { maxLength: 3 }) }), {
        minLength: 1,
        maxLength: 8,
      }),
      compensate: fc.array(fc.tuple(cmd, cmd), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(design, (d) => {
        const svc = d.services;
        const value = {
          version: 1,
          name: 'random',
          services: Object.fromEntries(svc.map((s) => [s, { publishing: 'outbox' }])),
          commands: Object.fromEntries(d.commands.map((c, i) => [c, { handledBy: svc[i % svc.length] }])),
          events: Object.fromEntries(d.events.map((e, i) => [e, { producedBy: svc[i % svc.length] }])),
          compensations: Object.fromEntries(d.compensate),
          processes: {
            S: {
              pattern: 'saga',
              coordinator: svc[0],
              steps: d.steps.map((s, i) => ({ name: `s${i}`, ...s, onFailure: s.onFailure ? [s.onFailure] : undefined })),
            },
            P: {
              pattern: 'process-manager',
              coordinator: svc[0],
              initial: 'S0',
              states: Object.fromEntries(
                d.states.map((s, i) => [
                  `S${i}`,
                  s.terminal ? { terminal: s.terminal } : { on: { [s.on]: { goto: `S${s.goto % d.states.length}`, ...(s.send ? { send: s.send } : {}) } } },
                ]),
              ),
            },
            C: { pattern: 'choreography', reactions: d.reactions.map((r) => ({ ...r, command: r.command ?? undefined })) },
          },
        };
        checkReview(stringify(value, { keepUndefined: false }));
      }),
      params,
    );
  });
});

describe('the two YAML readers agree', () => {
  // A plain design is read by plain-reader.ts or by js-yaml (with positions from its listener);
  // anything else by the `yaml` library. Whatever text those reads take, the library must find no
  // problem in it, the same value, the same suppression comments, and every node at the same place.
  const edit = editsOf(fixtures.length, [':', '-', ' ', '\n', '{', '}', '[', ']', ',', '"', "'", '#', '|', '>', '\t', '?', '\r\n', '---', 'a']);
  it('on random edits of every fixture', () => {
    fc.assert(
      fc.property(edit, ({ fixture, edits }) => {
        const text = applyEdits(fixtures[fixture] as string, edits);
        // What the readers are given: the text as the loader passes it on (lone CRs made LFs).
        const source = { file: 'fuzz.yaml', text: lineBreaksAsLf(text) };
        const fast = parseYaml(source);
        if (fast.reader === 'yaml') return;
        const full = parseYamlFully(source);
        expect(full.problems).toEqual([]);
        // As JSON: -0 and 0 differ between the readers (yaml keeps -0), and nothing can tell them apart (String(-0) is '0').
        expect(JSON.parse(JSON.stringify(fast.value ?? null))).toEqual(JSON.parse(JSON.stringify(full.value ?? null)));
        expect(fast.comments).toEqual(full.comments);
        for (const p of [[], ...pathsOf(fast.value)]) {
          for (const at of [undefined, 'key'] as const) {
            const ref = { file: 'fuzz.yaml', path: p, ...(at ? { at } : {}) };
            expect(locate(fast, ref), `${p.join('.')} ${at ?? ''}`).toEqual(locate(full, ref));
          }
        }
      }),
      { ...params, numRuns: RUNS * 5 },
    );
  });
});

describe('properties of the CLI on AsyncAPI input', () => {
  const docs = readdirSync(path.join(ROOT, 'fixtures', 'asyncapi'))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => readFileSync(path.join(ROOT, 'fixtures', 'asyncapi', f), 'utf8'));
  it('import and review answer a mutated AsyncAPI document with 0, 1 or 2, no stack trace, lines inside the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-fuzz-asyncapi-'));
    fc.assert(
      fc.property(fc.nat({ max: docs.length - 1 }), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 12 }), (which, at, cut, insert) => {
        const text = docs[which] as string;
        const i = at % text.length;
        const file = path.join(dir, 'asyncapi.yaml');
        const mutated = text.slice(0, i) + insert + text.slice(i + cut);
        writeFileSync(file, mutated);
        const imported = run(['import', 'asyncapi', file]);
        expect([0, 1, 2]).toContain(imported.status);
        const reviewed = run(['review', file, '--format', 'json']);
        expect([0, 1, 2]).toContain(reviewed.status);
        if (reviewed.status !== 2) {
          const lines = mutated.split(/\r\n|\r|\n/).length;
          for (const f of (JSON.parse(reviewed.stdout) as { findings: { line: number }[] }).findings) expect(f.line).toBeLessThanOrEqual(lines);
        }
      }),
      { ...params, numRuns: Math.max(2, Math.round(RUNS / 20)) },
    );
  });
});

describe('properties of the CLI on any input', () => {
  it('exits 0, 1 or 2 with no stack trace, whatever the bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eda-advisor-fuzz-'));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat({ max: fixtures.length - 1 }), fc.boolean(), async (bytes, fixture, splice) => {
        const file = path.join(dir, 'input.yaml');
        const base = Buffer.from(fixtures[fixture] as string);
        writeFileSync(file, splice ? Buffer.concat([base.subarray(0, bytes.length), Buffer.from(bytes), base.subarray(bytes.length * 2)]) : Buffer.from(bytes));
        // review and simulate as a user runs them; guidance and diagram through the same use cases
        // in this process (two spawns a case instead of four): whatever they throw must be an answer
        // (usage, input, a design that stops them), never an internal error.
        for (const args of [
          ['review', file, '--format', 'json'],
          ['simulate', file, '--format', 'json'],
        ]) {
          const r = run(args);
          expect([0, 1, 2]).toContain(r.status);
        }
        for (const work of [
          () =>
            runGuidance(
              file,
              { format: 'json', llmTimeout: 1000, llmRetries: 0, maxFileSize: 10 * 1024 * 1024 },
              { terminal: false, notice: () => undefined, progress: () => undefined },
            ),
          () => runDiagram(file, { format: 'markdown', findings: true, maxFileSize: 10 * 1024 * 1024 }),
        ]) {
          const exit = await work().then(
            (outcome) => ({ code: outcome.exitCode, internal: false, message: '' }),
            (err: unknown) => ({ internal: false, ...exitOfError(err) }),
          );
          expect(exit.internal, exit.message).toBe(false);
          expect([0, 1, 2]).toContain(exit.code);
        }
      }),
      { ...params, numRuns: Math.max(3, Math.round(RUNS / 10)) },
    );
  });
});
