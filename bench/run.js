#!/usr/bin/env node
// `npm run bench`: whole-process wall time and peak memory of eda-advisor's commands and of its
// peers (js-yaml merely parsing, Spectral linting), with the machine's `node -e 0` as the unit.
// Every command runs once per round, all in turn, so that a busy moment falls on all of them alike;
// the table shows medians, then checks the targets of the speed issue. Peak memory comes from rounds
// of their own (--memory-runs, 2 by default), with a hook that the timed runs go without.
//   npm run bench -- --runs 9
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDesign, generateFlawedDesign } from './generate-design.js';
import { generateBpmn, generateStateMachine } from './generate-imports.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
};
const runs = Number(arg('--runs', 5));

// The peers live in bench/package.json, never in the product's dependencies.
if (!existsSync(path.join(here, 'node_modules', 'js-yaml'))) {
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not install the benchmark peers (bench/package.json)');
}

const designs = path.join(here, '.designs');
mkdirSync(designs, { recursive: true });
const sizes = [100, 1000, 5000, 10000];
const generated = Object.fromEntries(sizes.map((n) => [n, path.join(designs, `generated-${n}.yaml`)]));
for (const n of sizes) writeFileSync(generated[n], generateDesign(n));
// Designs with findings, the common case at a desk (a few hundred findings per thousand services).
const flawedSizes = [1000, 5000, 10000];
const flawed = Object.fromEntries(flawedSizes.map((n) => [n, path.join(designs, `flawed-${n}.yaml`)]));
for (const n of flawedSizes) writeFileSync(flawed[n], generateFlawedDesign(n));
// verify: every fixture design, and a generated 50-service design (sound, and with findings).
const fixtureDesigns = readdirSync(path.join(root, 'fixtures', 'designs'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => path.join(root, 'fixtures', 'designs', f));
const verify50 = path.join(designs, 'generated-50.yaml');
writeFileSync(verify50, generateDesign(50));
const verifyFlawed50 = path.join(designs, 'flawed-50.yaml');
writeFileSync(verifyFlawed50, generateFlawedDesign(50));

// Hostile shapes whose cost once grew with their shape, not their size (issue 16): each must be said once, quickly.
const shapes = {
  'a 30000-service map with one syntax error': `version: 1\nname: big\nservices:\n${Array.from({ length: 30_000 }, (_, i) => `  S${i}: { publishing: outbox }\n`).join('')}  Broken: { publishing: outbox\n`,
  'a key written 100000 times': `version: 1\nname: rep\nservices:\n${'  S: {}\n'.repeat(100_000)}`,
  'a 5000-entry anchor aliased 999 times': `version: 1\nname: alias\nx-big: &big\n${Array.from({ length: 5000 }, (_, i) => `  k${i}: v\n`).join('')}x-uses:\n${'  - *big\n'.repeat(999)}`,
  '100000 documents': '---\na: 1\n'.repeat(100_000),
  'a 10 MB design on one line (JSON)': `{"version":1,"name":"flow","services":{${Array.from({ length: 323_000 }, (_, i) => `"S${i}":{"publishing":"outbox"}`).join(',')}}}\n`,
};
const shapeFiles = Object.fromEntries(
  Object.entries(shapes).map(([name, text], i) => {
    const file = path.join(designs, `shape-${i}.yaml`);
    writeFileSync(file, text);
    return [name, file];
  }),
);

// The importers (issue 18): a 200-state definition and a 200-element BPMN model.
const asl200 = path.join(designs, 'generated-200.asl.json');
writeFileSync(asl200, generateStateMachine(200));
const bpmn200 = path.join(designs, 'generated-200.bpmn');
writeFileSync(bpmn200, generateBpmn(200));

const bin = path.join(root, 'bin', 'eda-advisor.js');
const hotel = path.join(root, 'fixtures/designs/hotel-group-checkout.yaml');
const flawedSaga = path.join(root, 'fixtures/designs/flawed-order-saga.yaml');
const orderSaga = path.join(root, 'fixtures/designs/order-saga.yaml');
const spectral = path.join(here, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const emptyRuleset = path.join(here, 'peers/empty-ruleset.yaml');
// The examples of ../shared/asyncapi, or their copies in fixtures/asyncapi in a clone without it.
const asyncapi = ['streetlights-mqtt-2.6.yml', 'streetlights-mqtt-3.1.yml', 'slack-rtm-2.6.yml']
  .map((f) => [path.join(root, '..', 'shared', 'asyncapi', f), path.join(root, 'fixtures', 'asyncapi', f)].find((p) => existsSync(p)))
  .filter((f) => f !== undefined);

const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'review hotel fixture', args: [bin, 'review', hotel], file: hotel },
  { name: 'review flawed-order-saga fixture', args: [bin, 'review', flawedSaga], file: flawedSaga, findings: true },
  { name: 'simulate hotel fixture', args: [bin, 'simulate', hotel], file: hotel },
  { name: 'guidance hotel fixture', args: [bin, 'guidance', hotel], file: hotel },
  ...fixtureDesigns.map((f) => ({ name: `verify ${path.basename(f, '.yaml')}`, args: [bin, 'verify', f], file: f, findings: true, verify: true })),
  { name: 'verify 50 services', args: [bin, 'verify', verify50], file: verify50, findings: true, verify: true },
  { name: 'verify 50 services with findings', args: [bin, 'verify', verifyFlawed50], file: verifyFlawed50, findings: true, verify: true },
  { name: 'import step-functions 200 states', args: [bin, 'import', 'step-functions', asl200], file: asl200 },
  { name: 'import bpmn 200 elements', args: [bin, 'import', 'bpmn', bpmn200], file: bpmn200 },
  // generate go (issue 20): the first run writes the tree; the runs after compare it with what is on disk.
  { name: 'generate go order-saga fixture', args: [bin, 'generate', 'go', orderSaga, '-o', path.join(designs, 'go-order-saga')], file: orderSaga },
  { name: 'generate go 1000 services', args: [bin, 'generate', 'go', generated[1000], '-o', path.join(designs, 'go-1000')], file: generated[1000] },
  ...sizes.map((n) => ({ name: `review ${n} services`, args: [bin, 'review', generated[n]], file: generated[n] })),
  { name: 'js-yaml parse 5000 services', args: [path.join(here, 'peers/js-yaml-parse.js'), generated[5000]], file: generated[5000] },
  { name: 'js-yaml parse 10000 services', args: [path.join(here, 'peers/js-yaml-parse.js'), generated[10000]], file: generated[10000] },
  ...flawedSizes.map((n) => ({ name: `review ${n} services with findings`, args: [bin, 'review', flawed[n]], file: flawed[n], findings: true })),
  { name: 'js-yaml parse 5000 with findings', args: [path.join(here, 'peers/js-yaml-parse.js'), flawed[5000]], file: flawed[5000] },
  { name: 'js-yaml parse 10000 with findings', args: [path.join(here, 'peers/js-yaml-parse.js'), flawed[10000]], file: flawed[10000] },
  ...Object.entries(shapeFiles).map(([name, file]) => ({
    name: `review ${name}`,
    args: [bin, 'review', file, '--max-file-size', '20MiB'],
    file,
    findings: true,
  })),
  { name: 'spectral (no rules) hotel fixture', args: [spectral, 'lint', '--quiet', '--ruleset', emptyRuleset, hotel], file: hotel, peer: true },
  ...asyncapi.map((f) => ({ name: `review ${path.basename(f)}`, args: [bin, 'review', f], file: f })),
  ...asyncapi.map((f) => ({
    name: `spectral:asyncapi ${path.basename(f)}`,
    args: [spectral, 'lint', '--quiet', '--ruleset', path.join(here, 'peers/asyncapi-ruleset.yaml'), f],
    file: f,
    peer: true,
  })),
];

