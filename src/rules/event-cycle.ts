import { defineRule } from '../engine/define-rule.js';
import { eventCycles } from '../sim/choreography.js';
import { list } from './text.js';

/** Reactions that trigger each other without end keep services busy forever and never finish the process. */
export default defineRule({
  id: 'event-cycle',
  messages: {
    cycle: "The reactions of '{{process}}' go round in a cycle: {{chain}}.",
    guarded: "The reactions of '{{process}}' go round in a cycle: {{chain}}, broken only by {{guards}}.",
  },
  hints: {
    cycle: 'Break the cycle: one of these reactions must stop emitting the event that starts it again, or carry a guard that ends it.',
    guarded: 'Make sure the guard bounds the loop (a counter in the events, a deadline) and that the process ends when it stops.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern !== 'choreography') continue;
      for (const cycle of eventCycles(p)) {
        const first = cycle.reactions[0];
        if (!first) continue;
        const chain = [...cycle.reactions.map((r) => `${r.when.name} → ${r.service.name}`), first.when.name].join(' → ');
        if (cycle.guards.length > 0) report({ messageId: 'guarded', at: first.ref, severity: 'info', data: { process: p.name, chain, guards: list(cycle.guards) } });
        else report({ messageId: 'cycle', at: first.ref, data: { process: p.name, chain } });
      }
    }
  },
});
