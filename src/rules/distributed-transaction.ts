import { defineRule } from '../engine/define-rule.js';
import { list } from '../util/text.js';

/** ACID across services couples their availability and locks: a process must not depend on it. */
export default defineRule({
  id: 'distributed-transaction',
  messages: {
    atomicStep:
      "Step '{{step}}' of '{{process}}' expects {{commands}} to commit together (atomic: true), but they are handled by {{services}}: that is a distributed transaction.",
    crossServiceAcid:
      'The design relies on {{kind}} transactions while it has {{count}} services; no ACID transaction can span services in a distributed process.',
  },
  hints: {
    atomicStep: 'Split the step into one step per service, each a local transaction with its own compensation.',
    crossServiceAcid: 'Set transactions: none and coordinate the services with a saga: local transactions plus compensations.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      for (const step of p.steps) {
        if (!step.atomic || step.commands.length < 2) continue;
        const services = new Set(step.commands.flatMap((c) => design.commands.get(c.name)?.handledBy?.name ?? []));
        if (services.size < 2) continue;
        report({
          messageId: 'atomicStep',
          at: { ...step.ref, path: [...step.ref.path, 'atomic'] },
          data: { step: step.name, process: p.name, commands: list(step.commands.map((c) => c.name)), services: list([...services]) },
        });
      }
    }
    const kind = design.infrastructure.transactions;
    if ((kind === 'two-phase-commit' || kind === 'xa') && design.services.size > 1) {
      report({
        messageId: 'crossServiceAcid',
        at: { ...design.infrastructure.ref, path: ['infrastructure', 'transactions'] },
        data: { kind: kind === 'xa' ? 'XA' : 'two-phase commit', count: design.services.size },
      });
    }
  },
});
