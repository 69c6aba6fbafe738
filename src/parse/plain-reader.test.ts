import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateDesign, generateFlawedDesign } from '../../bench/generate-design.js';
import { resolvePlain } from './plain-reader.js';
import { ROOT } from '../testing/cli.js';
import { applyEdits, editsOf } from '../testing/edits.js';
import { lineBreaksAsLf } from './load.js';
import { locate } from './locate.js';
import { ALIAS, MAP, SEQ } from './positions.js';
import { needsFullParse, parseYaml, parseYamlFully, readPlain, readWithJsYaml, type ParsedFile } from './yaml.js';

// The plain reader reads most designs; whatever it reads, js-yaml's read (or, where js-yaml leaves
// the file to it, the `yaml` library's) must give the same value, the same comments and every node
// at the same place. `FUZZ_RUNS` and `FUZZ_SEED` work here as in fuzz.test.ts.
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const params = { numRuns: RUNS * 10, ...(SEED === undefined ? {} : { seed: SEED }) };

const folder = (dir: string, pattern: RegExp): string[] =>
  readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .map((f) => path.join(ROOT, dir, f));
const files = [...folder('fixtures/designs', /\.ya?ml$/), ...folder('fixtures/rules', /\.ya?ml$/), ...folder('fixtures/asyncapi', /\.ya?ml$/)];
const texts = files.map((f) => lineBreaksAsLf(readFileSync(f, 'utf8')));

/** Every path into a plain value (maps and lists), up to a bound. */
function pathsOf(value: unknown, out: (string | number)[][] = [], prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object' || out.length >= 5000) return out;
  for (const [k, v] of Array.isArray(value) ? value.map((x, i) => [i, x] as const) : Object.entries(value)) {
    const p = [...prefix, k];
    out.push(p);
    pathsOf(v, out, p);
  }
  return out;
}

/** What a reader says of a text: its value, its comments and where each path's node and key are. */
function describeRead(parsed: ParsedFile): unknown {
  const index = parsed.index;
  const where = (p: (string | number)[]) => {
    let node = index.root;
    let key = -1;
    for (const seg of p) {
      const kind = index.kind(node);
      if (kind === ALIAS) return 'alias';
      if (kind === MAP) {
        const e = index.entry(node, String(seg));
        if (!e) return 'missing';
        key = e.key;
        node = e.value;
      } else if (kind === SEQ) {
        key = -1;
        node = index.item(node, Number(seg));
      } else return 'leaves';
    }
    return { kind: index.kind(node), range: index.range(node), key: index.range(key) };
  };
  const paths = pathsOf(parsed.value);
  return {
    value: JSON.parse(JSON.stringify(parsed.value ?? null)) as unknown,
    comments: parsed.comments,
    root: where([]),
    nodes: paths.map((p) => [p.join('.'), where(p)]),
    located: paths.flatMap((p) => [locate(parsed, { file: 'x', path: p }), locate(parsed, { file: 'x', path: p, at: 'key' })]),
  };
}

function agree(text: string): 'plain' | 'other' {
  const source = { file: 'x.yaml', text };
  const plain = readPlain(source);
  if (!plain) return 'other';
  // js-yaml is the measure only where it reads as the core schema does; else the `yaml` library is.
  const other = needsFullParse(text) ? undefined : readWithJsYaml(source);
  if (other) {
    expect(describeRead(plain)).toEqual(describeRead(other));
  } else {
    // js-yaml leaves it to the `yaml` library: that one must read it without a problem, the same way.
    const full = parseYamlFully(source);
    expect(full.problems).toEqual([]);
    const a = describeRead(plain) as { value: unknown; comments: unknown; located: unknown };
    const b = describeRead(full) as { value: unknown; comments: unknown; located: unknown };
    expect([a.value, a.comments, a.located]).toEqual([b.value, b.comments, b.located]);
  }
  return 'plain';
}

