import { defineRule } from '../engine/define-rule.js';
import { missingFields } from '../sim/dataflow.js';
import { list } from '../util/text.js';

/** A command sent without the data it needs fails at run time, or forces its handler to call back. */
export default defineRule({
  id: 'insufficient-event-context',
  messages: {
    missing: '{{where}} sends {{command}}, which needs {{fields}}, but the process does not hold {{them}} there (it holds {{held}}).',
  },
  hints: {
    missing:
      "Carry {{fields}} in an earlier event (enrich it at the boundary), keep {{them}} in the process's data:, send the command for each element of a list the process holds (forEach:), take {{them}} from a field the process holds with map: { {{target}}: <field> }, or list a value the sender fills in itself under sets:.",
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      for (const m of missingFields(design, p)) {
        const where = m.where.charAt(0).toUpperCase() + m.where.slice(1);
        const named = m.missing.map((g) => `'${g.field}'${g.mappedTo ? ` (mapped to '${g.mappedTo}')` : ''}`);
        report({
          messageId: 'missing',
          at: m.ref,
          data: {
            where,
            command: m.command,
            fields: list(named, 8, (n) => n),
            them: m.missing.length === 1 ? 'it' : 'them',
            held: m.held.length > 0 ? m.held.map((f) => `'${f}'`).join(', ') : 'nothing',
            target: m.missing[0]?.mappedTo ?? m.missing[0]?.field ?? '<field>',
          },
        });
      }
    }
  },
});
