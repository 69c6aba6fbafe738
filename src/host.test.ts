import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, run } from './testing/cli.js';

// bin/eda-advisor.js compiles the CommonJS bundle with V8's code cache. Each test has a cache folder
// of its own (NODE_COMPILE_CACHE), so that the first run is a cold one whatever ran before.
const work = mkdtempSync(path.join(tmpdir(), 'eda-advisor-host-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let folders = 0;
const cacheFolder = (): string => path.join(work, `cache-${++folders}`);
const CLI_CACHE = `cli.js-${process.version}-${process.arch}.cache`;
const DESIGN = 'fixtures/designs/flawed-order-saga.yaml';

describe('the host: the bundle compiled with a code cache', () => {
  it('writes the cache once, when the first run ends, and the next runs read it and say the same', () => {
    const cache = cacheFolder();
    const first = run(['review', DESIGN], { NODE_COMPILE_CACHE: cache });
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('✖ 9 problems (6 errors, 3 warnings, 0 infos) in 1 file, 1 suppressed.');
    // Whole files only: no temporary file is left beside it.
    expect(readdirSync(cache)).toEqual([CLI_CACHE]);
    const written = readFileSync(path.join(cache, CLI_CACHE));
    // The head is the bundle's size and modification time; V8's cache follows.
    const bundle = statSync(path.join(ROOT, 'dist', 'cli.js'));
    expect(written.readDoubleLE(0)).toBe(bundle.size);
    expect(written.readDoubleLE(8)).toBe(bundle.mtimeMs);
    expect(written.length).toBeGreaterThan(100_000);
    for (let i = 0; i < 2; i++) {
      const again = run(['review', DESIGN], { NODE_COMPILE_CACHE: cache });
      expect(again).toEqual(first);
      // Accepted, so not written again.
      expect(readFileSync(path.join(cache, CLI_CACHE)).equals(written)).toBe(true);
    }
  });

  it('a file loaded on demand has a cache of its own, and import() still works from a cached bundle', () => {
    const cache = cacheFolder();
    const runs = [0, 1, 2].map(() => run(['review', 'fixtures/asyncapi/streetlights-mqtt-3.1.yml', '--format', 'json'], { NODE_COMPILE_CACHE: cache }));
    expect(runs[0]?.stderr).toBe('');
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
    expect(readdirSync(cache).sort()).toEqual([`asyncapi-v3_1_0.js-${process.version}-${process.arch}.cache`, CLI_CACHE]);
  });

  it('ignores a cache that is damaged or was made from another file, and writes it anew', () => {
    const cache = cacheFolder();
    const clean = run(['review', DESIGN], { NODE_COMPILE_CACHE: cache });
    const good = readFileSync(path.join(cache, CLI_CACHE));
    const damaged = Buffer.concat([good.subarray(0, 16), Buffer.alloc(good.length - 16, 0x5a)]);
    const stale = Buffer.from(good);
    stale.writeDoubleLE(1, 8);
    for (const bad of [damaged, stale, Buffer.from('not a cache')]) {
      writeFileSync(path.join(cache, CLI_CACHE), bad);
      expect(run(['review', DESIGN], { NODE_COMPILE_CACHE: cache })).toEqual(clean);
      const rewritten = readFileSync(path.join(cache, CLI_CACHE));
      expect(rewritten.subarray(0, 16).equals(good.subarray(0, 16))).toBe(true);
      expect(rewritten.length).toBeGreaterThan(100_000);
    }
  });

  it('a cache folder that cannot be written means no cache, not an error; NODE_DISABLE_COMPILE_CACHE=1 reads and writes none', () => {
    const clean = run(['review', DESIGN], { NODE_COMPILE_CACHE: cacheFolder() });
    const notAFolder = path.join(work, 'a-file');
    writeFileSync(notAFolder, 'x');
    expect(run(['review', DESIGN], { NODE_COMPILE_CACHE: notAFolder })).toEqual(clean);
    expect(readFileSync(notAFolder, 'utf8')).toBe('x');
    const unused = cacheFolder();
    expect(run(['review', DESIGN], { NODE_COMPILE_CACHE: unused, NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(clean);
    expect(() => readdirSync(unused)).toThrow();
    // A debugging run is compiled by Node's own loader, which maps stack traces to the sources.
    expect(run(['review', DESIGN], { NODE_COMPILE_CACHE: unused, EDA_ADVISOR_DEBUG: '1' })).toEqual(clean);
    expect(() => readdirSync(unused)).toThrow();
  });

  it('a review reads no file of dist/vendor and loads neither child_process nor tty: what few commands use waits for them', () => {
    // A preloaded hook notes, as the run ends, the files of dist/ read and Node's built-in modules loaded.
    const hook = path.join(work, 'hook.cjs');
    const log = path.join(work, 'hook.log');
    writeFileSync(
      hook,
      `const fs = require('node:fs'); const read = fs.readFileSync; const seen = [];
fs.readFileSync = function (f, ...rest) { if (String(f).includes('dist')) seen.push(path.relative(${JSON.stringify(path.join(ROOT, 'dist'))}, String(f))); return read.call(this, f, ...rest); };
const path = require('node:path');
process.on('exit', () => fs.writeFileSync(${JSON.stringify(log)}, JSON.stringify({ seen, modules: process.moduleLoadList })));`,
    );
    const r = run(['review', DESIGN, 'fixtures/asyncapi/streetlights-mqtt-2.6.yml'], { NODE_COMPILE_CACHE: cacheFolder(), NODE_OPTIONS: `--require ${hook}` });
    expect(r.status).toBe(1);
    const { seen, modules } = JSON.parse(readFileSync(log, 'utf8')) as { seen: string[]; modules: string[] };
    expect(seen.filter((f) => !f.startsWith('.cache')).sort()).toEqual(['asyncapi/v2_6_0.js', 'cli.js']);
    expect(modules).not.toContain('NativeModule child_process');
    expect(modules).not.toContain('NativeModule tty');
    // The vendor files are there, for the commands that need them (their tests run them).
    expect(
      readdirSync(path.join(ROOT, 'dist', 'vendor'))
        .filter((f) => f.endsWith('.js'))
        .sort(),
    ).toEqual(['anthropic.js', 'bpmn.js', 'mcp.js', 'ui.js']);
  });

  it("imports an ES module for the bundle: a project's @mermaid-js/mermaid-cli renders --format svg", () => {
    // A stand-in for mermaid-cli (the real one downloads a browser), an ES module as the real one is.
    const project = path.join(work, 'project');
    const cli = path.join(project, 'node_modules', '@mermaid-js', 'mermaid-cli');
    mkdirSync(cli, { recursive: true });
    writeFileSync(
      path.join(cli, 'package.json'),
      JSON.stringify({ name: '@mermaid-js/mermaid-cli', version: '0.0.0', type: 'module', exports: { '.': { import: './index.js' } } }),
    );
    writeFileSync(
      path.join(cli, 'index.js'),
      "import { readFileSync, writeFileSync } from 'node:fs';\nexport async function run(input, output) { writeFileSync(output, `<svg>${readFileSync(input, 'utf8')}</svg>`); }\n",
    );
    const cache = cacheFolder();
    for (let i = 0; i < 2; i++) {
      const svg = path.join(project, `diagram-${i}.svg`);
      const r = run(
        ['diagram', path.join(ROOT, 'fixtures', 'designs', 'order-saga.yaml'), '--format', 'svg', '--output', svg],
        { NODE_COMPILE_CACHE: cache },
        undefined,
        project,
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(readFileSync(svg, 'utf8')).toMatch(/^<svg>sequenceDiagram\n[\s\S]*<\/svg>$/);
    }
    expect(readdirSync(cache)).toEqual([CLI_CACHE]);
  });
});