describe('the plain reader', () => {
  it('reads the fixtures as js-yaml does, every node at the same place', () => {
    const read = texts.map((t) => agree(t));
    // It is the reader of ordinary designs: nearly every fixture is read by it.
    expect(read.filter((r) => r === 'plain').length).toBeGreaterThan(texts.length * 0.8);
    for (const f of ['fixtures/designs/hotel-group-checkout.yaml', 'fixtures/designs/flawed-order-saga.yaml']) {
      expect(parseYaml({ file: f, text: readFileSync(path.join(ROOT, f), 'utf8') }).reader).toBe('plain');
    }
  });

  it('reads the generated designs of the benchmark as js-yaml does', () => {
    for (const text of [generateDesign(60), generateFlawedDesign(60)]) expect(agree(text)).toBe('plain');
  });

  it('reads what designs hold: flow collections, quoted keys and values, blocks of text, comments, numbers', () => {
    const cases = [
      'a: b\n',
      'a:\n  b: c  # x\n  d:   e\n# tail\n',
      "a: { b: c, d: [e, 'f'], g: {} }\n",
      '- a\n- b: c\n  d: e\n-   x\n',
      'a: "x y"  \nb c: 1\n"q k": \'it\'\'s\'\n',
      'a: |\n  text\n    more\n\n  last  \nb: c\n',
      'a:\n- x\n- y\nb: >-\n  folded\n  text\n\n  para\n',
      'k:\n  - name: a\n    v: 1\n  - name: b\n    w: [1, 2.5, -3, 0x1f, 0o7, .inf, true, "t"]\n',
      'a: b # c\n\n\n',
      'n: 1\nf: 1.5\nt: True\nz: 012\ne: 1e3\ns: 1h\nu: "\\u00e9\\n\\t\\\\"\n',
      '1: one\ntrue: yes\n.5: half\n',
      'keep: |+\n  a\n\nstrip: |-\n  b\n\nclip: >\n  c\n  d\n',
      'url: https://example.com/a?b=c#d\nlist: [a:b, "c, d"]\n',
      '{ "version": 1, "name": "x", "services": { "A": { "publishing": "outbox" } } }\n',
      '# eda-advisor-ignore missing-outbox -- reason\na: b # eda-advisor-ignore x -- y\nc: |\n  # eda-advisor-ignore not a comment\n',
    ];
    for (const text of cases) expect(agree(text), text).toBe('plain');
  });

  it('reads what the text-wide check once sent to the full parser, as that parser does', () => {
    // An `&`, `*` or `!` inside a plain scalar, a number-like comment or name: text to every reader.
    for (const text of [
      'a: Orders & payments\nb: x *y\nc: note !this\n',
      '# 1_000 and 0b1 and -.5 in a comment\na: v1_2\nb: x0b1\nc: a-.5\n',
      'a: [x &y, "1_0"]\nb: { c: d !e }\n',
    ]) {
      const source = { file: 'x.yaml', text };
      expect(needsFullParse(text), text).toBe(true);
      const plain = readPlain(source);
      expect(plain, text).toBeDefined();
      expect(parseYaml(source).reader).toBe('plain');
      const full = parseYamlFully(source);
      expect(full.problems).toEqual([]);
      const a = describeRead(plain as ParsedFile) as { value: unknown; comments: unknown; located: unknown };
      const b = describeRead(full) as { value: unknown; comments: unknown; located: unknown };
      expect([a.value, a.comments, a.located], text).toEqual([b.value, b.comments, b.located]);
    }
  });

  it('gives up on a number js-yaml and the core schema read apart, which the yaml library then reads', () => {
    for (const text of [
      'a: 1_000\n',
      'a: 0b101\n',
      'a: -0b1\n',
      'a: -.5\n',
      'a: +.5e3\n',
      '1_0: a\n',
      'a: [1, 1_0]\n',
      'a: { b: 0b1 }\n',
      '- -.5\n',
      'a: -0x1f\n',
      'a: +0o7\n',
      'a: -0\n',
    ]) {
      expect(readPlain({ file: 'x.yaml', text }), text).toBeUndefined();
      expect(parseYaml({ file: 'x.yaml', text }).reader, text).toBe('yaml');
    }
    // Nor is js-yaml, which reads what the plain reader gives up on for another reason (here an empty value).
    for (const text of ['a:\nb: -0x1f\n', 'a:\nb: [+0o7]\n', 'a:\nb: -0\n']) {
      const read = parseYaml({ file: 'x.yaml', text });
      expect(read.reader, text).toBe('yaml');
      expect(read.value).toEqual(parseYamlFully({ file: 'x.yaml', text }).value);
    }
  });

  it('gives up on what it does not read, for the other readers', () => {
    const cases = [
      'a:\n', // an empty value
      'a: ~\n',
      'a: b\na: c\n', // a duplicate key
      'a: multi\n  line\n',
      'a: "multi\n  line"\n',
      'a: [x,\n  y]\n',
      'a:\tb\n',
      'a: b\r\nc: d\r\n',
      '%YAML 1.2\n---\na: b\n',
      'a: |2\n   x\n',
      'a: >\n  x\n    more\n  y\n',
      'a: |\n\n  x\n',
      '- - x\n',
      '[a: b]\n',
      '{ a }\n',
      '__proto__: x\n',
      'a: b: c\n',
      'a: b\n  c: d\n',
      'a:\n    b: 1\n  c: 2\n',
    ];
    for (const text of cases) expect(readPlain({ file: 'x.yaml', text }), JSON.stringify(text)).toBeUndefined();
  });

  it('agrees with the other readers on texts at the edges of what it reads', () => {
    // Read or left to the others, never read otherwise.
    const edges = [
      'a: b\n  # indented comment\nc: d\n',
      'a:   \n  b: c\n',
      'a: # c\n  b: c\n',
      'a:\n  - b\n  -  c: 1\n     d: 2\n',
      'a:\n\n\n  b: c\n',
      'a: -1\nb: +1\nc: -.5\nd: 1_0\n',
      'a: 0b1\n',
      'a: .NaN\nb: .Inf\nc: -.inf\n',
      'a: 1.\nb: 1e\nc: 0x\nd: 0o\n',
      'a: 00\nb: 007\nc: 0.0\n',
      'a: yes\nb: no\nc: on\nd: Off\ne: NULL\nf: Null\n',
      'a: b c  d\n',
      'a: b:c\n',
      'a: "b" \n',
      'a: \'\'\nb: ""\n',
      'a: " "\n',
      'a: b # c # d\n',
      'a: b#c\n',
      "a: 'x'  # y\n",
      'a: [ ]\nb: { }\n',
      'a: [ x ]\n',
      'a: [x , y]\n',
      'a: {x: [1, {y: z}], w: "q"}\n',
      'a: {x: 1, x: 2}\n',
      'a: [1, 2]  # c\n',
      'a: {b: }\n',
      'a: {b: c,}\n',
      'a: [b,]\n',
      'a: {b c: d}\n',
      "a: {'b': 'c'}\n",
      'a: {"b":c}\n',
      'a: {b: "c"}\n',
      '- a\n-\n- b\n',
      '-  a\n-  b\n',
      '- [a]\n- {b: c}\n',
      '- "a"\n- \'b\'\n',
      '- a: 1\n  b:\n    c: 2\n- d\n',
      'a: |\n  x\nb: |-\n  y\n\nc: d\n',
      'a: |+\n  x\n\n\n',
      'a: >+\n  x\n  y\n\n',
      'a: |\n  x\n\n\n  y\n',
      'a: >\n  x\n\n\n  y\n',
      'a: | # c\n  x\n',
      'a: |\n    x\n  y\n',
      'a: |\n  x\n y\n',
      '- |\n  x\n- >\n  y\n',
      'a:\n  - |\n    x\n  - y\n',
      'a: |-\n  x  \n',
      'a: |\n  x\n  ',
      'a: |\n  x',
      'a: b',
      'a: "x"',
      'a:\n  b: c',
      "a: 'it''s'\n",
      'a: "\\x41\\u00e9\\/"\n',
      'a: "\\U0001F600"\n',
      'a: "\\ud83d\\ude00"\n',
      'a: "\\q"\n',
      'a b c: d\n',
      '"a": b\n',
      "'a': b\n",
      '"a" : b\n',
      'a : b\n',
      'a  :  b\n',
      '? a\n: b\n',
      'a: b\n---\n',
      'a: b\n...\n',
      '--- a\n',
      'a:\n- b\nc: d\n',
      'a:\n- b\n  c: d\n',
      'a:\n - b\n - c\n',
      'a:\n  b: 1\n  c:\n  - d\n',
      '1: a\n2: b\n01: c\n',
      'true: a\nTrue: b\n',
      '~: a\n',
      'null: a\n',
      '.inf: a\n',
      '-a: b\n',
      '-: b\n',
      'a-: b\n',
      'a: -b\n',
      'a: - b\n',
      'a: ?b\n',
      'a: :b\n',
      'a: b?\n',
      'a: @b\n',
      'a: `b`\n',
      'a: %b\n',
      'a: b%\n',
      'a: !!str b\n',
      'a: &x b\n',
      'a: *x\n',
      'a: b\n  \nc: d\n',
      'a: b\n \n',
      ' a: b\n c: d\n',
      '  - a\n  - b\n',
      'a: [b, [c, [d]]]\n',
      '{a: b}\n',
      '[a, b]\n',
      '{a: b}\nc: d\n',
      '{"a": 1}\n',
      '{"a": 1}  # c\n',
      'a: 1\n# c\n#c\n  # c\n',
      'a: é\nb: "é"\n',
      'é: a\n',
      'a: 𝄞\n',
      'a: b\u2028c\n',
      'a: b\u0085c\n',
      'a:\u00a0b\n',
      'a: b\u00a0\n',
      'x: 12:30\ny: 1:20:30\n',
      'a: 2024-01-01\n',
      'a: 1_000\n',
      'a: +.5\n',
      'a: 1e5\nb: 1E-5\nc: 1.5e+3\n',
      'a: 0xFFFFFFFFFFFFFFFFF\n',
      'a: 12345678901234567890\n',
      'a: "b\\\n  c"\n',
      'a: b\\\n',
      "a: 'b\\'\n",
      'a: [b, "c]"]\n',
      'a: {b: "}"}\n',
      'a: [b] c\n',
      'a: "b" c\n',
      'a: [b]]\n',
    ];
    const read = edges.map((text) => agree(text));
    expect(read.filter((r) => r === 'plain').length).toBeGreaterThan(60);
  });

  it("resolves plain scalars as js-yaml's core schema does", () => {
    type Implicit = { resolve(data: string): boolean; construct(data: string): unknown };
    const implicit = (jsYaml.CORE_SCHEMA as unknown as { compiledImplicit: Implicit[] }).compiledImplicit;
    const theirs = (s: string) => {
      for (const type of implicit) if (type.resolve(s)) return type.construct(s);
      return s;
    };
    const same = (s: string) =>
      expect(Object.is(resolvePlain(s), theirs(s)) || (Number.isNaN(resolvePlain(s)) && Number.isNaN(theirs(s))), JSON.stringify(s)).toBe(true);
    for (const s of [
      '~',
      'null',
      'Null',
      'NULL',
      'nULL',
      'true',
      'True',
      'TRUE',
      'tRUE',
      'false',
      'False',
      'FALSE',
      'yes',
      'no',
      'on',
      '0',
      '-0',
      '+0',
      '00',
      '012',
      '0x1F',
      '0X1F',
      '0o17',
      '0b101',
      '0b',
      '0x',
      '0o',
      '0x_1',
      '0b1_',
      '1_000',
      '_1',
      '1_',
      '-1',
      '+1',
      '1.5',
      '-.5',
      '.5',
      '1.',
      '1e3',
      '1E-3',
      '1.5e+3',
      '.inf',
      '-.Inf',
      '+.INF',
      '.nan',
      '.NaN',
      '.NAN',
      '-.nan',
      'NaN',
      'Infinity',
      '1h',
      '12:30',
      '2024-01-01',
      '0.1.2',
      '1e',
      'e1',
      'Service0',
      'name',
      'n',
      't',
      'f',
    ])
      same(s);
    fc.assert(
      fc.property(fc.stringMatching(/^[-+._0-9eExXoObBaAfFinINtTuUlLsS~]{1,8}$/), (x) => {
        same(x);
      }),
      {
        numRuns: RUNS * 50,
        ...(SEED === undefined ? {} : { seed: SEED }),
      },
    );
  });

  it('agrees with the other readers on random edits of every fixture', () => {
    const edit = editsOf(texts.length, [
      ':',
      '-',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r\n',
      '{',
      '}',
      '[',
      ']',
      ',',
      '"',
      "'",
      '#',
      ' #',
      '|',
      '>',
      '|-',
      '?',
      '1',
      '.',
      'a',
      '~',
      '\\',
      '"\\n"',
      'é',
    ]);
    let plain = 0;
    fc.assert(
      fc.property(edit, ({ fixture, edits }) => {
        const text = applyEdits(texts[fixture] as string, edits);
        if (agree(text) === 'plain') plain++;
      }),
      params,
    );
    // The edits must leave it something to read, or the property says nothing.
    expect(plain).toBeGreaterThan(params.numRuns / 10);
  });
});
