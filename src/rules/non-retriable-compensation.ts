import { defineRule } from '../engine/define-rule.js';
import { stepCompensations } from '../model/graph.js';
import { isIdempotentHandling, retryFor } from '../model/policies.js';
import type { Compensation } from '../model/types.js';

/** A compensation that gives up leaves the process half undone, with no further way back. */
export default defineRule({
  id: 'non-retriable-compensation',
  messages: {
    noRetry:
      "The compensation {{command}} (undoing {{undoes}}) has no retry policy: none on it, on {{command}}, on its handler's consumers, nor infrastructure.defaultRetry.",
    notIdempotent:
      "The compensation {{command}} (undoing {{undoes}}) is handled by '{{handler}}', whose handlers are not idempotent: a retried compensation may be applied twice.",
    idempotencyUnknown:
      "The compensation {{command}} (undoing {{undoes}}) is retried, but the design does not say whether '{{handler}}' handles redeliveries idempotently.",
  },
  hints: {
    noRetry: 'Give it a retry policy that does not give up (maxAttempts: unlimited), with a dead-letter queue for manual repair.',
    notIdempotent: 'Make the handler idempotent, or give {{command}} an idempotencyKey.',
    idempotencyUnknown: "Declare consumers: { idempotent: true } on '{{handler}}', or an idempotencyKey on {{command}}.",
  },
  check({ design, report }) {
    const seen = new Set<Compensation>();
    const checkOne = (c: Compensation, undoes: string) => {
      if (seen.has(c) || !c.command) return;
      seen.add(c);
      const command = c.command.name;
      const handler = design.commands.get(command)?.handledBy?.name ?? '?';
      const data = { command, undoes, handler };
      if (!retryFor(design, command, c.retry)) report({ messageId: 'noRetry', at: c.ref, data });
      const idempotent = isIdempotentHandling(design, command);
      if (idempotent === false) report({ messageId: 'notIdempotent', at: c.ref, data });
      else if (idempotent === undefined && design.commands.has(command)) report({ messageId: 'idempotencyUnknown', at: c.ref, data, severity: 'info' });
    };
    for (const [undone, c] of design.compensations) checkOne(c, undone);
    for (const p of design.processes.values()) {
      for (const s of p.steps) if (s.ownCompensation) for (const c of stepCompensations(design, s)) checkOne(c, s.commands.map((x) => x.name).join(', '));
    }
  },
});
