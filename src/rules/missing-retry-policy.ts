import { defineRule } from '../engine/define-rule.js';
import { relationsOf } from '../model/graph.js';
import { consumedByService } from './utils/consumers.js';
import { engineRun } from './utils/workflow-engine.js';
import { anyRetryDeclared, retryFor } from '../model/policies.js';
import { list } from '../util/text.js';

/** Without retries a network blip is a permanent failure: compensations run for nothing. */
export default defineRule({
  id: 'missing-retry-policy',
  messages: {
    nowhere: 'No retry policy applies anywhere in the design: every transient failure of a step or a consumer becomes a permanent one.',
    step: "Step '{{step}}' has no retry policy: none on it, on {{command}}, on the consumers of '{{handler}}', nor infrastructure.defaultRetry.",
    consumer: "'{{service}}' consumes {{messages}} with no retry policy: none on the messages, on its consumers, nor infrastructure.defaultRetry.",
  },
  hints: {
    nowhere: 'Declare infrastructure.retryPolicies (say, default: { maxAttempts: 5, backoff: exponential }) and infrastructure.defaultRetry.',
    step: 'Name a policy with retry: on the step or the command, or set infrastructure.defaultRetry.',
    consumer: "Name a policy in the consumers of '{{service}}' (consumers: { retry: <policy> }), or set infrastructure.defaultRetry.",
  },
  check({ design, report }) {
    const steps = [...design.processes.values()].flatMap((p) => p.steps);
    const consumers = consumedByService(design);
    if (steps.length === 0 && consumers.size === 0) return;
    if (!anyRetryDeclared(design)) {
      const infra = design.infrastructure;
      report({ messageId: 'nowhere', at: infra.declared ? infra.ref : { file: design.file, path: [] } });
      return;
    }
    // A command a step retries is retried for its handler too; it is not reported again at the consumer.
    const covered = new Set<string>();
    for (const s of steps) for (const c of s.commands) if (s.retry) covered.add(c.name);
    for (const c of design.compensations.values()) if (c.retry && c.command) covered.add(c.command.name);
    // A coordinator run by a workflow engine is handed its process's messages by the engine (1.1).
    const engineHanded = new Set<string>();
    const { awaits } = relationsOf(design);
    for (const p of design.processes.values()) {
      if (!engineRun(design, p) || !p.coordinator) continue;
      for (const m of [...(awaits.get(p.name) ?? []).map((a) => a.event), ...p.startedBy.map((x) => x.name)])
        engineHanded.add(`${p.coordinator.name}\u0000${m}`);
    }
    for (const s of steps) {
      for (const c of s.commands) {
        if (retryFor(design, c.name, s.retry)) continue;
        const handler = design.commands.get(c.name)?.handledBy?.name ?? '?';
        covered.add(c.name);
        report({ messageId: 'step', at: s.ref, data: { step: s.name, command: c.name, handler } });
        break;
      }
    }
    // forEach: a for-of makes an iterator and a result for each step of cold code.
    consumers.forEach((messages, service) => {
      const s = design.services.get(service);
      if (!s) return;
      const lacking = messages.filter(
        (m) =>
          !covered.has(m.name) &&
          !(engineHanded.size > 0 && engineHanded.has(`${service}\u0000${m.name}`)) &&
          !(m.kind === 'command' ? retryFor(design, m.name) : (s.consumers?.retry ?? design.infrastructure.defaultRetry)),
      );
      if (lacking.length === 0) return;
      report({
        messageId: 'consumer',
        at: s.consumers?.ref ?? s.ref,
        data: {
          service,
          messages: list(
            lacking.map((m) => m.name),
            4,
          ),
        },
      });
    });
  },
});
