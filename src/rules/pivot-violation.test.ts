import { runRuleTests } from '../testing/rule-tester.js';

runRuleTests('pivot-violation', {
  valid: ['valid-read-only-and-retriable-after-pivot.yaml'],
  invalid: [
    {
      file: 'invalid-after-the-pivot.yaml',
      findings: [
        { messageId: 'severalPivots', line: 23, column: 49, includes: ["second pivot, 'ship'", "the first is 'charge'"] },
        { messageId: 'notRetriable', line: 24, column: 55, includes: ["'voucher'", 'compensatable'] },
        { messageId: 'kindUnknown', line: 25, column: 9, severity: 'info', includes: ["'receipt'"] },
      ],
    },
  ],
});