const rssFile = path.join(os.tmpdir(), `eda-advisor-bench-${process.pid}.rss`);
const hook = path.join(here, 'rss-hook.mjs');
const samples = new Map(cases.map((c) => [c.name, { times: [], rss: [] }]));
/**
 * One run of a case. Timed runs go without the memory hook: loading it (`--import`, an ES module)
 * starts Node's ES module loader, 6 to 9 ms added to every process, ours, Spectral's and `node -e 0`
 * alike, which is the measurement's cost and no tool's. Memory is measured in rounds of its own.
 */
function runCase(c, withHook) {
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...(withHook ? ['--import', hook] : []), ...c.args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // A peer may exit 1 with findings, and so may eda-advisor on a design with findings; nothing may exit 2.
  if (r.status !== 0 && !((c.peer || c.findings) && r.status === 1)) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
  return seconds;
}
for (let round = 0; round < runs; round++) {
  for (const c of cases) samples.get(c.name).times.push(runCase(c, false));
}
const memoryRuns = Number(arg('--memory-runs', 2));
for (let round = 0; round < memoryRuns; round++) {
  for (const c of cases) {
    runCase(c, true);
    if (existsSync(rssFile)) samples.get(c.name).rss.push(Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024);
  }
}
rmSync(rssFile, { force: true });

