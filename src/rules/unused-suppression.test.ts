import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unused-suppression', {
  valid: ['valid-each-used.yaml'],
  invalid: [
    {
      file: 'invalid-stale-unknown-and-reasonless.yaml',
      findings: [
        { messageId: 'unused', line: 4, column: 3, includes: ["'missing-outbox'", 'line 5'] },
        { messageId: 'unknownRule', line: 6, column: 3, includes: ["did you mean 'sync-dependency'?"] },
        { messageId: 'noReason', line: 8, column: 14 },
        { messageId: 'noRule', line: 9, column: 3 },
      ],
    },
  ],
});
