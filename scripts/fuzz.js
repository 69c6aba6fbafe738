#!/usr/bin/env node
// `npm run fuzz -- --runs 5000 [--seed 42]`: the property-based tests of src/fuzz.test.ts as a long
// campaign. `npm test` runs the same properties with a bounded number of cases.
import { spawnSync } from 'node:child_process';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const runs = arg('--runs') ?? '1000';
const seed = arg('--seed');
if (!/^\d+$/.test(runs) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  console.error('usage: npm run fuzz -- --runs <n> [--seed <n>]');
  process.exit(2);
}
console.log(`fuzz campaign: ${runs} runs per property${seed === undefined ? '' : `, seed ${seed}`}`);
const r = spawnSync('npx', ['vitest', 'run', 'src/fuzz.test.ts', '--testTimeout', '3600000'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: runs, ...(seed === undefined ? {} : { FUZZ_SEED: seed }) },
});
process.exit(r.status ?? 1);