// States explored per verify case, from its JSON report (one more run), for states per second.
const statesOf = new Map();
for (const c of cases.filter((x) => x.verify)) {
  const r = spawnSync(process.execPath, [...c.args, '--format', 'json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  statesOf.set(
    c.name,
    JSON.parse(r.stdout).processes.reduce((n, p) => n + p.states, 0),
  );
}

/**
 * The walkthrough's time to its first frame: started in a pseudo-terminal (util-linux `script`),
 * timed until the overview's text arrives on the terminal.
 */
function firstFrame() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', `${process.execPath} ${bin} walkthrough ${hotel}`, '/dev/null'], {
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`walkthrough showed no frame within 20 s: ${out.slice(-500)}`));
    }, 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Contexts and services')) {
        clearTimeout(timer);
        resolve(Number(process.hrtime.bigint() - started) / 1e9);
        child.kill('SIGKILL');
      }
    });
  });
}
const frames = [];
for (let round = 0; round < runs; round++) frames.push(await firstFrame());

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const unit = median(samples.get('node -e 0').times);
const results = cases.map((c) => {
  const s = samples.get(c.name);
  return {
    name: c.name,
    medianSeconds: Number(median(s.times).toFixed(3)),
    ratioToNode: Number((median(s.times) / unit).toFixed(2)),
    peakMiB: s.rss.length > 0 ? Number(Math.max(...s.rss).toFixed(1)) : null,
    ...(c.file ? { fileKiB: Math.round(statSync(c.file).size / 1024) } : {}),
    // States over the whole run's time: start-up included, so a lower bound on the explorer's speed.
    ...(statesOf.has(c.name) ? { states: statesOf.get(c.name), statesPerSecond: Math.round(statesOf.get(c.name) / median(s.times)) } : {}),
  };
});
results.push({
  name: 'walkthrough hotel: first frame',
  medianSeconds: Number(median(frames).toFixed(3)),
  ratioToNode: Number((median(frames) / unit).toFixed(2)),
  peakMiB: null,
  fileKiB: Math.round(statSync(hotel).size / 1024),
});
const get = (name) => results.find((r) => r.name === name);

