import { defineRule } from '../engine/define-rule.js';
import { eventCycles } from '../sim/choreography.js';
import { list } from '../util/text.js';

/** Reactions that trigger each other without end keep services busy forever and never finish the process. */
export default defineRule({
  id: 'event-cycle',
  messages: {
    cycle: "The reactions of '{{process}}' go round in a cycle: {{chain}}; this reaction ({{closing}}) emits {{event}} again.",
    guarded: "The reactions of '{{process}}' go round in a cycle: {{chain}}, broken only by {{guards}}; this reaction ({{closing}}) emits {{event}} again.",
  },
  hints: {
    cycle: 'Break the cycle here: emit a new event instead of {{event}}, or give this reaction a guard (if:) that ends it.',
    guarded: 'Make sure the guard bounds the loop (a counter in the events, a deadline) and that the process ends when it stops.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern !== 'choreography') continue;
      for (const cycle of eventCycles(p)) {
        const first = cycle.reactions[0];
        if (!first) continue;
        const chain = [...cycle.reactions.map((r) => `${r.when.name} → ${r.service.name}`), first.when.name].join(' → ');
        // At the reaction that closes the cycle: its emitted event starts it again (1.1).
        const at = cycle.closing.ref;
        const data = { process: p.name, chain, closing: `${cycle.closing.service.name} on ${cycle.closing.when.name}`, event: first.when.name };
        if (cycle.guards.length > 0) report({ messageId: 'guarded', at, severity: 'info', data: { ...data, guards: list(cycle.guards) } });
        else report({ messageId: 'cycle', at, data });
      }
    }
  },
});
