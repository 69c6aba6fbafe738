import { defineRule } from '../engine/define-rule.js';
import { isReply, relationsOf } from '../model/graph.js';

/** An internal event nobody reads is dead weight in the model, or a consumer someone forgot to write. */
export default defineRule({
  id: 'orphan-event',
  messages: {
    orphan: "Event '{{event}}' is published by '{{producer}}' but nothing in the design consumes it.",
  },
  hints: {
    orphan: 'Add the consumer that should react to it, mark it external if other teams read it, or remove it.',
  },
  check({ design, report }) {
    const relations = relationsOf(design);
    const outcomes = new Set<string>();
    for (const p of design.processes.values()) {
      if (p.completesWith) outcomes.add(p.completesWith.name);
      if (p.failsWith) outcomes.add(p.failsWith.name);
    }
    // A compensation's outcome events are awaited by whoever runs it.
    const compensationEvents = new Set<string>();
    const addCompensation = (c: { event?: { name: string }; onSuccess?: { name: string }; onFailure: readonly { name: string }[] }) => {
      for (const e of [c.event, c.onSuccess, ...c.onFailure]) if (e) compensationEvents.add(e.name);
    };
    for (const c of design.compensations.values()) addCompensation(c);
    for (const p of design.processes.values()) for (const s of p.steps) if (s.ownCompensation) addCompensation(s.ownCompensation);
    for (const e of design.events.values()) {
      const producers = relations.producers.get(e.name) ?? [];
      if (producers.length === 0 || (relations.consumers.get(e.name)?.length ?? 0) > 0) continue;
      if (e.visibility === 'external' || e.fromOutside || isReply(e) || outcomes.has(e.name) || compensationEvents.has(e.name)) continue;
      const producer = e.producedBy?.name ?? producers[0]?.service ?? '';
      if (design.services.get(producer)?.persistence === 'event-sourced') continue;
      report({ messageId: 'orphan', at: e.ref, data: { event: e.name, producer } });
    }
  },
});
