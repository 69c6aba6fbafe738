import { defineRule } from '../engine/define-rule.js';
import { relationsOf } from '../model/graph.js';
import { engineOnlyCommands, engineRun } from './utils/workflow-engine.js';
import type { Design, Service } from '../model/types.js';
import { list } from '../util/text.js';

/** A state write followed by a broker call is a dual write: a crash between them loses or invents messages. */
export default defineRule({
  id: 'missing-outbox',
  messages: {
    direct:
      "'{{service}}' saves its state and then sends {{what}} straight to the broker (publishing: direct): a crash between the two writes loses or invents messages.",
    undeclared: "'{{service}}' saves its state and sends {{what}}, but does not say how they leave its local transaction.",
  },
  hints: {
    direct: 'Use publishing: outbox (messages written to an outbox table in the same local transaction) or event-store.',
    undeclared: 'Declare publishing: {{suggested}} (or direct, to accept the dual write knowingly).',
  },
  check({ design, report }) {
    const published = new Map<string, string[]>();
    // A coordinator run by a workflow engine sends its processes' messages through the engine's history (1.1).
    const engineMessages = new Map<string, Set<string>>();
    const engineProcesses = new Set<string>();
    for (const p of design.processes.values()) {
      if (!engineRun(design, p)) continue;
      engineProcesses.add(p.name);
      if (!p.coordinator) continue;
      const own = engineMessages.get(p.coordinator.name) ?? new Set<string>();
      for (const e of [p.completesWith, p.failsWith]) if (e) own.add(e.name);
      engineMessages.set(p.coordinator.name, own);
    }
    // A reply to a task the engine sent goes back through the engine, which runs the task again until
    // it hears back: a reply lost in a crash is a task run twice, not a message lost (1.1, workflowEngine).
    const engineOnly = engineOnlyCommands(design);
    const toEngine = (event: string) => {
      const replyTo = design.events.get(event)?.replyTo ?? [];
      return replyTo.length > 0 && replyTo.every((c) => engineOnly.has(c.name));
    };
    // Only the services that publish directly, or do not say how, are looked at.
    const unsure = (s: Service | undefined) => s !== undefined && s.persistence !== 'none' && (s.publishing === undefined || s.publishing === 'direct');
    const candidates = new Set([...design.services.values()].filter(unsure).map((s) => s.name));
    if (candidates.size === 0) return;
    // forEach: a for-of makes an iterator and a result for each step of cold code.
    relationsOf(design).producers.forEach((producers, event) => {
      if (!producers.some((p) => candidates.has(p.service)) || toEngine(event)) return;
      const sent = producers.filter(
        (p) =>
          candidates.has(p.service) &&
          !(p.via === 'publish' && p.process !== undefined && engineProcesses.has(p.process)) &&
          !engineMessages.get(p.service)?.has(event),
      );
      for (const service of new Set(sent.map((p) => p.service))) {
        const events = published.get(service);
        if (events) events.push(event);
        else published.set(service, [event]);
      }
    });
    design.services.forEach((s) => {
      if (!unsure(s)) return;
      const what = messagesSent(design, s, published.get(s.name) ?? []);
      if (!what) return;
      if (s.publishing === 'direct') {
        report({ messageId: 'direct', at: { ...s.ref, path: [...s.ref.path, 'publishing'] }, data: { service: s.name, what } });
      } else if (s.publishing === undefined) {
        const suggested = s.persistence === 'event-sourced' ? 'event-store' : 'outbox';
        report({ messageId: 'undeclared', at: s.ref, severity: 'warning', data: { service: s.name, what, suggested } });
      }
    });
  },
});

/** "events ('A', 'B')", "commands as the coordinator of 'P'", both, or undefined when it sends nothing. */
function messagesSent(design: Design, s: Service, events: string[]): string | undefined {
  const relations = relationsOf(design);
  const coordinating = (relations.coordinated.get(s.name) ?? []).filter(
    (p) => !engineRun(design, p) && (relations.sends.get(p.name) ?? []).some((x) => x.via !== 'reaction'),
  );
  const parts: string[] = [];
  if (events.length > 0) parts.push(`events (${list(events.sort(), 3)})`);
  if (coordinating.length > 0)
    parts.push(
      `commands as the coordinator of ${list(
        coordinating.map((p) => p.name),
        3,
      )}`,
    );
  return parts.length === 0 ? undefined : parts.join(' and ');
}
