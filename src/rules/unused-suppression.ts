import { defineRule } from '../engine/define-rule.js';
import { RULE_IDS } from './ids.js';
import { didYouMean } from '../util/nearest.js';

/** A stale suppression hides tomorrow's finding on that line; a reasonless one hides a decision. */
export default defineRule({
  id: 'unused-suppression',
  phase: 'suppressions',
  messages: {
    unused: "This suppression of '{{rule}}' matches no finding on line {{line}}.",
    unknownRule: "'{{rule}}' is not a rule id{{suggestion}}",
    noReason: "A suppression needs a reason after '--': # eda-advisor-ignore {{rules}} -- <why>.",
    noRule: 'A suppression names the rules it hides: # eda-advisor-ignore <rule-id> -- <why>.',
  },
  hints: {
    unused: 'Remove it, or put it on the line above the node the finding points at (or at the end of that line).',
  },
  check({ design, unusedSuppressions, report }) {
    for (const s of unusedSuppressions) {
      const at = { file: s.file ?? design.file, start: s.offset, end: s.end };
      if (s.problem === 'noRule') {
        report({ messageId: 'noRule', at });
      } else if (s.problem === 'noReason') {
        report({ messageId: 'noReason', at, data: { rules: s.ruleIds.join(', ') } });
      } else {
        for (const rule of s.ruleIds) {
          if (RULE_IDS.includes(rule)) report({ messageId: 'unused', at, data: { rule, line: s.targetLine } });
          else report({ messageId: 'unknownRule', at, data: { rule, suggestion: didYouMean(rule, RULE_IDS) || '.' } });
        }
      }
    }
  },
});
