import { defineRule } from '../engine/define-rule.js';
import { isReadOnlyStep } from '../model/graph.js';
import { pivotIndex } from '../sim/saga.js';
import { list } from '../util/text.js';

/** Past the point of no return nothing is compensated: a step there that can fail leaves the saga stuck. */
export default defineRule({
  id: 'pivot-violation',
  messages: {
    severalPivots: "Saga '{{process}}' has a second pivot, '{{step}}' (the first is '{{first}}'); a saga has one point of no return.",
    notRetriable: "Step '{{step}}' comes after the pivot '{{pivot}}' but is {{kind}}: past the point of no return every step must eventually succeed.",
    canFail:
      "Step '{{step}}' comes after the pivot '{{pivot}}' and can fail for good ({{events}}): past the point of no return nothing undoes the steps before it.",
    kindUnknown: "Step '{{step}}' comes after the pivot '{{pivot}}' and does not declare its kind; it must eventually succeed.",
  },
  hints: {
    severalPivots: 'Keep one pivot: make the steps before it compensatable and the steps after it retriable.',
    notRetriable: 'Make it retriable (retried until it succeeds), or move it before the pivot with a compensation.',
    canFail: 'Drop the failure events and retry until it succeeds, or move the step before the pivot with a compensation.',
    kindUnknown: 'Declare kind: retriable (and a retry policy that does not give up), or move it before the pivot.',
  },
  check({ design, report }) {
    for (const p of design.processes.values()) {
      if (p.pattern !== 'saga') continue;
      const first = pivotIndex(p);
      if (first === undefined) continue;
      const pivot = p.steps[first]?.name ?? '';
      for (const step of p.steps.slice(first + 1)) {
        const data = { process: p.name, step: step.name, pivot, first: pivot };
        if (step.declaredKind === 'pivot') report({ messageId: 'severalPivots', at: { ...step.ref, path: [...step.ref.path, 'kind'] }, data });
        else if (step.declaredKind === 'compensatable')
          report({ messageId: 'notRetriable', at: { ...step.ref, path: [...step.ref.path, 'kind'] }, data: { ...data, kind: 'compensatable' } });
        else if (step.declaredKind === 'retriable' && step.onFailure.length > 0) {
          report({
            messageId: 'canFail',
            at: { ...step.ref, path: [...step.ref.path, 'onFailure'] },
            data: { ...data, events: list(step.onFailure.map((e) => e.name)) },
          });
        } else if (step.declaredKind === undefined && !isReadOnlyStep(design, step)) {
          report({ messageId: 'kindUnknown', at: step.ref, data, severity: 'info' });
        }
      }
    }
  },
});
