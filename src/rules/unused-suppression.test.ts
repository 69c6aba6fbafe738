import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('unused-suppression', {
  valid: ['valid-each-used.yaml'],
  invalid: [
    {
      file: 'invalid-stale-unknown-and-reasonless.yaml',
      findings: [
        { messageId: 'unused', line: 4, column: 3, endLine: 4, endColumn: 81, data: { rule: 'missing-outbox', line: 5 } },
        {
          messageId: 'unknownRule',
          line: 6,
          column: 3,
          endLine: 6,
          endColumn: 77,
          data: { rule: 'sync-dependancy', suggestion: " — did you mean 'sync-dependency'?" },
        },
        { messageId: 'noReason', line: 8, column: 14, endLine: 8, endColumn: 49, data: { rules: 'missing-outbox' } },
        { messageId: 'noRule', line: 9, column: 3, endLine: 9, endColumn: 40 },
      ],
    },
  ],
});
