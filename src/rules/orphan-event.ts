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
      if (c.event) compensationEvents.add(c.event.name);
      if (c.onSuccess) compensationEvents.add(c.onSuccess.name);
      for (let i = 0; i < c.onFailure.length; i++) compensationEvents.add((c.onFailure[i] as { name: string }).name);
    };
    // forEach and indexed loops: a for-of makes an iterator and a result for each step of cold code.
    design.compensations.forEach(addCompensation);
    for (const p of design.processes.values()) for (const s of p.steps) if (s.ownCompensation) addCompensation(s.ownCompensation);
    design.events.forEach((e) => {
      const producers = relations.producers.get(e.name) ?? [];
      if (producers.length === 0 || (relations.consumers.get(e.name)?.length ?? 0) > 0) return;
      if (e.visibility === 'external' || e.fromOutside || isReply(e) || outcomes.has(e.name) || compensationEvents.has(e.name)) return;
      const producer = e.producedBy?.name ?? producers[0]?.service ?? '';
      if (design.services.get(producer)?.persistence === 'event-sourced') return;
      report({ messageId: 'orphan', at: e.ref, data: { event: e.name, producer } });
    });
  },
});
