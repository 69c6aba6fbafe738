import { defineRule } from '../engine/define-rule.js';
import type { RuleOptions } from '../generated/rules-meta.js';
import { relationsOf } from '../model/graph.js';
import { list } from '../util/text.js';

/** One coordinator that knows every service's business becomes the place where all change collides. */
export default defineRule<'tooManyCommands' | 'tooManyServices' | 'tooManyStates' | 'tooManyProcesses', RuleOptions['god-process-manager']>({
  id: 'god-process-manager',
  messages: {
    tooManyCommands: "Process '{{process}}' sends {{count}} distinct commands (more than {{max}}): {{commands}}.",
    tooManyServices: "Process '{{process}}' directs {{count}} services (more than {{max}}): {{services}}.",
    tooManyStates: "Process manager '{{process}}' has {{count}} states (more than {{max}}).",
    tooManyProcesses: "'{{service}}' coordinates {{count}} processes (more than {{max}}): {{processes}}.",
  },
  hints: {
    tooManyCommands:
      'Split the process along its sub-goals (one process each, linked by events), or let a choreography handle the parts that need no central decision.',
    tooManyServices: 'Split the process along its sub-goals, or let the services react to each other’s events where no central decision is needed.',
    tooManyStates: 'Extract groups of states that serve one sub-goal into a process of their own.',
    tooManyProcesses: 'Host unrelated processes in the contexts that own their outcomes instead of one central coordinator.',
  },
  check({ design, options, report }) {
    const relations = relationsOf(design);
    for (const p of design.processes.values()) {
      if (p.pattern === 'choreography') continue;
      const starting = new Set(p.startedBy.map((s) => s.name));
      const commands = [...new Set((relations.sends.get(p.name) ?? []).filter((s) => !s.isCompensation && !starting.has(s.command)).map((s) => s.command))];
      // The services it directs: those that handle its commands, the coordinator itself not counted (1.1).
      const services = [...new Set(commands.flatMap((c) => design.commands.get(c)?.handledBy?.name ?? []))].filter((s) => s !== p.coordinator?.name);
      if (commands.length > options.maxCommands) {
        report({
          messageId: 'tooManyCommands',
          at: p.ref,
          data: { process: p.name, count: commands.length, max: options.maxCommands, commands: list(commands) },
        });
      }
      if (services.length > options.maxServices) {
        report({
          messageId: 'tooManyServices',
          at: p.ref,
          data: { process: p.name, count: services.length, max: options.maxServices, services: list(services) },
        });
      }
      if (p.pattern === 'process-manager' && p.states.size > options.maxStates) {
        report({ messageId: 'tooManyStates', at: p.ref, data: { process: p.name, count: p.states.size, max: options.maxStates } });
      }
    }
    for (const [service, processes] of relations.coordinated) {
      const s = design.services.get(service);
      if (!s || processes.length <= options.maxProcesses) continue;
      report({
        messageId: 'tooManyProcesses',
        at: s.ref,
        data: { service, count: processes.length, max: options.maxProcesses, processes: list(processes.map((p) => p.name)) },
      });
    }
  },
});
