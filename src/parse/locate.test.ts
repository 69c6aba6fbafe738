import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../testing/cli.js';
import { locate } from './locate.js';
import { needsFullParse, parseYaml, parseYamlFully } from './yaml.js';

const TEXT = `version: 1
name: positions
services:
  Orders:
    publishing: outbox
  Payments: { publishing: direct }
  Empty:
processes:
  P:
    steps:
      - name: first
        command: A
      - { name: second, command: B }
`;
const file = parseYaml({ file: 'p.yaml', text: TEXT });
const at = (path: (string | number)[], key?: 'key') => {
  const p = locate(file, { file: 'p.yaml', path, ...(key ? { at: key } : {}) });
  return `${p.line}:${p.column}-${p.endLine}:${p.endColumn}`;
};

describe('locate', () => {
  it.for([
    [['services', 'Orders', 'publishing'], '5:17-5:23', 'a scalar value: the value'],
    [['services', 'Orders'], '4:3-4:9', 'a block map: its key'],
    [['services', 'Payments'], '6:3-6:11', 'a flow map: its key'],
    [['services', 'Payments', 'publishing'], '6:27-6:33', 'a value in a flow map'],
    [['services', 'Empty'], '7:3-7:8', 'a key with no value: the key'],
    [['services', 'Orders', 'persistence'], '4:3-4:9', 'a missing key: the key of its owner'],
    [['services', 'Nobody', 'calls', 0], '3:1-3:9', 'a missing entry: the deepest owner'],
    [['processes', 'P', 'steps', 0], '11:9-12:19', 'a list item: the item'],
    [['processes', 'P', 'steps', 1, 'command'], '13:34-13:35', 'a value in a flow item'],
    [[], '1:1-13:37', 'the document'],
  ] as [(string | number)[], string, string][])('%j -> %s (%s)', ([path, want]) => {
    expect(at(path)).toBe(want);
  });

  it('points at the key itself when asked (an unknown key)', () => {
    expect(at(['services', 'Orders', 'publishing'], 'key')).toBe('5:5-5:15');
  });
});

describe('locate through aliases', () => {
  const aliased = parseYaml({
    file: 'a.yaml',
    text: 'services:\n  Orders: &stateful { publishing: outbox }\n  Payments: *stateful\n',
  });
  it('points at the alias where the path goes through it, not at its anchor', () => {
    const p = locate(aliased, { file: 'a.yaml', path: ['services', 'Payments', 'publishing'] });
    expect([p.line, p.column]).toEqual([3, 13]);
  });
});

describe('locate a key that is a collection', () => {
  it('finds `[a, b]: …` by the string the plain value makes of it', () => {
    const file = parseYaml({ file: 'k.yaml', text: 'events:\n  E: { [x, y]: 1 }\n' });
    const p = locate(file, { file: 'k.yaml', path: ['events', 'E', '[ x, y ]'], at: 'key' });
    expect([p.line, p.column]).toEqual([2, 8]);
  });
});

describe('the two readers locate alike', () => {
  // js-yaml's read (with positions from its listener) and the `yaml` library's read must put every
  // node of every fixture at the same line and column: the full read is what a file with anchors or
  // a syntax error gets, and a finding must not move because of that.
  const files = [
    ...readdirSync(path.join(ROOT, 'fixtures', 'designs')).map((f) => path.join('fixtures', 'designs', f)),
    ...readdirSync(path.join(ROOT, 'fixtures', 'rules'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join('fixtures', 'rules', f))
      // A file that is not text (a NUL byte) is refused before either reader sees it.
      .filter((f) => !readFileSync(path.join(ROOT, f)).includes(0)),
    path.join('fixtures', 'designs-split', 'checkout.yaml'),
  ];
  const pathsOf = (value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) => {
    out.push(prefix);
    if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
    return out;
  };
  it.for(files)('%s', (file) => {
    const source = { file, text: readFileSync(path.join(ROOT, file), 'utf8') };
    const fast = parseYaml(source);
    const full = parseYamlFully(source);
    // Only what needs the full parser may take it: anchors, tags, a syntax error.
    if (fast.reader === 'yaml') {
      expect(needsFullParse(source.text) || full.problems.length > 0 || full.value === null, 'read by the full parser without a reason').toBe(true);
      return;
    }
    expect(fast.value).toEqual(full.value);
    expect(fast.comments).toEqual(full.comments);
    for (const p of [...pathsOf(fast.value), ['no', 'such', 'key']]) {
      for (const at of [undefined, 'key'] as const) {
        const ref = { file, path: p, ...(at ? { at } : {}) };
        expect(locate(fast, ref), `${p.join('.')} ${at ?? ''}`).toEqual(locate(full, ref));
      }
    }
  });
});

describe('the two readers agree on the cases the fuzzer found', () => {
  it.for([
    // An empty fixture let the fuzzer reach these: js-yaml reads the text with a line break added, and an empty document has no node.
    ['a one-character document without a line break', '|'],
    ['a blank document', '\n '],
    ['a document of comments only', '# c\n'],
    ['a # that touches a flow indicator (no comment without a space before it)', 'a: [b,#c\n ]\n'],
    ['a comment on the header line of a block scalar', 'version: 1\nname: s\nservices:\n > # eda-advisor-ignore missing-outbox -- legacy\n  Orders: x\n'],
    ['a document marker inside a block scalar at the root', '|\r\nersion: 1\nname: first\n---\nversion: 1\nname: second\n'],
    ['a tab before a block of text at the root', '\t>'],
    ['a flow map over two lines whose closing bracket has the next key after it', 'version: 1\nname: {orders\n}services:\n  Orders: { publishing: outbox }\n'],
    [
      'a quoted string over several lines, not indented past its block',
      "version: 1\nname: q\nservices:\n  A:\n    publishing: 'event-store\n    consumers: x'\n",
    ],
  ] as const)('%s', ([, text]) => {
    const source = { file: 'f.yaml', text };
    const fast = parseYaml(source);
    const full = parseYamlFully(source);
    expect(fast.comments).toEqual(full.comments);
    expect(fast.problems).toEqual(full.problems);
    expect(JSON.stringify(fast.value)).toBe(JSON.stringify(full.value));
  });
});
