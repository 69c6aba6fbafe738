import { defineRule } from '../engine/define-rule.js';

/** A batch in which some items fail needs a decided outcome, or it ends half done by accident. */
export default defineRule({
  id: 'batch-partial-failure',
  messages: {
    missing: "Step '{{step}}' sends {{command}} for each of '{{forEach}}' but does not say what happens when only some of them fail.",
  },
  hints: {
    missing: 'Declare partialFailure: fail-all, compensate-completed (undo the items that succeeded) or continue.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      for (const s of p.steps) {
        if (s.forEach && !s.partialFailure) {
          report({ messageId: 'missing', at: s.ref, data: { step: s.name, command: s.commands.map((c) => c.name).join(', '), forEach: s.forEach } });
        }
      }
    }
  },
});
