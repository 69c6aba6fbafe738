import { defineRule } from '../engine/define-rule.js';
import { plural } from '../util/text.js';

/** A process that loses a message stalls half-done: its next step never starts and nothing compensates. */
export default defineRule({
  id: 'unreliable-messaging',
  messages: {
    inMemory:
      'The broker is in-memory while the design has {{processes}}: every message in flight is lost when the broker restarts, and the processes waiting on them stall.',
    notDurable: 'Messages are not durable (durable: false): a broker restart loses those in flight, and the processes waiting on them stall.',
    atMostOnce: 'Delivery is at-most-once: a message lost once is lost for good, and the process waiting on it stalls.',
  },
  hints: {
    inMemory: 'Use a durable broker (eventstoredb, kafka, rabbitmq, …) for designs with processes.',
    notDurable: 'Set durable: true (persistent queues or streams).',
    atMostOnce: 'Use at-least-once delivery with idempotent consumers.',
  },
  check({ design, report }) {
    const m = design.infrastructure.messaging;
    if (!m || design.processes.size === 0) return;
    const at = (key: string) => ({ ...m.ref, path: [...m.ref.path, key] });
    if (m.broker === 'in-memory')
      report({ messageId: 'inMemory', at: at('broker'), data: { processes: plural(design.processes.size, 'process', 'processes') } });
    if (m.durable === false) report({ messageId: 'notDurable', at: at('durable') });
    if (m.delivery === 'at-most-once') report({ messageId: 'atMostOnce', at: at('delivery') });
  },
});
