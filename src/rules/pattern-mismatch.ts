import { defineRule } from '../engine/define-rule.js';
import type { RuleOptions } from '../generated/rules-meta.js';
import { decisionPoints } from '../sim/process-manager.js';
import { longestChain } from '../sim/choreography.js';

/** The wrong coordination pattern makes a process harder to change than its shape requires. */
export default defineRule<'sagaDecisions' | 'wideChoreography' | 'longChoreography' | 'straightProcessManager', RuleOptions['pattern-mismatch']>({
  id: 'pattern-mismatch',
  messages: {
    sagaDecisions:
      "Saga '{{process}}' has {{count}} decision points ({{steps}}): a process with many decisions fits a process manager, whose state machine makes each branch explicit.",
    wideChoreography:
      "Choreography '{{process}}' involves {{count}} services: beyond {{max}}, nobody sees the whole flow; orchestration (a saga or a process manager) fits it better.",
    longChoreography:
      "Choreography '{{process}}' chains {{count}} reactions one after another: beyond {{max}}, the flow is hard to follow and to change; orchestration fits it better.",
    straightProcessManager:
      "Process manager '{{process}}' is a straight line: no guard, and no state leads to two different states that are not failures. A saga says the same more simply.",
  },
  hints: {
    sagaDecisions: 'Consider pattern: process-manager, with a state per decision.',
    wideChoreography: 'Consider a saga or a process manager coordinating the services; keep choreography for small, stable flows.',
    longChoreography: 'Consider a saga coordinating the chain; keep choreography for short reactions.',
    straightProcessManager: 'Consider pattern: saga, with one step per state.',
  },
  check({ design, options, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern === 'saga') {
        const guarded = p.steps.filter((s) => s.condition);
        if (guarded.length >= options.maxSagaDecisions) {
          report({
            messageId: 'sagaDecisions',
            at: p.ref,
            data: { process: p.name, count: guarded.length, steps: guarded.map((s) => `'${s.name}'`).join(', ') },
          });
        }
      } else if (p.pattern === 'choreography') {
        const services = new Set(p.reactions.map((r) => r.service.name));
        if (services.size > options.maxChoreographyServices) {
          report({ messageId: 'wideChoreography', at: p.ref, data: { process: p.name, count: services.size, max: options.maxChoreographyServices } });
        }
        const chain = longestChain(p);
        if (chain > options.maxChoreographyChain) {
          report({ messageId: 'longChoreography', at: p.ref, data: { process: p.name, count: chain, max: options.maxChoreographyChain } });
        }
      } else {
        const d = decisionPoints(p);
        if (d.guards === 0 && d.branchingStates.length === 0 && p.states.size > 0)
          report({ messageId: 'straightProcessManager', at: p.ref, data: { process: p.name } });
      }
    }
  },
});