// The targets of the speed issue, checked on this run's medians.
const baseRss = get('node -e 0').peakMiB;
const ratio = (a, b) => round(get(a).medianSeconds / get(b).medianSeconds);
const memory = (a, b) => round((get(a).peakMiB - baseRss) / (get(b).peakMiB - baseRss));
const targets = [
  // The speed issue (one parse, linear at any size): a design with findings, the fixtures, AsyncAPI.
  {
    target: 'review 5000 with findings ≤ 2.0× js-yaml parse',
    value: ratio('review 5000 services with findings', 'js-yaml parse 5000 with findings'),
    limit: 2.0,
  },
  { target: 'review 10000 / 5000 with findings ≤ 2.2', value: ratio('review 10000 services with findings', 'review 5000 services with findings'), limit: 2.2 },
  {
    target: 'review 5000 with findings memory ≤ 4× js-yaml',
    value: memory('review 5000 services with findings', 'js-yaml parse 5000 with findings'),
    limit: 4,
  },
  { target: 'review hotel (sound) ≤ 1.6× node -e 0', value: get('review hotel fixture').ratioToNode, limit: 1.6 },
  { target: 'review flawed-order-saga ≤ 1.6× node -e 0', value: get('review flawed-order-saga fixture').ratioToNode, limit: 1.6 },
  ...asyncapi.map((f) => ({
    target: `spectral:asyncapi / review ${path.basename(f)} ≥ 8`,
    value: ratio(`spectral:asyncapi ${path.basename(f)}`, `review ${path.basename(f)}`),
    limit: 8,
    atLeast: true,
  })),
  // verify (issue 22): every fixture within 2 s, a 50-service design within 10 s.
  {
    target: 'verify slowest fixture ≤ 2 s',
    value: Math.max(...results.filter((r) => r.name.startsWith('verify ') && !r.name.includes('services')).map((r) => r.medianSeconds)),
    limit: 2,
  },
  { target: 'verify 50 services ≤ 10 s', value: get('verify 50 services').medianSeconds, limit: 10 },
  { target: 'verify 50 services with findings ≤ 10 s', value: get('verify 50 services with findings').medianSeconds, limit: 10 },
  // The importers (issue 18).
  { target: 'import step-functions 200 states ≤ 0.5 s', value: get('import step-functions 200 states').medianSeconds, limit: 0.5 },
  { target: 'import bpmn 200 elements ≤ 0.5 s', value: get('import bpmn 200 elements').medianSeconds, limit: 0.5 },
  // The earlier targets, on the sound generated designs.
  { target: 'review hotel peak ≤ 70 MiB', value: get('review hotel fixture').peakMiB, limit: 70 },
  { target: 'review 5000 (sound) ≤ 2.0× js-yaml parse', value: ratio('review 5000 services', 'js-yaml parse 5000 services'), limit: 2.0 },
  { target: 'review 10000 / 5000 (sound) ≤ 2.2', value: ratio('review 10000 services', 'review 5000 services'), limit: 2.2 },
  { target: 'review 5000 (sound) memory ≤ 4× js-yaml', value: memory('review 5000 services', 'js-yaml parse 5000 services'), limit: 4 },
  { target: 'review hotel faster than spectral (no rules)', value: ratio('spectral (no rules) hotel fixture', 'review hotel fixture'), limit: null },
];
function round(x) {
  return Number(x.toFixed(2));
}

const rows = [
  ['command', 'median s', '× node -e 0', 'peak MiB', 'file KiB', 'states/s'],
  ...results.map((r) => [
    r.name,
    r.medianSeconds.toFixed(3),
    r.ratioToNode.toFixed(2),
    r.peakMiB === null ? '' : r.peakMiB.toFixed(1),
    r.fileKiB === undefined ? '' : String(r.fileKiB),
    r.statesPerSecond === undefined ? '' : String(r.statesPerSecond),
  ]),
];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`eda-advisor bench: ${runs} rounds, Node ${process.version}, ${os.cpus().length} CPUs`);
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
console.log('');
for (const t of targets) {
  const met = t.atLeast ? t.value >= t.limit : t.value <= t.limit;
  const verdict =
    t.limit === null ? `${t.value}× (Spectral's time over ours)` : `${t.value} — ${met ? 'met' : `missed by ${round(Math.abs(t.value - t.limit))}`}`;
  console.log(`${t.target}: ${verdict}`);
}
writeFileSync(
  path.join(here, 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs, results, targets }, null, 2)}\n`,
);
