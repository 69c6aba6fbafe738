import { loadSource } from './dist/parse/load.js';
import { parseYaml } from './dist/parse/yaml.js';
import { buildDesign } from './dist/model/build.js';
import { simulateDesign } from './dist/sim/simulate.js';
for (const f of process.argv.slice(2)) {
  const s = loadSource(f); const d = buildDesign(s.file, parseYaml(s).value);
  for (const p of simulateDesign(d)) { console.log('##', p.process, p.pattern); for (const t of p.traces) { console.log(' *', t.point.id, '|', t.ran.map(r=>r.command).join(','), '|', t.compensations.map(c=>c.run).join(','), '|', t.outcome, '|', t.problems.map(x=>x.message).join('; ')); } }
}
