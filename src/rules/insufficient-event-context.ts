import { defineRule } from '../engine/define-rule.js';
import { missingFields } from '../sim/dataflow.js';

/** A command sent without the data it needs fails at run time, or forces its handler to call back. */
export default defineRule({
  id: 'insufficient-event-context',
  messages: {
    missing: "{{where}} sends {{command}}, which needs '{{field}}'{{mapped}}, but the process does not hold it there (it holds {{held}}).",
  },
  hints: {
    missing:
      "Carry '{{field}}' in an earlier event (enrich it at the boundary), keep it in the process's data:, send the command for each element of a list the process holds (forEach:), or take it from a field the process holds with map: { {{target}}: <field> }.",
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      for (const m of missingFields(design, p)) {
        const where = m.where.charAt(0).toUpperCase() + m.where.slice(1);
        report({
          messageId: 'missing',
          at: m.ref,
          data: {
            where,
            command: m.command,
            field: m.field,
            mapped: m.mappedTo ? ` (mapped to '${m.mappedTo}')` : '',
            held: m.held.length > 0 ? m.held.map((f) => `'${f}'`).join(', ') : 'nothing',
            target: m.mappedTo ?? m.field,
          },
        });
      }
    }
  },
});
