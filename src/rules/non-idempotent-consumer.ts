import { defineRule } from '../engine/define-rule.js';
import { consumedByService } from './utils/consumers.js';
import { list } from '../util/text.js';

/** At-least-once delivery redelivers: a handler that is not idempotent applies a message twice. */
export default defineRule({
  id: 'non-idempotent-consumer',
  messages: {
    notIdempotent: "'{{service}}' says its handlers are not idempotent, but delivery is at-least-once: {{messages}} can be processed twice.",
    undeclared:
      "'{{service}}' consumes {{messages}} with at-least-once delivery but does not say its handlers are idempotent: a redelivered message is processed twice.",
  },
  hints: {
    notIdempotent: 'Make the handlers de-duplicate (a processed-message table, or idempotent writes), then declare consumers: { idempotent: true }.',
    undeclared: 'Declare consumers: { idempotent: true } once the handlers de-duplicate, or give each command an idempotencyKey.',
  },
  check({ design, report }) {
    if (design.infrastructure.messaging?.delivery !== 'at-least-once') return;
    for (const [service, messages] of consumedByService(design)) {
      const s = design.services.get(service);
      if (!s || s.consumers?.idempotent === true) continue;
      const exposed = messages.filter((m) => m.kind === 'event' || !design.commands.get(m.name)?.idempotencyKey);
      if (exposed.length === 0) continue;
      const data = {
        service,
        messages: list(
          exposed.map((m) => m.name),
          4,
        ),
      };
      if (s.consumers?.idempotent === false) report({ messageId: 'notIdempotent', at: { ...s.ref, path: [...s.ref.path, 'consumers', 'idempotent'] }, data });
      else report({ messageId: 'undeclared', at: s.consumers?.ref ?? s.ref, data });
    }
  },
});
