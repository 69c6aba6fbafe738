#!/usr/bin/env node
// `npm run bench`: whole-process wall time and peak memory of `eda-advisor review`, with the
// machine's `node -e 0` as the unit. Commands run alternately, round after round, so that a busy
// moment of the machine falls on all of them alike; the table shows medians.
//   npm run bench -- --runs 9
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateDesign } from './generate-design.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 5 : Number(process.argv[runsArg + 1]);
const sizes = [100, 1000, 5000];

const designs = path.join(here, '.designs');
mkdirSync(designs, { recursive: true });
for (const n of sizes) writeFileSync(path.join(designs, `generated-${n}.yaml`), generateDesign(n));

const bin = path.join(root, 'bin', 'eda-advisor.js');
const hook = path.join(here, 'rss-hook.mjs');
const cases = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'review hotel fixture', args: [bin, 'review', path.join(root, 'fixtures/designs/hotel-group-checkout.yaml')], file: path.join(root, 'fixtures/designs/hotel-group-checkout.yaml') },
  { name: 'simulate hotel fixture', args: [bin, 'simulate', path.join(root, 'fixtures/designs/hotel-group-checkout.yaml')], file: path.join(root, 'fixtures/designs/hotel-group-checkout.yaml') },
  ...sizes.map((n) => {
    const file = path.join(designs, `generated-${n}.yaml`);
    return { name: `review ${n} services`, args: [bin, 'review', file], file };
  }),
];

const rssFile = path.join(os.tmpdir(), `eda-advisor-bench-${process.pid}.rss`);
const samples = new Map(cases.map((c) => [c.name, { times: [], rss: [] }]));
for (let round = 0; round < runs; round++) {
  for (const c of cases) {
    rmSync(rssFile, { force: true });
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', hook, ...c.args], { env: { ...process.env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
    const s = samples.get(c.name);
    s.times.push(seconds);
    s.rss.push(Number(readFileSync(rssFile, 'utf8').trim()) / 1024);
  }
}
rmSync(rssFile, { force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const unit = median(samples.get('node -e 0').times);
const results = cases.map((c) => {
  const s = samples.get(c.name);
  return {
    name: c.name,
    medianSeconds: Number(median(s.times).toFixed(3)),
    ratioToNode: Number((median(s.times) / unit).toFixed(2)),
    peakMiB: Number(Math.max(...s.rss).toFixed(1)),
    ...(c.file ? { fileKiB: Math.round(statSync(c.file).size / 1024) } : {}),
  };
});

const rows = [['command', 'median s', '× node -e 0', 'peak MiB', 'file KiB'], ...results.map((r) => [r.name, r.medianSeconds.toFixed(3), r.ratioToNode.toFixed(2), r.peakMiB.toFixed(1), r.fileKiB === undefined ? '' : String(r.fileKiB)])];
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(`eda-advisor bench: ${runs} runs each, Node ${process.version}, ${os.cpus().length} CPUs`);
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
writeFileSync(path.join(here, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, results }, null, 2)}\n`);
