import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unreachable-state', {
  valid: ['valid-reached-by-timeout.yaml'],
  invalid: [
    {
      file: 'invalid-two-islands.yaml',
      findings: [
        { messageId: 'unreachable', line: 19, column: 7, includes: ["'PayingOut'", "'Assessing'"] },
        { messageId: 'unreachable', line: 22, column: 7, includes: ["'Paid'"] },
      ],
    },
  ],
});
