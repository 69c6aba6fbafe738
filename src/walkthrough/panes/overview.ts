import { PATTERN_NAMES } from '../../guidance/advisor.js';
import { AREAS } from '../../guidance/checklist.js';
import { COMMON_HINT, textLines, type Line, type Pane } from './pane.js';

/** The design at a glance: its contexts and services, its processes, the checklist's four areas. */
export const overview: Pane = {
  name: 'Overview',
  content({ data, width }) {
    const out: Line[] = [];
    const add = (t: string, extra: Omit<Line, 'text'> = {}) => out.push(...textLines(t, width, extra));
    const errors = data.findings.filter((f) => f.severity === 'error').length;
    const warnings = data.findings.filter((f) => f.severity === 'warning').length;
    add(`${data.design.name} — ${data.file}: ${errors} errors, ${warnings} warnings, ${data.findings.length - errors - warnings} notes`, { bold: true });
    add('Contexts and services', { bold: true });
    for (const ctx of data.contexts) add(`  ${ctx.name}: ${ctx.services.join(', ')}`);
    add('Processes', { bold: true });
    if (data.processes.length === 0) add('  (none)');
    for (const p of data.processes)
      add(
        `  ${p.name} — ${PATTERN_NAMES[p.pattern]}${p.recommendation.fitsDeclared ? '' : ` (the framework suggests a ${PATTERN_NAMES[p.recommendation.pattern]})`}`,
      );
    add('Checklist', { bold: true });
    for (const area of AREAS) {
      const items = data.checklist.filter((s) => s.item.group === area);
      const done = items.filter((s) => s.done).length;
      const n = items.reduce((k, s) => k + s.findings.length, 0);
      add(`  ${area}: ${done}/${items.length} done, ${n} ${n === 1 ? 'finding' : 'findings'}`, { color: done === items.length ? 'green' : 'red' });
      for (const s of items)
        add(`    ${s.done ? '✓' : '✗'} ${s.item.title}${s.findings.length > 0 ? ` (${s.findings.length})` : ''}`, { color: s.done ? 'green' : 'red' });
    }
    return { lines: out, rows: [] };
  },
  breadcrumb: ({ data }) => `Overview › ${data.file}`,
  hint: () => `↑↓ scroll · Tab next pane · ${COMMON_HINT}`,
};
