import { defineRule } from '../engine/define-rule.js';
import { relationsOf } from '../model/graph.js';
import { reachable, restsIn } from '../sim/process-manager.js';

/** A process that waits on another service without a deadline waits for ever when that service is gone. */
export default defineRule({
  id: 'missing-timeout',
  messages: {
    saga: "Saga '{{process}}' waits on other services ({{waits}}) with no timeout on those steps nor on the process.",
    processManager: "Process manager '{{process}}' waits on other services in {{waits}} with no timeout on those states nor on the process.",
    choreography: "Choreography '{{process}}' waits on events from other services ({{waits}}) with no timeout on the process.",
  },
  hints: {
    saga: 'Declare timeout: on the process (its deadline) or on each step that waits.',
    processManager: 'Declare timeout: on the process, or a timeout on each waiting state that leads to a failure state.',
    choreography: 'Declare timeout: on the process, and decide who watches it (a choreography has no coordinator).',
  },
  check({ design, report }) {
    const relations = relationsOf(design);
    const producerOf = (event: string) => design.events.get(event)?.producedBy?.name ?? relations.producers.get(event)?.[0]?.service;
    for (const p of design.processes.values()) {
      if (p.timeout) continue;
      const coordinator = p.coordinator?.name;
      const waits: string[] = [];
      if (p.pattern === 'saga') {
        for (const s of p.steps) {
          if (s.timeout) continue;
          const foreign = s.commands.some((c) => {
            const handler = design.commands.get(c.name)?.handledBy?.name;
            return handler !== undefined && handler !== coordinator;
          });
          if (foreign) waits.push(`step '${s.name}'`);
        }
      } else if (p.pattern === 'process-manager') {
        const live = reachable(p);
        for (const s of p.states.values()) {
          // A state is a wait for what it can still receive once the process rests in it (1.1).
          if (s.terminal || s.timeout || !live.has(s.name) || !restsIn(p, s)) continue;
          const foreign = s.on.some((h) => {
            const producer = producerOf(h.message.name);
            return producer !== undefined && producer !== coordinator;
          });
          if (foreign) waits.push(`'${s.name}'`);
        }
      } else {
        // The events that start the choreography are no wait: nothing of it exists before them (1.1).
        // Without startedBy, they are the triggers that no reaction of it emits: what comes first.
        const emitted = new Set(p.reactions.flatMap((r) => r.emits.map((e) => e.name)));
        const starts = new Set(p.startedBy.length > 0 ? p.startedBy.map((s) => s.name) : p.reactions.map((r) => r.when.name).filter((e) => !emitted.has(e)));
        for (const r of p.reactions) {
          if (starts.has(r.when.name)) continue;
          const producer = producerOf(r.when.name);
          if (producer !== undefined && producer !== r.service.name) waits.push(`${r.service.name} on ${r.when.name}`);
        }
      }
      if (waits.length === 0) continue;
      const messageId = p.pattern === 'saga' ? 'saga' : p.pattern === 'process-manager' ? 'processManager' : 'choreography';
      report({
        messageId,
        at: p.ref,
        data: { process: p.name, waits: waits.length > 4 ? `${waits.slice(0, 4).join(', ')} and ${waits.length - 4} more` : waits.join(', ') },
      });
    }
  },
});
