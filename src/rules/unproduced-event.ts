import { defineRule } from '../engine/define-rule.js';
import { relationsOf } from '../model/graph.js';
import { list } from '../util/text.js';

/** Something waits for an event nothing publishes: that wait never ends. */
export default defineRule({
  id: 'unproduced-event',
  messages: {
    unproduced: "Event '{{event}}' is awaited by {{consumers}}, but nothing in the design produces it.",
  },
  hints: {
    unproduced: "Declare producedBy: <service> for '{{event}}', or source: external if a third party sends it.",
  },
  check({ design, report }) {
    const relations = relationsOf(design);
    for (const e of design.events.values()) {
      if (e.producedBy || e.fromOutside || (relations.producers.get(e.name)?.length ?? 0) > 0) continue;
      const consumers = relations.consumers.get(e.name) ?? [];
      if (consumers.length === 0) continue;
      report({ messageId: 'unproduced', at: e.ref, data: { event: e.name, consumers: list([...new Set(consumers.map((c) => c.service))]) } });
    }
  },
});
