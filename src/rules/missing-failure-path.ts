import { defineRule } from '../engine/define-rule.js';
import { isReadOnlyStep, startsProcess } from '../model/graph.js';
import type { State } from '../model/types.js';
import { edgesOf, reachable } from '../sim/process-manager.js';

/** A step that cannot report a permanent failure leaves the coordinator waiting instead of compensating. */
export default defineRule({
  id: 'missing-failure-path',
  messages: {
    sagaStep: "Step '{{step}}' declares no failure event: when {{command}} fails for good, the saga is never told and cannot compensate.",
    state: "State '{{state}}' of '{{process}}' has no way to a failure state and no timeout: if what it waits for never comes, the process cannot fail.",
  },
  hints: {
    sagaStep: 'Declare onFailure: [<the event {{handler}} publishes when {{command}} fails>], or kind: retriable if it is retried until it succeeds.',
    state: 'Add a transition on the failure event it may receive, or a timeout that leads to a failure state.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern === 'saga') {
        for (const s of p.steps) {
          if (s.onFailure.length > 0 || s.declaredKind === 'retriable' || isReadOnlyStep(design, s) || startsProcess(p, s) || s.commands.length === 0) continue;
          const command = s.commands.map((c) => c.name).join(', ');
          const handler = design.commands.get(s.commands[0]?.name ?? '')?.handledBy?.name ?? 'its handler';
          report({ messageId: 'sagaStep', at: s.ref, data: { step: s.name, command, handler } });
        }
      } else if (p.pattern === 'process-manager') {
        const failures = [...p.states.values()].filter((s) => s.terminal === 'failure');
        if (failures.length === 0) continue;
        // States from which a failure state can be reached, found backwards from the failure states.
        const canFail = new Set<string>(failures.map((s) => s.name));
        const into = new Map<string, State[]>();
        for (const s of p.states.values()) {
          for (const e of edgesOf(p, s)) {
            const list = into.get(e.to.name);
            if (list) list.push(s);
            else into.set(e.to.name, [s]);
          }
        }
        const queue = [...canFail];
        for (let i = 0; i < queue.length; i++) {
          for (const from of into.get(queue[i] as string) ?? []) {
            if (!canFail.has(from.name) && !from.terminal) {
              canFail.add(from.name);
              queue.push(from.name);
            }
          }
        }
        const live = reachable(p);
        for (const s of p.states.values()) {
          if (s.terminal || s.timeout || canFail.has(s.name) || !live.has(s.name)) continue;
          report({ messageId: 'state', at: s.ref, data: { state: s.name, process: p.name } });
        }
      }
    }
  },
});
