import { defineRule } from '../engine/define-rule.js';
import { stepCompensations, undoesNothing } from '../model/graph.js';
import { choreographyGaps } from '../sim/choreography.js';
import { failureArrivals } from '../sim/process-manager.js';
import { sagaTraces } from '../sim/saga.js';
import { list } from '../util/text.js';

/** A completed local transaction that nothing undoes leaves the system inconsistent when a later step fails. */
export default defineRule({
  id: 'missing-compensation',
  messages: {
    sagaStep: "Step '{{step}}' completes before step '{{later}}', which can fail for good, but nothing undoes {{commands}}.",
    compensateOnFailure: "Step '{{step}}' asks for its own compensation when it fails (compensateOnFailure), but it has none.",
    choreography:
      "'{{service}}' runs {{command}} on {{event}}, and {{failures}} can follow, but no reaction of '{{service}}' to {{them}} runs {{compensation}}.",
    processManager:
      "Process '{{process}}' enters failure state '{{state}}' {{trigger}} after sending {{commands}}, and nothing on that path compensates {{them}}.",
  },
  hints: {
    sagaStep:
      "Declare compensations.{{command}} (or the step's compensation:); if it cannot be undone, make this step the pivot (kind: pivot) or a retriable step after it; if its effect needs no undo (a notification, an audit entry), declare compensations.{{command}}: none and say why in a comment.",
    compensateOnFailure: "Declare compensations.{{command}} or the step's compensation:, or drop compensateOnFailure.",
    choreography: 'Add a reaction: when {{first}}, service {{service}}, {{action}}.',
    processManager:
      'Send {{undo}} on this transition (or earlier on the path){{declare}}; or declare compensations.{{command}}: none when its effect needs no undo (say why in a comment).',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern === 'saga') {
        const reported = new Set<string>();
        for (const t of sagaTraces(design, p, false)) {
          for (const problem of t.problems) {
            if (problem.kind !== 'uncompensated' || !problem.ref) continue;
            const step = p.steps.find((s) => s.ref === problem.ref);
            if (!step || reported.has(step.name) || step.name === t.point.id) continue;
            reported.add(step.name);
            const commands = [...(problem.commands ?? [])];
            report({
              messageId: 'sagaStep',
              at: step.ref,
              data: { step: step.name, commands: list(commands), later: t.point.id, command: commands[0] ?? '<command>' },
            });
          }
        }
        for (const s of p.steps) {
          if (s.compensateOnFailure && !s.coveredBy && !undoesNothing(design, s) && stepCompensations(design, s).length === 0) {
            report({ messageId: 'compensateOnFailure', at: s.ref, data: { step: s.name, command: s.commands[0]?.name ?? '<command>' } });
          }
        }
      } else if (p.pattern === 'choreography') {
        for (const gap of choreographyGaps(design, p)) {
          const r = gap.reaction;
          const compensation = gap.compensation.command?.name ?? gap.compensation.event?.name ?? '';
          const action = gap.compensation.command ? `command: ${compensation}` : `emits: [${compensation}]`;
          report({
            messageId: 'choreography',
            at: r.ref,
            data: {
              service: r.service.name,
              command: r.command?.name ?? '',
              event: r.when.name,
              failures: list(gap.failures),
              them: gap.failures.length === 1 ? 'it' : 'them',
              compensation,
              first: gap.failures[0] ?? '',
              action,
            },
          });
        }
      } else {
        for (const a of failureArrivals(design, p)) {
          if (a.uncompensated.size === 0) continue;
          const commands = [...a.uncompensated.keys()];
          report({
            messageId: 'processManager',
            at: a.transition.ref,
            data: {
              process: p.name,
              state: a.target.name,
              trigger: a.trigger ? `on ${a.trigger} from '${a.from.name}'` : `on the timeout of '${a.from.name}'`,
              commands: list(commands),
              them: commands.length === 1 ? 'it' : 'them',
              command: commands[0] ?? '',
              // The compensation it knows, by name; else what to declare.
              undo: (() => {
                const known = commands.map((c) => design.compensations.get(c)?.command?.name).filter((c): c is string => c !== undefined);
                return known.length > 0 ? list(known) : `the compensation of ${list(commands)}`;
              })(),
              declare: commands.some((c) => !design.compensations.has(c))
                ? `, after declaring compensations.${commands.find((c) => !design.compensations.has(c)) ?? ''}`
                : '',
            },
          });
        }
      }
    }
  },
});
