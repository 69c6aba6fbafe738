import { defineRule } from '../engine/define-rule.js';
import { deadEnds } from '../sim/process-manager.js';

/** A process that enters a state it cannot leave stays there for ever, half done. */
export default defineRule({
  id: 'dead-end-state',
  messages: {
    noWayOut: "State '{{state}}' of '{{process}}' is not terminal but has no transition and no timeout: a process that enters it stays there for ever.",
    onlySelf: "State '{{state}}' of '{{process}}' is not terminal, and its transitions all stay in it and it has no timeout: it can never be left.",
  },
  hints: {
    noWayOut: 'Add the transitions out of it (on: <event>: { goto: <state> }) and a timeout, or mark it terminal: success or failure.',
    onlySelf: 'Add a transition to another state, or a timeout, or mark it terminal.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern !== 'process-manager') continue;
      for (const d of deadEnds(p)) {
        report({ messageId: d.onlySelf ? 'onlySelf' : 'noWayOut', at: d.state.ref, data: { state: d.state.name, process: p.name } });
      }
    }
  },
});
