import { defineRule } from '../engine/define-rule.js';
import { reachable } from '../sim/process-manager.js';

/** A state no transition leads to is dead design: a forgotten transition, or a leftover. */
export default defineRule({
  id: 'unreachable-state',
  messages: {
    unreachable: "State '{{state}}' of '{{process}}' cannot be reached from its initial state '{{initial}}'.",
  },
  hints: {
    unreachable: "Add the transition that should lead to '{{state}}' (goto: {{state}}), or remove the state.",
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern !== 'process-manager' || !p.initial || !p.states.has(p.initial.name)) continue;
      const live = reachable(p);
      for (const s of p.states.values()) {
        if (!live.has(s.name)) report({ messageId: 'unreachable', at: s.ref, data: { state: s.name, process: p.name, initial: p.initial.name } });
      }
    }
  },
});
