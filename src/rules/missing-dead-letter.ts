import { defineRule } from '../engine/define-rule.js';
import { relationsOf } from '../model/graph.js';
import { consumedByService } from './utils/consumers.js';
import { engineSentCommands } from './utils/workflow-engine.js';
import { list } from '../util/text.js';

/** A message that can never be processed is either retried forever, blocking its queue, or dropped. */
export default defineRule({
  id: 'missing-dead-letter',
  messages: {
    missing:
      "'{{service}}' consumes {{messages}}, but no dead-letter queue is named for it or for the design: a message it can never process blocks the queue or is lost.",
  },
  hints: {
    missing: "Set infrastructure.deadLetter: { queue: <name>, maxDeliveries: 5 }, or consumers: { deadLetter: <queue> } on '{{service}}'.",
  },
  check({ design, report }) {
    const infra = design.infrastructure.deadLetter;
    if (infra) return;
    const relations = relationsOf(design);
    for (const [service, messages] of consumedByService(design)) {
      const s = design.services.get(service);
      if (!s || typeof s.consumers?.deadLetter === 'string') continue;
      let open = messages;
      if (design.infrastructure.workflowEngine) {
        // A workflow engine keeps failed executions of the processes it runs: those messages are covered,
        // and so are the commands it sends to task and activity workers (1.1).
        const own = new Set<string>(engineSentCommands(design));
        for (const p of relations.coordinated.get(service) ?? []) {
          for (const a of relations.awaits.get(p.name) ?? []) own.add(a.event);
          for (const st of p.startedBy) own.add(st.name);
          // Commands the process sends to its own coordinator are run by the engine too.
          for (const sent of relations.sends.get(p.name) ?? []) if (design.commands.get(sent.command)?.handledBy?.name === service) own.add(sent.command);
        }
        open = messages.filter((m) => !own.has(m.name));
      }
      if (open.length === 0) continue;
      report({
        messageId: 'missing',
        at: s.consumers?.ref ?? s.ref,
        data: {
          service,
          messages: list(
            open.map((m) => m.name),
            4,
          ),
        },
      });
    }
  },
});
